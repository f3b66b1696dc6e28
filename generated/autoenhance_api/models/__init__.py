"""Contains all the data models used in inputs/outputs"""

from .bracket_created_out import BracketCreatedOut
from .bracket_created_out_metadata import BracketCreatedOutMetadata
from .bracket_in import BracketIn
from .bracket_in_metadata import BracketInMetadata
from .bracket_out import BracketOut
from .bracket_out_metadata import BracketOutMetadata
from .cloud_type import CloudType
from .enhance_type import EnhanceType
from .http_error import HTTPError
from .http_error_detail import HTTPErrorDetail
from .image_ai_version import ImageAiVersion
from .image_created_out import ImageCreatedOut
from .image_format import ImageFormat
from .image_in import ImageIn
from .image_in_finetune_settings_type_0 import ImageInFinetuneSettingsType0
from .image_in_metadata import ImageInMetadata
from .image_in_update import ImageInUpdate
from .image_in_update_finetune_settings_type_0 import ImageInUpdateFinetuneSettingsType0
from .image_in_update_metadata import ImageInUpdateMetadata
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
from .report_category import ReportCategory
from .report_in import ReportIn
from .report_in_source import ReportInSource
from .report_out import ReportOut
from .sort_images_by import SortImagesBy
from .validation_error import ValidationError
from .validation_error_detail import ValidationErrorDetail
from .validation_error_detail_additional_property import (
    ValidationErrorDetailAdditionalProperty,
)
from .webhook_image_processed import WebhookImageProcessed
from .webhook_updated import WebhookUpdated

__all__ = (
    "BracketCreatedOut",
    "BracketCreatedOutMetadata",
    "BracketIn",
    "BracketInMetadata",
    "BracketOut",
    "BracketOutMetadata",
    "CloudType",
    "EnhanceType",
    "HTTPError",
    "HTTPErrorDetail",
    "ImageAiVersion",
    "ImageCreatedOut",
    "ImageFormat",
    "ImageIn",
    "ImageInFinetuneSettingsType0",
    "ImageInMetadata",
    "ImageInUpdate",
    "ImageInUpdateFinetuneSettingsType0",
    "ImageInUpdateMetadata",
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
    "ReportCategory",
    "ReportIn",
    "ReportInSource",
    "ReportOut",
    "SortImagesBy",
    "ValidationError",
    "ValidationErrorDetail",
    "ValidationErrorDetailAdditionalProperty",
    "WebhookImageProcessed",
    "WebhookUpdated",
)
