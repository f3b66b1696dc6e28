"""Lazy auto-pagination over ``list_orders``: iterate orders, or pages with their pagination data.

Each page is fetched only when the previous one is used up, so walking 100,000 orders holds one
page in memory at a time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

from autoenhance_api.models import OrderOut, OrdersOut

__all__ = ["AsyncOrderPager", "OrderPager"]

FetchPage = Callable[[str | None], OrdersOut]
AsyncFetchPage = Callable[[str | None], Awaitable[OrdersOut]]


def _next_offset(page: OrdersOut) -> str | None:
    """Where the next page starts; None ends the walk, as does a page read without its
    ``pagination`` (tolerant reading has already warned about it: nothing says where to go on)."""
    pagination = page.pagination
    return None if pagination is None else pagination.next_offset


class OrderPager:
    """``for order in client.orders.list(): ...`` walks every order, newest first."""

    def __init__(self, fetch: FetchPage, offset: str | None) -> None:
        self._fetch = fetch
        self._offset = offset

    def iter_pages(self) -> Iterator[OrdersOut]:
        """Each page (``.orders``, ``.pagination``) in turn, starting at the given offset."""
        offset = self._offset
        while True:
            page = self._fetch(offset)
            yield page
            offset = _next_offset(page)
            if not offset:
                return

    def __iter__(self) -> Iterator[OrderOut]:
        for page in self.iter_pages():
            yield from page.orders or ()


class AsyncOrderPager:
    """``async for order in client.orders.list(): ...`` walks every order, newest first."""

    def __init__(self, fetch: AsyncFetchPage, offset: str | None) -> None:
        self._fetch = fetch
        self._offset = offset

    async def iter_pages(self) -> AsyncIterator[OrdersOut]:
        """Each page (``.orders``, ``.pagination``) in turn, starting at the given offset."""
        offset = self._offset
        while True:
            page = await self._fetch(offset)
            yield page
            offset = _next_offset(page)
            if not offset:
                return

    async def __aiter__(self) -> AsyncIterator[OrderOut]:
        async for page in self.iter_pages():
            for order in page.orders or ():
                yield order
