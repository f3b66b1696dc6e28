"""The Autoenhance.ai Orders API for Python services: sync and async, typed, safe to retry.

    from autoenhance_sdk import Autoenhance

    with Autoenhance() as client:            # key from AUTOENHANCE_API_KEY
        order = client.orders.create(name="12 Elm St")
        for o in client.orders.list():
            print(o.order_id, o.status)

The models returned are the generated ones of ``autoenhance_api``, re-exported here.
"""

from autoenhance_api.models import (
    BracketOut,
    CloudType,
    EnhanceType,
    ImageOut,
    ImageStatus,
    OrderBracketsOut,
    OrderImageIn,
    OrderOut,
    OrdersOut,
    OrderStatus,
    Pagination,
    SortImagesBy,
)

from ._async_client import AsyncAutoenhance
from ._async_orders import AsyncOrders, AsyncRawOrders
from ._client import Autoenhance
from ._constants import DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    AutoenhanceError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    InvalidInputError,
    MissingAPIKeyError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    WaitTimeoutError,
)
from ._orders import Orders, RawOrders
from ._pagination import AsyncOrderPager, OrderPager
from ._response import RawResponse
from ._types import NOT_GIVEN, NotGiven
from ._version import __version__

__all__ = [
    # clients
    "Autoenhance",
    "AsyncAutoenhance",
    "Orders",
    "AsyncOrders",
    "RawOrders",
    "AsyncRawOrders",
    "OrderPager",
    "AsyncOrderPager",
    "RawResponse",
    "NOT_GIVEN",
    "NotGiven",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "__version__",
    # errors
    "AutoenhanceError",
    "InvalidInputError",
    "MissingAPIKeyError",
    "WaitTimeoutError",
    "APIError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "APIStatusError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
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
]

# Tracebacks and reprs show autoenhance_sdk.X, not the private module it lives in.
for _name in __all__:
    _obj = globals()[_name]
    if getattr(_obj, "__module__", "").startswith("autoenhance_sdk."):
        _obj.__module__ = __name__
del _name, _obj
