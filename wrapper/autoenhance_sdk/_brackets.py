"""Sync twin of ``_async_brackets.py``, written by scripts/unasync.py: edit that file, not this one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from autoenhance_api.models import BracketCreatedOut, BracketIn, BracketInMetadata
from autoenhance_api.types import UNSET

from ._base_client import CallOptions
from ._generated import endpoint
from ._ids import check_json_object, check_order_id
from ._raw import RawBrackets
from ._requests import Prepared, bracket_name
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

if TYPE_CHECKING:
    from ._client import Autoenhance

__all__ = ["Brackets"]


class Brackets:
    """HDR brackets of the client's orders. Every method takes ``timeout``, ``max_retries`` and
    ``extra_headers`` to override the client's settings for that call only."""

    def __init__(self, client: Autoenhance) -> None:
        self._client = client
        self.with_raw_response = RawBrackets(self)

    def create(
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
        return self._client._request(call, CallOptions(timeout, max_retries, extra_headers))
