"""``AsyncAutoenhance().brackets``: HDR brackets (the exposures merged into one image).

This is the hand-written source: ``_brackets.py`` (the sync ``Autoenhance().brackets``) is written
from it by ``scripts/unasync.py``, and ``_raw.py`` holds the ``with_raw_response`` views derived
from its public methods. An order's brackets are listed by ``orders.brackets(order_id)`` and
grouped into images by ``orders.process(order_id, ...)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from autoenhance_api.models import BracketCreatedOut, BracketIn, BracketInMetadata
from autoenhance_api.types import UNSET

from ._base_client import CallOptions
from ._generated import endpoint
from ._ids import check_json_object, check_order_id
from ._raw import AsyncRawBrackets
from ._requests import Prepared, bracket_name
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

if TYPE_CHECKING:
    from ._async_client import AsyncAutoenhance

__all__ = ["AsyncBrackets"]


class AsyncBrackets:
    """HDR brackets of the client's orders. Every method takes ``timeout``, ``max_retries`` and
    ``extra_headers`` to override the client's settings for that call only."""

    def __init__(self, client: AsyncAutoenhance) -> None:
        self._client = client
        self.with_raw_response = AsyncRawBrackets(self)

    async def create(
        self,
        *,
        order_id: str,
        name: str,
        metadata: Mapping[str, Any] | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> BracketCreatedOut:
        """Register one bracket of an existing order (``create_bracket``) and get the URL to
        ``PUT`` its bytes to.

        ``name`` is its file name (no ``/``); ``metadata`` your own data, kept with it. The
        answer's ``upload_url`` is a presigned storage URL: ``PUT`` the raw bytes there with
        ``Content-Type: application/octet-stream`` and no API key. When every bracket is up,
        ``orders.process(order_id, ...)`` groups them into images.
        """
        data = UNSET if metadata is None else BracketInMetadata.from_dict(check_json_object(metadata, "metadata"))
        body = BracketIn(name=bracket_name(name), order_id=check_order_id(order_id), metadata=data)
        call = Prepared(endpoint("create_bracket", body=body), BracketCreatedOut)
        return await self._client._request(call, CallOptions(timeout, max_retries, extra_headers))
