"""The ``with_raw_response`` views of every resource, written by scripts/unasync.py.

Do not edit: each line wraps a public method of an ``_async_x.py`` source (or of its sync twin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._response import async_to_raw_response_wrapper, to_raw_response_wrapper

if TYPE_CHECKING:
    from ._async_brackets import AsyncBrackets
    from ._async_images import AsyncImages
    from ._async_orders import AsyncOrders
    from ._brackets import Brackets
    from ._images import Images
    from ._orders import Orders

__all__ = ["AsyncRawBrackets", "AsyncRawImages", "AsyncRawOrders", "RawBrackets", "RawImages", "RawOrders"]


class AsyncRawBrackets:
    """``client.brackets.with_raw_response``: the same calls, each returning a ``RawResponse``
    (status, headers, request id, attempts and the parsed model)."""

    def __init__(self, brackets: AsyncBrackets) -> None:
        self.create = async_to_raw_response_wrapper(brackets.create)


class AsyncRawImages:
    """``client.images.with_raw_response``: the same calls, each returning a ``RawResponse``
    (status, headers, request id, attempts and the parsed model)."""

    def __init__(self, images: AsyncImages) -> None:
        self.create = async_to_raw_response_wrapper(images.create)
        self.retrieve = async_to_raw_response_wrapper(images.retrieve)
        self.delete = async_to_raw_response_wrapper(images.delete)
        self.process = async_to_raw_response_wrapper(images.process)
        self.download_enhanced = async_to_raw_response_wrapper(images.download_enhanced)
        self.download_original = async_to_raw_response_wrapper(images.download_original)
        self.report = async_to_raw_response_wrapper(images.report)


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


class RawBrackets:
    """``client.brackets.with_raw_response``: the same calls, each returning a ``RawResponse``
    (status, headers, request id, attempts and the parsed model)."""

    def __init__(self, brackets: Brackets) -> None:
        self.create = to_raw_response_wrapper(brackets.create)


class RawImages:
    """``client.images.with_raw_response``: the same calls, each returning a ``RawResponse``
    (status, headers, request id, attempts and the parsed model)."""

    def __init__(self, images: Images) -> None:
        self.create = to_raw_response_wrapper(images.create)
        self.retrieve = to_raw_response_wrapper(images.retrieve)
        self.delete = to_raw_response_wrapper(images.delete)
        self.process = to_raw_response_wrapper(images.process)
        self.download_enhanced = to_raw_response_wrapper(images.download_enhanced)
        self.download_original = to_raw_response_wrapper(images.download_original)
        self.report = to_raw_response_wrapper(images.report)


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
