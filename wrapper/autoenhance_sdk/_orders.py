"""``client.orders``: every operation, ``list`` pagination and ``wait`` (``_async_orders.py`` is written from it)."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from autoenhance_api.models import (
    CloudType,
    EnhanceType,
    OrderBracketsOut,
    OrderImageIn,
    OrderOut,
    OrdersOut,
    SortImagesBy,
)

from . import _requests as prepare
from ._base_client import CallOptions
from ._exceptions import WaitTimeoutError
from ._pagination import OrderPager
from ._response import RawResponse
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes
from ._wait import check_wait_args, is_finished, poll_delay

if TYPE_CHECKING:
    from ._client import Autoenhance

__all__ = ["Orders", "RawOrders"]

P = ParamSpec("P")
T = TypeVar("T")
MERGE_DEPRECATED = "merge is deprecated by the API; use orders.process() instead."


def parsed(method: Callable[Concatenate[Orders, P], RawResponse[T]]) -> Callable[Concatenate[Orders, P], T]:
    """The public method: the raw-response method, returning only the parsed model."""

    @functools.wraps(method)
    def call(self: Orders, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return method(self, *args, **kwargs).parsed

    return call


class Orders:
    """Orders of the client's account. Every method takes ``timeout``, ``max_retries`` and
    ``extra_headers`` to override the client's settings for that call only."""

    def __init__(self, client: Autoenhance) -> None:
        self._client = client
        self.with_raw_response = RawOrders(self)

    def _raw_create(
        self,
        *,
        name: str | None = None,
        order_id: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> RawResponse[OrderOut]:
        """Create an order; its id is generated here when not given, so retrying cannot duplicate it."""
        req = prepare.create(order_id, name, self._client.api_version)
        return self._client._request(req, CallOptions(timeout, max_retries, extra_headers))

    def _raw_retrieve(
        self,
        order_id: str,
        *,
        sort_images_by: str | SortImagesBy | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> RawResponse[OrderOut]:
        """One order with its images (works without an API key)."""
        req = prepare.retrieve(order_id, sort_images_by, self._client.api_version)
        return self._client._request(req, CallOptions(timeout, max_retries, extra_headers))

    def _raw_update(
        self,
        order_id: str,
        *,
        name: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> RawResponse[OrderOut]:
        """Rename an order (the only editable field); ``name=None`` changes nothing."""
        req = prepare.update(order_id, name, self._client.api_version)
        return self._client._request(req, CallOptions(timeout, max_retries, extra_headers))

    def _raw_delete(
        self,
        order_id: str,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> RawResponse[None]:
        """Delete an order. Afterwards it is 404 everywhere."""
        req = prepare.delete(order_id, self._client.api_version)
        return self._client._request(req, CallOptions(timeout, max_retries, extra_headers))

    def _raw_list_page(
        self,
        *,
        offset: str | None = None,
        per_page: int = 50,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> RawResponse[OrdersOut]:
        """One page of orders, newest first; pass ``pagination.next_offset`` back as ``offset``."""
        req = prepare.list_page(offset, per_page, self._client.api_version)
        return self._client._request(req, CallOptions(timeout, max_retries, extra_headers))

    def _raw_process(
        self,
        order_id: str,
        *,
        ai_version: str | None = None,
        cloud_type: str | CloudType | None = None,
        enhance: bool | None = None,
        enhance_type: str | EnhanceType | None = None,
        images: Sequence[Sequence[str] | OrderImageIn] | None = None,
        lens_correction: bool | None = None,
        number_of_brackets_per_image: int | None = None,
        privacy: bool | None = None,
        sky_replacement: bool | None = None,
        upscale: bool | None = None,
        vertical_correction: bool | None = None,
        window_pull: bool | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> RawResponse[OrderOut]:
        """Group the order's HDR brackets into images and enhance them.

        ``images`` groups brackets explicitly (a list of bracket-id lists); otherwise
        ``number_of_brackets_per_image`` (0 or None: automatic). Options left None take the API's
        defaults.
        """
        options = prepare.ProcessOptions.pick(locals())
        req = prepare.process(order_id, options, images, self._client.api_version)
        return self._client._request(req, CallOptions(timeout, max_retries, extra_headers))

    def _raw_merge(
        self,
        order_id: str,
        *,
        ai_version: str | None = None,
        cloud_type: str | CloudType | None = None,
        enhance: bool | None = None,
        enhance_type: str | EnhanceType | None = None,
        lens_correction: bool | None = None,
        number_of_brackets_per_image: int | None = None,
        privacy: bool | None = None,
        sky_replacement: bool | None = None,
        upscale: bool | None = None,
        vertical_correction: bool | None = None,
        window_pull: bool | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> RawResponse[OrderOut]:
        """Deprecated predecessor of ``process`` (automatic grouping only). Warns."""
        warnings.warn(MERGE_DEPRECATED, DeprecationWarning, stacklevel=3)
        options = prepare.ProcessOptions.pick(locals())
        req = prepare.merge(order_id, options, self._client.api_version)
        return self._client._request(req, CallOptions(timeout, max_retries, extra_headers))

    def _raw_brackets(
        self,
        order_id: str,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> RawResponse[OrderBracketsOut]:
        """The order's HDR brackets (works without an API key)."""
        req = prepare.brackets(order_id, self._client.api_version)
        return self._client._request(req, CallOptions(timeout, max_retries, extra_headers))

    create = parsed(_raw_create)
    retrieve = parsed(_raw_retrieve)
    update = parsed(_raw_update)
    delete = parsed(_raw_delete)
    list_page = parsed(_raw_list_page)
    process = parsed(_raw_process)
    merge = parsed(_raw_merge)
    brackets = parsed(_raw_brackets)

    def list(
        self,
        *,
        per_page: int = 50,
        offset: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> OrderPager:
        """Every order, newest first, fetched a page at a time as you iterate.

        ``for order in client.orders.list(): ...``, or ``.iter_pages()`` for the pages.
        """
        prepare.list_page(offset, per_page, None)  # check the arguments now, not at the first page

        def fetch(page_offset: str | None) -> OrdersOut:
            return self.list_page(
                offset=page_offset,
                per_page=per_page,
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
            )

        return OrderPager(fetch, offset)

    def wait(self, order_id: str, *, timeout: float = 600.0, poll_interval: float = 1.0) -> OrderOut:
        """Poll until the order is processed or failed (``status`` ``processed`` or ``error``).

        Waits ``poll_interval`` seconds, then 1.5 times longer after each poll (at most 15 s).
        Raises ``WaitTimeoutError`` (holding the last order seen) after ``timeout`` seconds.
        """
        limit, interval = check_wait_args(timeout, poll_interval)
        client = self._client
        deadline = client._clock() + limit
        polls = 0
        while True:
            order = self.retrieve(order_id)
            remaining = deadline - client._clock()
            if is_finished(order):
                return order
            if remaining <= 0:
                status = getattr(order.status, "value", order.status)  # 'processing', not <OrderStatus...>
                raise WaitTimeoutError(f"Order {order_id!r} still {status!r} after {limit:g} s.", order)
            client._sleep(poll_delay(interval, polls, remaining))
            polls += 1


class RawOrders:
    """``client.orders.with_raw_response``: the same calls, returning ``RawResponse`` (status,
    headers, request id and the parsed model)."""

    def __init__(self, orders: Orders) -> None:
        self.create = orders._raw_create
        self.retrieve = orders._raw_retrieve
        self.update = orders._raw_update
        self.delete = orders._raw_delete
        self.list_page = orders._raw_list_page
        self.process = orders._raw_process
        self.merge = orders._raw_merge
        self.brackets = orders._raw_brackets
