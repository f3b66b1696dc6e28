from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cloud_type import CloudType
from ..models.enhance_type import EnhanceType
from ..models.image_status import ImageStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.image_out_finetune_settings_type_0 import (
        ImageOutFinetuneSettingsType0,
    )
    from ..models.image_out_metadata import ImageOutMetadata


T = TypeVar("T", bound="ImageCreatedOut")


@_attrs_define
class ImageCreatedOut:
    """The new image (as `ImageOut`) and the URL to `PUT` its bytes to. The key of the URL
    depends on the API version: `upload_url` for 2025-05-08 (this file) and newer, or when no
    `x-api-version` is sent; `s3PutObjectUrl` for older versions.

    """

    image_id: str
    image_name: str
    order_id: str
    status: ImageStatus | None | str
    """ The image's state; may be null, and new values may appear. """
    user_id: str | Unset = UNSET
    status_reason: None | str | Unset = UNSET
    """ Why the image is in its state, mostly set on `error`. """
    date_added: int | Unset = UNSET
    """ When the image was added, in milliseconds since the Unix epoch. """
    downloaded: bool | Unset = UNSET
    rating: int | Unset = UNSET
    scene: str | Unset = UNSET
    """ The detected scene, such as `interior` or `exterior`. """
    metadata: ImageOutMetadata | Unset = UNSET
    finetune_settings: ImageOutFinetuneSettingsType0 | None | Unset = UNSET
    ai_version: str | Unset = UNSET
    """ The AI version used, such as `5.x`; new values appear over time. """
    cloud_type: CloudType | str | Unset = UNSET
    enhance: bool | Unset = UNSET
    enhance_type: EnhanceType | str | Unset = UNSET
    lens_correction: bool | Unset = UNSET
    privacy: bool | Unset = UNSET
    sky_replacement: bool | Unset = UNSET
    upscale: bool | Unset = UNSET
    vertical_correction: bool | Unset = UNSET
    window_pull: bool | Unset = UNSET
    upload_url: str | Unset = UNSET
    """ Presigned URL; PUT the raw bytes with Content-Type application/octet-stream. """
    s_3_put_object_url: str | Unset = UNSET
    """ The same URL under its pre-2025-05-08 name, signed for the declared content_type. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.image_out_finetune_settings_type_0 import (
            ImageOutFinetuneSettingsType0,  # noqa: PLC0415
        )

        image_id = self.image_id

        image_name = self.image_name

        order_id = self.order_id

        status: None | str
        if isinstance(self.status, ImageStatus):
            status = self.status.value
        else:
            status = self.status

        user_id = self.user_id

        status_reason: None | str | Unset
        if isinstance(self.status_reason, Unset):
            status_reason = UNSET
        else:
            status_reason = self.status_reason

        date_added = self.date_added

        downloaded = self.downloaded

        rating = self.rating

        scene = self.scene

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        finetune_settings: dict[str, Any] | None | Unset
        if isinstance(self.finetune_settings, Unset):
            finetune_settings = UNSET
        elif isinstance(self.finetune_settings, ImageOutFinetuneSettingsType0):
            finetune_settings = self.finetune_settings.to_dict()
        else:
            finetune_settings = self.finetune_settings

        ai_version = self.ai_version

        cloud_type: str | Unset
        if isinstance(self.cloud_type, Unset):
            cloud_type = UNSET
        elif isinstance(self.cloud_type, CloudType):
            cloud_type = self.cloud_type.value
        else:
            cloud_type = self.cloud_type

        enhance = self.enhance

        enhance_type: str | Unset
        if isinstance(self.enhance_type, Unset):
            enhance_type = UNSET
        elif isinstance(self.enhance_type, EnhanceType):
            enhance_type = self.enhance_type.value
        else:
            enhance_type = self.enhance_type

        lens_correction = self.lens_correction

        privacy = self.privacy

        sky_replacement = self.sky_replacement

        upscale = self.upscale

        vertical_correction = self.vertical_correction

        window_pull = self.window_pull

        upload_url = self.upload_url

        s_3_put_object_url = self.s_3_put_object_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "image_id": image_id,
                "image_name": image_name,
                "order_id": order_id,
                "status": status,
            }
        )
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if status_reason is not UNSET:
            field_dict["status_reason"] = status_reason
        if date_added is not UNSET:
            field_dict["date_added"] = date_added
        if downloaded is not UNSET:
            field_dict["downloaded"] = downloaded
        if rating is not UNSET:
            field_dict["rating"] = rating
        if scene is not UNSET:
            field_dict["scene"] = scene
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if finetune_settings is not UNSET:
            field_dict["finetune_settings"] = finetune_settings
        if ai_version is not UNSET:
            field_dict["ai_version"] = ai_version
        if cloud_type is not UNSET:
            field_dict["cloud_type"] = cloud_type
        if enhance is not UNSET:
            field_dict["enhance"] = enhance
        if enhance_type is not UNSET:
            field_dict["enhance_type"] = enhance_type
        if lens_correction is not UNSET:
            field_dict["lens_correction"] = lens_correction
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
        if upload_url is not UNSET:
            field_dict["upload_url"] = upload_url
        if s_3_put_object_url is not UNSET:
            field_dict["s3PutObjectUrl"] = s_3_put_object_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.image_out_finetune_settings_type_0 import (
            ImageOutFinetuneSettingsType0,  # noqa: PLC0415
        )
        from ..models.image_out_metadata import ImageOutMetadata  # noqa: PLC0415

        d = dict(src_dict)
        image_id = d.pop("image_id")

        image_name = d.pop("image_name")

        order_id = d.pop("order_id")

        def _parse_status(data: object) -> ImageStatus | None | str:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = ImageStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImageStatus | None | str, data)

        status = _parse_status(d.pop("status"))

        user_id = d.pop("user_id", UNSET)

        def _parse_status_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        status_reason = _parse_status_reason(d.pop("status_reason", UNSET))

        date_added = d.pop("date_added", UNSET)

        downloaded = d.pop("downloaded", UNSET)

        rating = d.pop("rating", UNSET)

        scene = d.pop("scene", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: ImageOutMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = ImageOutMetadata.from_dict(_metadata)

        def _parse_finetune_settings(
            data: object,
        ) -> ImageOutFinetuneSettingsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                finetune_settings_type_0 = ImageOutFinetuneSettingsType0.from_dict(data)

                return finetune_settings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImageOutFinetuneSettingsType0 | None | Unset, data)

        finetune_settings = _parse_finetune_settings(d.pop("finetune_settings", UNSET))

        ai_version = d.pop("ai_version", UNSET)

        def _parse_cloud_type(data: object) -> CloudType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cloud_type_type_0 = CloudType(data)

                return cloud_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CloudType | str | Unset, data)

        cloud_type = _parse_cloud_type(d.pop("cloud_type", UNSET))

        enhance = d.pop("enhance", UNSET)

        def _parse_enhance_type(data: object) -> EnhanceType | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                enhance_type_type_0 = EnhanceType(data)

                return enhance_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EnhanceType | str | Unset, data)

        enhance_type = _parse_enhance_type(d.pop("enhance_type", UNSET))

        lens_correction = d.pop("lens_correction", UNSET)

        privacy = d.pop("privacy", UNSET)

        sky_replacement = d.pop("sky_replacement", UNSET)

        upscale = d.pop("upscale", UNSET)

        vertical_correction = d.pop("vertical_correction", UNSET)

        window_pull = d.pop("window_pull", UNSET)

        upload_url = d.pop("upload_url", UNSET)

        s_3_put_object_url = d.pop("s3PutObjectUrl", UNSET)

        image_created_out = cls(
            image_id=image_id,
            image_name=image_name,
            order_id=order_id,
            status=status,
            user_id=user_id,
            status_reason=status_reason,
            date_added=date_added,
            downloaded=downloaded,
            rating=rating,
            scene=scene,
            metadata=metadata,
            finetune_settings=finetune_settings,
            ai_version=ai_version,
            cloud_type=cloud_type,
            enhance=enhance,
            enhance_type=enhance_type,
            lens_correction=lens_correction,
            privacy=privacy,
            sky_replacement=sky_replacement,
            upscale=upscale,
            vertical_correction=vertical_correction,
            window_pull=window_pull,
            upload_url=upload_url,
            s_3_put_object_url=s_3_put_object_url,
        )

        image_created_out.additional_properties = d
        return image_created_out

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
