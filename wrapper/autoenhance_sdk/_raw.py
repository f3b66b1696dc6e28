"""The ``with_raw_response`` views of every resource, written by scripts/unasync.py.

Do not edit: each line wraps a public method of an ``_async_x.py`` source (or of its sync twin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._response import async_to_raw_response_wrapper, to_raw_response_wrapper

if TYPE_CHECKING:
    from ._async_orders import AsyncOrders
    from ._orders import Orders

__all__ = ["AsyncRawOrders", "RawOrders"]


class AsyncRawOrders:
    """``client.orders.with_raw_response``: the same calls, each returning a ``RawResponse``
    (status, headers, request id, attempts and the parsed model)."""

    def __init__(self, orders: AsyncOrders) -> None:
        self.create = async_to_raw_response_wrapper(orders.create)
        self.retrieve = async_to_raw_response_wrapper(orders.retrieve)
        self.update = async_to_raw_response_wrapper(orders.update)
        self.delete = async_to_raw_response_wrapper(orders.delete)
        self.list_page = async_to_raw_response_wrapper(orders.list_page)
        self.process = async_to_raw_response_wrapper(orders.process)
        self.merge = async_to_raw_response_wrapper(orders.merge)
        self.brackets = async_to_raw_response_wrapper(orders.brackets)


class RawOrders:
    """``client.orders.with_raw_response``: the same calls, each returning a ``RawResponse``
    (status, headers, request id, attempts and the parsed model)."""

    def __init__(self, orders: Orders) -> None:
        self.create = to_raw_response_wrapper(orders.create)
        self.retrieve = to_raw_response_wrapper(orders.retrieve)
        self.update = to_raw_response_wrapper(orders.update)
        self.delete = to_raw_response_wrapper(orders.delete)
        self.list_page = to_raw_response_wrapper(orders.list_page)
        self.process = to_raw_response_wrapper(orders.process)
        self.merge = to_raw_response_wrapper(orders.merge)
        self.brackets = to_raw_response_wrapper(orders.brackets)
