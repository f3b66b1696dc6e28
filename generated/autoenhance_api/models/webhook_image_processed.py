from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookImageProcessed")


@_attrs_define
class WebhookImageProcessed:
    """Sent for each image that finishes (processed or error)."""

    event: Literal["image_processed"]
    image_id: str
    order_id: str
    error: bool
    """ The image ended in error. """
    order_is_processing: bool
    """ False once every image of the order is done. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        event = self.event

        image_id = self.image_id

        order_id = self.order_id

        error = self.error

        order_is_processing = self.order_is_processing

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "event": event,
                "image_id": image_id,
                "order_id": order_id,
                "error": error,
                "order_is_processing": order_is_processing,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        event = cast(Literal["image_processed"], d.pop("event"))
        if event != "image_processed":
            raise ValueError(f"event must match const 'image_processed', got '{event}'")

        image_id = d.pop("image_id")

        order_id = d.pop("order_id")

        error = d.pop("error")

        order_is_processing = d.pop("order_is_processing")

        webhook_image_processed = cls(
            event=event,
            image_id=image_id,
            order_id=order_id,
            error=error,
            order_is_processing=order_is_processing,
        )

        webhook_image_processed.additional_properties = d
        return webhook_image_processed

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
