"""The Autoenhance.ai API for Python services: sync and async, typed, safe to retry.

    from autoenhance_sdk import Autoenhance

    with Autoenhance() as client:            # key from AUTOENHANCE_API_KEY
        order = client.orders.create(name="12 Elm St")
        image = client.images.create(image_name="living-room", order_id=order.order_id)
        for o in client.orders.list():
            print(o.order_id, o.status)

The models returned are the generated ones of ``autoenhance_api``, re-exported here. The async
client loads on first use (``AsyncAutoenhance``), so a sync service never imports it or aiohttp.
"""

import importlib
from typing import TYPE_CHECKING, Any

from autoenhance_api.models import (
    BracketCreatedOut,
    BracketOut,
    CloudType,
    EnhanceType,
    ImageAiVersion,
    ImageCreatedOut,
    ImageFormat,
    ImageOut,
    ImageStatus,
    OrderBracketsOut,
    OrderImageIn,
    OrderOut,
    OrdersOut,
    OrderStatus,
    Pagination,
    ReportCategory,
    ReportInSource,
    ReportOut,
    SortImagesBy,
)

from ._brackets import Brackets
from ._client import Autoenhance
from ._constants import DEFAULT_API_VERSION, DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AssetURLError,
    AuthenticationError,
    AutoenhanceError,
    BadRequestError,
    BatchError,
    ConflictError,
    ImageNotReadyError,
    InternalServerError,
    InvalidInputError,
    MissingAPIKeyError,
    NotFoundError,
    OrderNotStartedError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    UploadError,
    UploadExpiredError,
    UploadSignatureError,
    WaitTimeoutError,
    WebhookVerificationError,
)
from ._images import Images
from ._orders import Orders
from ._pagination import AsyncOrderPager, OrderPager
from ._paths import Downloaded
from ._progress import Progress
from ._raw import AsyncRawBrackets, AsyncRawImages, AsyncRawOrders, RawBrackets, RawImages, RawOrders
from ._response import RawResponse
from ._types import NO_API_VERSION, NOT_GIVEN, NoAPIVersion, NotGiven
from ._version import __version__

if TYPE_CHECKING:
    from ._async_brackets import AsyncBrackets
    from ._async_client import AsyncAutoenhance
    from ._async_images import AsyncImages
    from ._async_orders import AsyncOrders

__all__ = [
    # clients
    "Autoenhance",
    "AsyncAutoenhance",
    "Orders",
    "AsyncOrders",
    "Images",
    "AsyncImages",
    "Brackets",
    "AsyncBrackets",
    "RawOrders",
    "AsyncRawOrders",
    "RawImages",
    "AsyncRawImages",
    "RawBrackets",
    "AsyncRawBrackets",
    "OrderPager",
    "AsyncOrderPager",
    "RawResponse",
    "Downloaded",
    "Progress",
    "NOT_GIVEN",
    "NotGiven",
    "NO_API_VERSION",
    "NoAPIVersion",
    "DEFAULT_API_VERSION",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "__version__",
    # errors
    "AutoenhanceError",
    "InvalidInputError",
    "MissingAPIKeyError",
    "WaitTimeoutError",
    "OrderNotStartedError",
    "BatchError",
    "ImageNotReadyError",
    "WebhookVerificationError",
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "AssetURLError",
    "UploadError",
    "UploadSignatureError",
    "UploadExpiredError",
    # models (generated)
    "OrderOut",
    "OrdersOut",
    "Pagination",
    "ImageOut",
    "BracketOut",
    "OrderBracketsOut",
    "OrderImageIn",
    "OrderStatus",
    "ImageStatus",
    "EnhanceType",
    "CloudType",
    "SortImagesBy",
    "ImageCreatedOut",
    "BracketCreatedOut",
    "ReportOut",
    "ImageAiVersion",
    "ImageFormat",
    "ReportCategory",
    "ReportInSource",
]

_LAZY = {
    "AsyncAutoenhance": "._async_client",
    "AsyncOrders": "._async_orders",
    "AsyncImages": "._async_images",
    "AsyncBrackets": "._async_brackets",
}


def _public(obj: Any) -> Any:
    """Tracebacks and reprs show autoenhance_sdk.X, not the private module it lives in."""
    if getattr(obj, "__module__", "").startswith("autoenhance_sdk."):
        obj.__module__ = __name__
    return obj


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = globals()[name] = _public(getattr(importlib.import_module(_LAZY[name], __name__), name))
    return value


def __dir__() -> list[str]:  # the public names, the lazy ones included; not this module's own imports
    return sorted(set(__all__) | {name for name in globals() if name.startswith("_")})


for _name in __all__:
    if _name not in _LAZY:
        _public(globals()[_name])
del _name
