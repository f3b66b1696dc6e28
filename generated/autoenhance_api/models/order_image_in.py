from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="OrderImageIn")


@_attrs_define
class OrderImageIn:
    """One image to build from the listed brackets (explicit grouping)."""

    bracket_ids: list[str]
    """ The ids of the brackets that make up the image. """

    def to_dict(self) -> dict[str, Any]:
        bracket_ids = self.bracket_ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "bracket_ids": bracket_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bracket_ids = cast(list[str], d.pop("bracket_ids"))

        order_image_in = cls(
            bracket_ids=bracket_ids,
        )

        return order_image_in
