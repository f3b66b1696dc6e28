"""Contains all the data models used in inputs/outputs"""

from .bracket_out import BracketOut
from .bracket_out_metadata import BracketOutMetadata
from .cloud_type import CloudType
from .enhance_type import EnhanceType
from .http_error import HTTPError
from .http_error_detail import HTTPErrorDetail
from .image_out import ImageOut
from .image_out_finetune_settings_type_0 import ImageOutFinetuneSettingsType0
from .image_out_metadata import ImageOutMetadata
from .image_status import ImageStatus
from .order_brackets_out import OrderBracketsOut
from .order_hdr_merge import OrderHDRMerge
from .order_hdr_process_in import OrderHDRProcessIn
from .order_image_in import OrderImageIn
from .order_in import OrderIn
from .order_out import OrderOut
from .order_status import OrderStatus
from .orders_out import OrdersOut
from .pagination import Pagination
from .sort_images_by import SortImagesBy
from .validation_error import ValidationError
from .validation_error_detail import ValidationErrorDetail
from .validation_error_detail_additional_property import (
    ValidationErrorDetailAdditionalProperty,
)

__all__ = (
    "BracketOut",
    "BracketOutMetadata",
    "CloudType",
    "EnhanceType",
    "HTTPError",
    "HTTPErrorDetail",
    "ImageOut",
    "ImageOutFinetuneSettingsType0",
    "ImageOutMetadata",
    "ImageStatus",
    "OrderBracketsOut",
    "OrderHDRMerge",
    "OrderHDRProcessIn",
    "OrderImageIn",
    "OrderIn",
    "OrderOut",
    "OrdersOut",
    "OrderStatus",
    "Pagination",
    "SortImagesBy",
    "ValidationError",
    "ValidationErrorDetail",
    "ValidationErrorDetailAdditionalProperty",
)
