from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.report_category import ReportCategory
from ..models.report_in_source import ReportInSource
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReportIn")


@_attrs_define
class ReportIn:
    """Feedback on an image's enhancement."""

    categories: list[ReportCategory]
    comment: str | Unset = UNSET
    score: int | Unset = UNSET
    source: ReportInSource | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        categories = []
        for categories_item_data in self.categories:
            categories_item = categories_item_data.value
            categories.append(categories_item)

        comment = self.comment

        score = self.score

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "categories": categories,
            }
        )
        if comment is not UNSET:
            field_dict["comment"] = comment
        if score is not UNSET:
            field_dict["score"] = score
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        categories = []
        _categories = d.pop("categories")
        for categories_item_data in _categories:
            categories_item = ReportCategory(categories_item_data)

            categories.append(categories_item)

        comment = d.pop("comment", UNSET)

        score = d.pop("score", UNSET)

        _source = d.pop("source", UNSET)
        source: ReportInSource | Unset
        if isinstance(_source, Unset):
            source = UNSET
        else:
            source = ReportInSource(_source)

        report_in = cls(
            categories=categories,
            comment=comment,
            score=score,
            source=source,
        )

        return report_in
