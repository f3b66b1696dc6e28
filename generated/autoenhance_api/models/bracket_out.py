from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.bracket_out_metadata import BracketOutMetadata


T = TypeVar("T", bound="BracketOut")


@_attrs_define
class BracketOut:
    """One uploaded (or announced) HDR bracket."""

    bracket_id: str
    name: str
    """ The uploaded file's name. """
    is_uploaded: bool
    """ False until the file's bytes have arrived. """
    metadata: BracketOutMetadata
    """ Camera metadata read from the file (exposure, etc.). """
    order_id: str
    image_id: None | str | Unset = UNSET
    """ The image the bracket was grouped into; null until process_order groups it. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        bracket_id = self.bracket_id

        name = self.name

        is_uploaded = self.is_uploaded

        metadata = self.metadata.to_dict()

        order_id = self.order_id

        image_id: None | str | Unset
        if isinstance(self.image_id, Unset):
            image_id = UNSET
        else:
            image_id = self.image_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bracket_id": bracket_id,
                "name": name,
                "is_uploaded": is_uploaded,
                "metadata": metadata,
                "order_id": order_id,
            }
        )
        if image_id is not UNSET:
            field_dict["image_id"] = image_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bracket_out_metadata import BracketOutMetadata  # noqa: PLC0415

        d = dict(src_dict)
        bracket_id = d.pop("bracket_id")

        name = d.pop("name")

        is_uploaded = d.pop("is_uploaded")

        metadata = BracketOutMetadata.from_dict(d.pop("metadata"))

        order_id = d.pop("order_id")

        def _parse_image_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        image_id = _parse_image_id(d.pop("image_id", UNSET))

        bracket_out = cls(
            bracket_id=bracket_id,
            name=name,
            is_uploaded=is_uploaded,
            metadata=metadata,
            order_id=order_id,
            image_id=image_id,
        )

        bracket_out.additional_properties = d
        return bracket_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
