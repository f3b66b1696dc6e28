from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.order_status import OrderStatus

if TYPE_CHECKING:
    from ..models.image_out import ImageOut


T = TypeVar("T", bound="OrderOut")


@_attrs_define
class OrderOut:
    """An order and its images."""

    order_id: str
    """ The order's id. """
    name: None | str
    """ The order's name; null when none was given. """
    created_at: datetime.datetime
    last_updated_at: datetime.datetime
    images: list[ImageOut]
    status: None | OrderStatus | str
    """ The order's state: `waiting` until images are added, `processing` while brackets
    are grouped and images enhanced, then `processed` or `error`. The provider loosened
    this field in 2025; it may be null, and new values may appear.
     """
    is_processing: bool
    is_merging: bool
    is_deleted: bool
    total_images: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        name: None | str
        name = self.name

        created_at = self.created_at.isoformat()

        last_updated_at = self.last_updated_at.isoformat()

        images = []
        for images_item_data in self.images:
            images_item = images_item_data.to_dict()
            images.append(images_item)

        status: None | str
        if isinstance(self.status, OrderStatus):
            status = self.status.value
        else:
            status = self.status

        is_processing = self.is_processing

        is_merging = self.is_merging

        is_deleted = self.is_deleted

        total_images = self.total_images

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "name": name,
                "created_at": created_at,
                "last_updated_at": last_updated_at,
                "images": images,
                "status": status,
                "is_processing": is_processing,
                "is_merging": is_merging,
                "is_deleted": is_deleted,
                "total_images": total_images,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_out import ImageOut  # noqa: PLC0415

        d = dict(src_dict)
        order_id = d.pop("order_id")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        last_updated_at = datetime.datetime.fromisoformat(d.pop("last_updated_at"))

        images = []
        _images = d.pop("images")
        for images_item_data in _images:
            images_item = ImageOut.from_dict(images_item_data)

            images.append(images_item)

        def _parse_status(data: object) -> None | OrderStatus | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = OrderStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OrderStatus | str, data)

        status = _parse_status(d.pop("status"))

        is_processing = d.pop("is_processing")

        is_merging = d.pop("is_merging")

        is_deleted = d.pop("is_deleted")

        total_images = d.pop("total_images")

        order_out = cls(
            order_id=order_id,
            name=name,
            created_at=created_at,
            last_updated_at=last_updated_at,
            images=images,
            status=status,
            is_processing=is_processing,
            is_merging=is_merging,
            is_deleted=is_deleted,
            total_images=total_images,
        )

        order_out.additional_properties = d
        return order_out

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
