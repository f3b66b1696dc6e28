"""``AsyncAutoenhance().orders``: every Orders operation, ``list`` pagination and ``wait``.

This is the hand-written source: ``_orders.py`` (the sync ``Autoenhance().orders``) is written
from it by ``scripts/unasync.py``, and ``_raw.py`` holds the ``with_raw_response`` views derived
from its public methods. Each operation is one method: check the arguments, build the request
through ``_generated``, let the client send it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from autoenhance_api.models import (
    CloudType,
    EnhanceType,
    OrderBracketsOut,
    OrderHDRMerge,
    OrderHDRProcessIn,
    OrderIn,
    OrderOut,
    OrdersOut,
    SortImagesBy,
)
from autoenhance_api.types import UNSET

from ._async_order_batches import AsyncOrderBatches
from ._base_client import CallOptions
from ._deprecation import deprecated
from ._exceptions import APIError, OrderNotStartedError, WaitTimeoutError
from ._generated import endpoint
from ._ids import check_enum, check_int, check_order_id, check_str
from ._pagination import AsyncOrderPager
from ._raw import AsyncRawOrders
from ._requests import BracketGroup, Prepared, ProcessOptions, Recoverable, bracket_groups
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes
from ._wait import (
    check_wait_args,
    is_finished,
    never_started,
    poll_delay,
    poll_timeout_for,
    status_text,
    worth_polling_again,
)

if TYPE_CHECKING:
    from ._async_client import AsyncAutoenhance

__all__ = ["AsyncOrders"]

MERGE_DEPRECATED = "merge is deprecated by the API; use orders.process() instead."


def _page(offset: str | None, per_page: int) -> dict[str, object]:
    """The checked query of one page of ``list_orders``."""
    return {
        "offset": UNSET if offset is None else check_str(offset, "offset", 512, min_length=1),
        "per_page": check_int(per_page, "per_page", 1),
    }


class AsyncOrders(AsyncOrderBatches):
    """Orders of the client's account. Every method takes ``timeout``, ``max_retries`` and
    ``extra_headers`` to override the client's settings for that call only."""

    def __init__(self, client: AsyncAutoenhance) -> None:
        self._client = client
        self.with_raw_response = AsyncRawOrders(self)

    async def create(
        self,
        *,
        name: str | None = None,
        order_id: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> OrderOut:
        """Create an order; its id is generated here when not given, so retrying cannot duplicate it."""
        # An id chosen here, not by the server, makes the create safe to retry: a repeat of the same
        # request can only meet its own order (409), never make a second one.
        chosen = str(uuid.uuid4()) if order_id is None else check_order_id(order_id)
        body = OrderIn(order_id=chosen, name=UNSET if name is None else check_str(name, "name", 255))
        call = Prepared(endpoint("create_order", body=body), OrderOut, recover=Recoverable(chosen, name))
        return await self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    async def retrieve(
        self,
        order_id: str,
        *,
        sort_images_by: str | SortImagesBy | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> OrderOut:
        """One order with its images (works without an API key)."""
        sort = UNSET if sort_images_by is None else check_enum(SortImagesBy, sort_images_by, "sort_images_by")
        request = endpoint("retrieve_order", check_order_id(order_id), sort_images_by=sort)
        call = Prepared(request, OrderOut, needs_key=False)
        return await self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    async def update(
        self,
        order_id: str,
        *,
        name: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> OrderOut:
        """Rename an order (the only editable field); ``name=None`` changes nothing."""
        body = OrderIn(name=UNSET if name is None else check_str(name, "name", 255))
        call = Prepared(endpoint("update_order", check_order_id(order_id), body=body), OrderOut)
        return await self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    async def delete(
        self,
        order_id: str,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        """Delete an order. Afterwards it is 404 everywhere."""
        call = Prepared[None](endpoint("delete_order", check_order_id(order_id)), None, gone_ok=True)
        return await self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    async def list_page(
        self,
        *,
        offset: str | None = None,
        per_page: int = 50,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> OrdersOut:
        """One page of orders, newest first; pass ``pagination.next_offset`` back as ``offset``."""
        request = endpoint("list_orders", **_page(offset, per_page))
        return await self._client._request(
            Prepared(request, OrdersOut), CallOptions(timeout, max_retries, extra_headers)
        )

    async def process(
        self,
        order_id: str,
        *,
        ai_version: str | None = None,
        cloud_type: str | CloudType | None = None,
        enhance: bool | None = None,
        enhance_type: str | EnhanceType | None = None,
        images: Sequence[BracketGroup] | None = None,
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
    ) -> OrderOut:
        """Group the order's HDR brackets into images and enhance them.

        ``images`` groups brackets explicitly, one entry per image: a list of its bracket ids
        (``[["b1", "b2", "b3"]]``), or the API's own shape (``[{"bracket_ids": ["b1", "b2", "b3"]}]``,
        exactly that key), or an ``OrderImageIn``; otherwise ``number_of_brackets_per_image`` (0 or
        None: automatic). Options left None take the API's defaults.
        """
        options = ProcessOptions.pick(locals()).checked()
        body = OrderHDRProcessIn(images=UNSET if images is None else bracket_groups(images), **options)
        call = Prepared(endpoint("process_order", check_order_id(order_id), body=body), OrderOut)
        return await self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    @deprecated(MERGE_DEPRECATED)
    async def merge(
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
    ) -> OrderOut:
        """Deprecated predecessor of ``process`` (automatic grouping only). Warns."""
        body = OrderHDRMerge(**ProcessOptions.pick(locals()).checked())
        call = Prepared(endpoint("merge_order", check_order_id(order_id), body=body), OrderOut)
        return await self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    async def brackets(
        self,
        order_id: str,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> OrderBracketsOut:
        """The order's HDR brackets (works without an API key)."""
        call = Prepared(endpoint("list_order_brackets", check_order_id(order_id)), OrderBracketsOut, needs_key=False)
        return await self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    def list(
        self,
        *,
        per_page: int = 50,
        offset: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> AsyncOrderPager:
        """Every order, newest first, fetched a page at a time as you iterate.

        ``async for order in client.orders.list(): ...``, or ``.iter_pages()`` for the pages.
        """
        _page(offset, per_page)  # check the arguments now, not at the first page

        async def fetch(page_offset: str | None) -> OrdersOut:
            return await self.list_page(
                offset=page_offset,
                per_page=per_page,
                timeout=timeout,
                max_retries=max_retries,
                extra_headers=extra_headers,
            )

        return AsyncOrderPager(fetch, offset)

    async def wait(self, order_id: str, *, timeout: float = 600.0, poll_interval: float = 1.0) -> OrderOut:
        """Poll until the order is processed or failed (``status`` ``processed`` or ``error``).

        Waits ``poll_interval`` seconds, then 1.5 times longer after each poll (at most 15 s).
        Raises ``OrderNotStartedError`` at once for an order that was never processed (``waiting``,
        nothing in flight: nothing would ever finish), and ``WaitTimeoutError`` (holding the last
        order seen) after ``timeout`` seconds. A poll that fails as a retry would (connection,
        timeout, 408, 429, 5xx) is polled again until the deadline, then its error is raised.
        """
        limit, interval = check_wait_args(timeout, poll_interval)
        client = self._client
        deadline = client._clock() + limit
        polls = 0
        while True:
            # The wait is the retry loop, bounded by its deadline: each poll is one attempt whose
            # timeout is what is left (at least a second); a failed poll is polled again.
            poll_timeout = poll_timeout_for(deadline - client._clock(), client.timeout)
            try:
                order = await self.retrieve(order_id, timeout=poll_timeout, max_retries=0)
            except APIError as error:
                remaining = deadline - client._clock()
                if not worth_polling_again(error) or remaining <= 0:
                    raise
                await client._sleep(poll_delay(interval, polls, remaining, getattr(error, "retry_after", None)))
                polls += 1
                continue
            remaining = deadline - client._clock()
            if is_finished(order):
                return order
            if never_started(order):
                raise OrderNotStartedError(
                    f"Order {order_id!r} is 'waiting' with nothing in flight: it was never processed, "
                    "so there is nothing to wait for. Call orders.process() first.",
                    order,
                )
            if remaining <= 0:
                raise WaitTimeoutError(f"Order {order_id!r} still {status_text(order)!r} after {limit:g} s.", order)
            await client._sleep(poll_delay(interval, polls, remaining))
            polls += 1
