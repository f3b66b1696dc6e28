from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.cloud_type import CloudType
from ..models.enhance_type import EnhanceType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.order_image_in import OrderImageIn


T = TypeVar("T", bound="OrderHDRProcessIn")


@_attrs_define
class OrderHDRProcessIn:
    """Options of `process_order`; every field is optional."""

    ai_version: str | Unset = UNSET
    """ The AI model version: `MAJOR.MINOR` (`5.0`, `4.7` ... `3.0`), `MAJOR.x` for the newest
    minor of a major (`5.x`, `4.x`), or `dev`.
     """
    cloud_type: CloudType | None | Unset = UNSET
    """ The sky put in by sky replacement; null for none. """
    enhance: bool | Unset = True
    """ Enhance the images after grouping. """
    enhance_type: EnhanceType | Unset = UNSET
    """ The look of the enhancement. """
    images: list[OrderImageIn] | Unset = UNSET
    """ Explicit grouping of brackets into images; overrides `number_of_brackets_per_image`. """
    lens_correction: bool | Unset = True
    number_of_brackets_per_image: int | Unset = UNSET
    """ Brackets per image; absent or 0 groups automatically. """
    privacy: bool | None | Unset = UNSET
    """ Blur faces and licence plates. """
    sky_replacement: bool | Unset = UNSET
    upscale: bool | Unset = UNSET
    vertical_correction: bool | Unset = True
    window_pull: bool | None | Unset = UNSET
    """ Balance the view through windows with the room. """

    def to_dict(self) -> dict[str, Any]:
        ai_version = self.ai_version

        cloud_type: None | str | Unset
        if isinstance(self.cloud_type, Unset):
            cloud_type = UNSET
        elif isinstance(self.cloud_type, CloudType):
            cloud_type = self.cloud_type.value
        else:
            cloud_type = self.cloud_type

        enhance = self.enhance

        enhance_type: str | Unset = UNSET
        if not isinstance(self.enhance_type, Unset):
            enhance_type = self.enhance_type.value

        images: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.images, Unset):
            images = []
            for images_item_data in self.images:
                images_item = images_item_data.to_dict()
                images.append(images_item)

        lens_correction = self.lens_correction

        number_of_brackets_per_image = self.number_of_brackets_per_image

        privacy: bool | None | Unset
        if isinstance(self.privacy, Unset):
            privacy = UNSET
        else:
            privacy = self.privacy

        sky_replacement = self.sky_replacement

        upscale = self.upscale

        vertical_correction = self.vertical_correction

        window_pull: bool | None | Unset
        if isinstance(self.window_pull, Unset):
            window_pull = UNSET
        else:
            window_pull = self.window_pull

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if ai_version is not UNSET:
            field_dict["ai_version"] = ai_version
        if cloud_type is not UNSET:
            field_dict["cloud_type"] = cloud_type
        if enhance is not UNSET:
            field_dict["enhance"] = enhance
        if enhance_type is not UNSET:
            field_dict["enhance_type"] = enhance_type
        if images is not UNSET:
            field_dict["images"] = images
        if lens_correction is not UNSET:
            field_dict["lens_correction"] = lens_correction
        if number_of_brackets_per_image is not UNSET:
            field_dict["number_of_brackets_per_image"] = number_of_brackets_per_image
        if privacy is not UNSET:
            field_dict["privacy"] = privacy
        if sky_replacement is not UNSET:
            field_dict["sky_replacement"] = sky_replacement
        if upscale is not UNSET:
            field_dict["upscale"] = upscale
        if vertical_correction is not UNSET:
            field_dict["vertical_correction"] = vertical_correction
        if window_pull is not UNSET:
            field_dict["window_pull"] = window_pull

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.order_image_in import OrderImageIn  # noqa: PLC0415

        d = dict(src_dict)
        ai_version = d.pop("ai_version", UNSET)

        def _parse_cloud_type(data: object) -> CloudType | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cloud_type_type_0 = CloudType(data)

                return cloud_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CloudType | None | Unset, data)

        cloud_type = _parse_cloud_type(d.pop("cloud_type", UNSET))

        enhance = d.pop("enhance", UNSET)

        _enhance_type = d.pop("enhance_type", UNSET)
        enhance_type: EnhanceType | Unset
        if isinstance(_enhance_type, Unset):
            enhance_type = UNSET
        else:
            enhance_type = EnhanceType(_enhance_type)

        _images = d.pop("images", UNSET)
        images: list[OrderImageIn] | Unset = UNSET
        if _images is not UNSET:
            images = []
            for images_item_data in _images:
                images_item = OrderImageIn.from_dict(images_item_data)

                images.append(images_item)

        lens_correction = d.pop("lens_correction", UNSET)

        number_of_brackets_per_image = d.pop("number_of_brackets_per_image", UNSET)

        def _parse_privacy(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        privacy = _parse_privacy(d.pop("privacy", UNSET))

        sky_replacement = d.pop("sky_replacement", UNSET)

        upscale = d.pop("upscale", UNSET)

        vertical_correction = d.pop("vertical_correction", UNSET)

        def _parse_window_pull(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        window_pull = _parse_window_pull(d.pop("window_pull", UNSET))

        order_hdr_process_in = cls(
            ai_version=ai_version,
            cloud_type=cloud_type,
            enhance=enhance,
            enhance_type=enhance_type,
            images=images,
            lens_correction=lens_correction,
            number_of_brackets_per_image=number_of_brackets_per_image,
            privacy=privacy,
            sky_replacement=sky_replacement,
            upscale=upscale,
            vertical_correction=vertical_correction,
            window_pull=window_pull,
        )

        return order_hdr_process_in
