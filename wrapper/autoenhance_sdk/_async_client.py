"""``AsyncAutoenhance``: the async twin of ``_client.py``, written by scripts/make_async.py.

Do not edit: change ``_client.py`` and run ``python scripts/make_async.py``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any, TypeVar

import httpx

from ._async_orders import AsyncOrders
from ._base_client import BaseClient, CallOptions
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER
from ._core import Done, Recover
from ._logging import setup_logging
from ._requests import Prepared, retrieve
from ._response import RawResponse
from ._settings import resolve_settings
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

__all__ = ["AsyncAutoenhance"]

T = TypeVar("T")


class AsyncAutoenhance(BaseClient):
    """asyncio client for the Autoenhance.ai Orders API: ``Autoenhance`` with ``await``.

    Settings resolve as argument, then environment variable, then default:

    - ``api_key``: ``AUTOENHANCE_API_KEY``; none means only ``retrieve`` and ``brackets`` work
      (the API allows them without a key); other calls raise ``MissingAPIKeyError`` unsent.
    - ``base_url``: ``AUTOENHANCE_BASE_URL``, else ``https://api.autoenhance.ai``.
    - ``api_version`` (the ``x-api-version`` header): ``AUTOENHANCE_API_VERSION``, else not sent.
    - ``timeout``: 60 s per request, 5 s to connect; a number or an ``httpx.Timeout``, never None.
    - ``max_retries``: 2. Connection errors, timeouts, 408, 429 and 5xx are retried after
      0.5 s x 2^n (at most 8 s, with jitter), or after ``Retry-After`` when it is at most
      ``max_retry_after`` (60 s); a longer ``Retry-After`` raises ``RateLimitError`` at once.
    - ``default_headers``: sent with every request.
    - ``http_client``: your own ``httpx.AsyncClient`` (then ``close()`` leaves it open).
    - ``sleep``, ``clock``, ``jitter``: time and randomness, injectable for tests.

    Use it as an async context manager, or ``await close()``: one connection pool per client (copies
    made by ``with_options`` share it).
    """

    orders: AsyncOrders

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        api_version: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        default_headers: dict[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] | None = None,
        jitter: Callable[[], float] | None = None,
    ) -> None:
        settings = resolve_settings(
            api_key=api_key,
            base_url=base_url,
            api_version=api_version,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_after=max_retry_after,
            extra_headers=default_headers,
        )
        setup_logging()
        self._init_common(settings, clock, jitter)
        self._sleep = sleep if sleep is not None else asyncio.sleep
        self._owns_http = http_client is None
        if http_client is None:
            from ._transport import AsyncTransport  # aiohttp loads only when an async client is made

            options = self._http_options(settings)
            transport = AsyncTransport(verify=options["verify"], limits=options["limits"])
            http_client = httpx.AsyncClient(transport=transport, **options)
        self._http = http_client
        self._bind_resources()

    def _bind_resources(self) -> None:
        self.orders = AsyncOrders(self)

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
        api_version: str | NotGiven | None = NOT_GIVEN,
    ) -> AsyncAutoenhance:
        """A copy with other settings that shares this client's connection pool."""
        changes = self._options_changes(timeout, max_retries, extra_headers)
        if api_version is not NOT_GIVEN:
            changes["api_version"] = api_version
        return self._copy(**changes)

    async def close(self) -> None:
        """Close the connection pool (unless it is your own ``http_client``)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncAutoenhance:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def _request(self, prepared: Prepared[T], options: CallOptions) -> RawResponse[T]:
        settings = self._call_settings(options)
        self._check_key(prepared, settings)
        timing = self._timing(settings)
        retries = 0
        while True:
            request = self._build(self._http, prepared, settings)
            started = time.perf_counter()
            try:
                response = await self._http.send(request)
            except httpx.TransportError as exc:
                outcome: Any = self._judge(prepared, settings, timing, request, exc, retries, started)
            else:
                outcome = self._judge(prepared, settings, timing, request, response, retries, started)
            if isinstance(outcome, Done):
                return outcome.raw
            if isinstance(outcome, Recover):
                return await self._recover_create(prepared, options, outcome)
            await self._sleep(outcome.delay)
            retries += 1

    async def _recover_create(
        self, prepared: Prepared[Any], options: CallOptions, outcome: Recover
    ) -> RawResponse[Any]:
        """Our retried create met its own order (409): return it, if it is the one we asked for."""
        assert prepared.order_id is not None
        found = await self._request(retrieve(prepared.order_id, None, self.api_version), options)
        if found.parsed.name != (prepared.name or None):
            raise outcome.error
        return found
