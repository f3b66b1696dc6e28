"""``AsyncAutoenhance``: the client, with ``await``.

This is the hand-written source: ``_client.py`` (the sync ``Autoenhance``) is written from it by
``scripts/unasync.py``, which removes ``async``/``await`` and the ``Async`` prefixes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

import httpx

from ._async_brackets import AsyncBrackets
from ._async_images import AsyncImages
from ._async_orders import AsyncOrders
from ._base_client import BaseClient, CallOptions
from ._body import async_read_whole, timed
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER
from ._core import Done, Recover, maybe_carried_out, streams_to_sink
from ._exceptions import InvalidInputError
from ._generated import endpoint
from ._logging import setup_logging
from ._network import ProxyTypes, new_async_http
from ._requests import Prepared
from ._response import RawResponse, finish
from ._settings import check_version, hidden, resolve_settings
from ._types import NOT_GIVEN, AsyncSleep, NoAPIVersion, NotGiven, TimeoutTypes

__all__ = ["AsyncAutoenhance"]

T = TypeVar("T")


class AsyncAutoenhance(BaseClient):
    """Client for the Autoenhance.ai API: ``orders``, ``images``, ``brackets``.

    Settings resolve as argument, then environment variable, then default:

    - ``api_key``: ``AUTOENHANCE_API_KEY``; none means only ``orders.retrieve``,
      ``orders.brackets``, ``images.retrieve`` and ``images.download_original`` work (the API
      allows them without a key); other calls raise ``MissingAPIKeyError`` unsent. A key with
      spaces or a newline around it (an env file's) is refused, never sent.
    - ``base_url``: ``AUTOENHANCE_BASE_URL``, else ``https://api.autoenhance.ai``.
    - ``api_version`` (the ``x-api-version`` header): ``AUTOENHANCE_API_VERSION``, else
      ``2025-05-08`` (``DEFAULT_API_VERSION``), the version this SDK's models describe. None means
      not given; ``NO_API_VERSION`` sends no header (the account's default version answers).
    - ``timeout``: 60 s per request, 5 s to connect; a number or an ``httpx.Timeout``, never None.
    - ``max_retries``: 2. Connection errors, timeouts, 408, 429 and 5xx are retried after
      0.5 s x 2^n (at most 8 s, with jitter), or after ``Retry-After`` when it is at most
      ``max_retry_after`` (60 s); a longer ``Retry-After`` raises ``RateLimitError`` at once.
    - ``proxy``: an ``http://`` or ``https://`` proxy URL for every request; else
      ``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY`` and ``NO_PROXY``, as curl and httpx read them.
      ``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` name the CAs to trust (else certifi's).
    - ``strict_response_validation``: False: a 2xx answer missing a field the spec requires (or
      null there) still returns the model, the field reading as None, with one logged warning per
      operation and field. True: ``APIResponseValidationError``.
    - ``default_headers``: sent with every request.
    - ``http_client``: your own ``httpx.AsyncClient`` (then ``close()`` leaves it open; ``proxy``
      and the environment's network settings are then yours to apply).
    - ``sleep``, ``clock``, ``jitter``: time and randomness, injectable for tests.

    Use it in ``async with``, or call ``await client.close()``: one connection pool per client
    (copies made by ``with_options`` share it).
    """

    orders: AsyncOrders
    images: AsyncImages
    brackets: AsyncBrackets

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        api_version: str | NoAPIVersion | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        proxy: ProxyTypes | None = None,
        strict_response_validation: bool = False,
        default_headers: dict[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        sleep: AsyncSleep | None = None,
        clock: Callable[[], float] | None = None,
        jitter: Callable[[], float] | None = None,
    ) -> None:
        api_key = hidden(api_key)  # type: ignore[assignment]  # from here on, no frame's locals show it
        if http_client is not None and proxy is not None:
            raise InvalidInputError("proxy= sets up the client's own pool; with http_client= give the proxy to it.")
        settings = resolve_settings(
            api_key=api_key,
            base_url=base_url,
            api_version=api_version,
            timeout=timeout,
            max_retries=max_retries,
            max_retry_after=max_retry_after,
            proxy=proxy,
            strict_response_validation=strict_response_validation,
            extra_headers=default_headers,
        )
        setup_logging()
        self._init_common(settings, clock, jitter)
        self._sleep = sleep if sleep is not None else asyncio.sleep
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else new_async_http(settings)
        self._direct = self._direct_headers(self._http) if self._sends_direct(http_client) else None
        self._bind_resources()

    def _bind_resources(self) -> None:
        self.orders = AsyncOrders(self)
        self.images = AsyncImages(self)
        self.brackets = AsyncBrackets(self)

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
        api_version: str | NoAPIVersion | NotGiven = NOT_GIVEN,
    ) -> AsyncAutoenhance:
        """A copy with other settings that shares this client's connection pool.

        ``api_version``: a version such as ``'2025-05-08'``, or ``NO_API_VERSION`` to send none.
        """
        changes = self._options_changes(timeout, max_retries, extra_headers)
        if api_version is not NOT_GIVEN:
            changes["api_version"] = check_version(api_version, "with_options(api_version=)")
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

    async def _request(self, prepared: Prepared[T], options: CallOptions) -> T:
        """Send one operation; its parsed model, or its ``RawResponse`` under a raw wrapper."""
        return finish(await self._send(prepared, options))

    async def _send(self, prepared: Prepared[T], options: CallOptions) -> RawResponse[T]:
        settings = self._call_settings(options)
        self._check_key(prepared, settings)
        timing = self._timing(settings)
        retries = 0
        lost = False  # an attempt was sent and its answer lost (the server may have carried it out)
        while True:
            request = sent = self._build(prepared, settings)
            started = time.perf_counter()
            try:
                # never httpx's redirects (a user's http_client may follow them): they would take
                # the key to another host; a download's hops are built by _hop, without it
                response = await self._fetch(prepared, request)
                hops = 0
                while (hop := self._hop(prepared, settings, response, hops, retries, started)) is not None:
                    sent, hops = hop, hops + 1
                    # auth=None: not the http client's auth (a user's may have one), nor any other
                    response = await self._fetch(prepared, sent, auth=None)
                sunk = await self._drain(prepared, response)
            except (httpx.RequestError, httpx.InvalidURL) as exc:  # the transport, an undecodable body, a bad Location
                outcome: Any = self._judge(prepared, settings, timing, sent, exc, retries, started, sent is not request)
                lost = lost or (sent is request and maybe_carried_out(exc))
            else:
                redirected = sent is not request
                outcome = self._judge(
                    prepared, settings, timing, sent, response, retries, started, redirected, sunk, lost=lost
                )
            finally:
                self._sent(request, settings)
            if isinstance(outcome, Done):
                return outcome.raw
            if isinstance(outcome, Recover):
                return await self._recover_create(prepared, options, outcome)
            await self._sleep(outcome.delay)
            retries += 1

    async def _fetch(self, prepared: Prepared[T], request: httpx.Request, **auth: Any) -> httpx.Response:
        """One request's answer. A download to disk streams it, and reads at once all but an image
        (a redirect, an error): only the image goes to the sink, the rest is judged as usual."""
        if prepared.sink is None:
            return await self._transmit(request, stream=False, **auth)
        response = await self._transmit(request, stream=True, **auth)
        if not streams_to_sink(response):
            await response.aread()
        return response

    async def _transmit(self, request: httpx.Request, *, stream: bool, **auth: Any) -> httpx.Response:
        """Send through the pool. The client's own pool: straight to its transport (the one httpx
        would pick, proxies included), skipping the http client's layers, which do nothing for
        the SDK (no auth, no redirects; cookies are not kept), unless event hooks were added to
        it (``client._http.event_hooks``: the contract suite's safety checks are hooks). A user's
        ``http_client``: its ``send``, so its auth, event hooks and cookies still run."""
        http: httpx.AsyncClient = self._http
        hooks = http.event_hooks
        if self._direct is None or hooks["request"] or hooks["response"]:
            return await http.send(request, follow_redirects=False, stream=stream, **auth)
        if http.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        started = time.perf_counter()
        response = await http._transport_for_url(request.url).handle_async_request(request)
        response.request = request
        try:
            if not stream:
                await async_read_whole(response)
            if response.has_redirect_location:  # what httpx's send sets when it does not follow
                response.next_request = http._build_redirect_request(request, response)
        except BaseException:
            await response.aclose()
            raise
        timed(response, started)
        return response

    async def _drain(self, prepared: Prepared[T], response: httpx.Response) -> Any:
        """What the sink made of the answer's bytes (a downloaded file), or None if it had none."""
        if prepared.sink is None or not streams_to_sink(response):  # not an image: read by _fetch
            return None
        try:
            return await prepared.sink.write(response)
        finally:
            await response.aclose()

    async def _recover_create(self, prepared: Prepared[T], options: CallOptions, outcome: Recover) -> RawResponse[T]:
        """Our retried create met its own order (409): return it, if it is the one we asked for."""
        assert prepared.recover is not None and prepared.model is not None
        wanted = prepared.recover
        found = await self._send(Prepared(endpoint("retrieve_order", wanted.order_id), prepared.model), options)
        if (getattr(found.parsed, "name", None) or None) != (wanted.name or None):  # "" and None: no name
            raise outcome.error
        return found
