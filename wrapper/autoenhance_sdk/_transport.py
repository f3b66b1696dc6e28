"""The default transport of ``AsyncAutoenhance``: aiohttp's connection pool under httpx's API.

httpx's own async pool collapses under concurrency on this kind of machine: 64 concurrent
requests to a local server ran at about 130 requests/s through it, against 3,300 through aiohttp
(benchmarks/FINDINGS.md). httpx-aiohttp provides the transport; its exception mapping turns
every dropped or reset connection into ``ConnectTimeout``, so this subclass corrects that, for
the request and for the body read after it: a failure that was not a timeout must not be
reported as one.

A proxy's credentials and headers reach it as httpx sends them: ``Proxy-Authorization`` (UTF-8
Basic) on the ``CONNECT`` of an https request and on each plain-http request sent to the proxy.
httpx-aiohttp would hand aiohttp a ``BasicAuth``, deprecated there (a ``DeprecationWarning`` on
every request), and aiohttp sends ``proxy_headers`` on ``CONNECT`` only.

``handle_async_request`` is httpx-aiohttp's, made lean (issue 15: it cost about as much as the
rest of a call): one ``ClientTimeout`` per distinct timeout instead of one per request, and a
small answer whose length is known is read with the headers and handed to httpx as one chunk,
not through three async iterators.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport
from httpx_aiohttp.transport import AiohttpResponseStream, map_aiohttp_exceptions

from ._body import EAGER_BODY_MAX

__all__ = ["AsyncTransport"]


def _corrected(exc: Exception) -> httpx.TransportError:
    """The httpx error a failure really was. Raised ``from None``: aiohttp's frames hold the
    request's headers, the API key among them, and error trackers print chained frames' locals."""
    if isinstance(exc, httpx.ConnectTimeout):
        cause = exc.__cause__
        if isinstance(cause, TimeoutError):  # aiohttp's own timeouts are TimeoutErrors too
            return httpx.ConnectTimeout(str(exc))
        if isinstance(cause, aiohttp.ServerDisconnectedError):
            return httpx.RemoteProtocolError(str(exc))
        return httpx.ConnectError(str(exc))
    # what httpx-aiohttp does not map (a malformed status line, header or chunk) is the
    # protocol error h11 reports for the same answer on the sync client
    return httpx.RemoteProtocolError(f"{type(exc).__name__}: {getattr(exc, 'message', exc)}")


class _CorrectedStream(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                yield chunk
        except (httpx.ConnectTimeout, aiohttp.ClientError) as exc:
            raise _corrected(exc) from None

    async def aclose(self) -> None:
        await self._stream.aclose()


def _proxy_headers(proxy: httpx.Proxy) -> httpx.Headers:
    """The headers the proxy gets: its own, and its credentials as httpx encodes them."""
    headers = httpx.Headers(proxy.headers)
    if proxy.raw_auth is not None:
        token = base64.b64encode(b":".join(proxy.raw_auth)).decode("ascii")
        headers["Proxy-Authorization"] = f"Basic {token}"
    return headers


def _text_headers(headers: httpx.Headers) -> list[tuple[str, str]] | httpx.Headers:
    """The request's headers as aiohttp takes them. ASCII (what the SDK sends) decoded directly:
    httpx's ``items()`` first re-detects the encoding of every header of each new request."""
    try:
        return [(name.decode("ascii"), value.decode("ascii")) for name, value in headers.raw]
    except UnicodeDecodeError:  # a caller's non-ASCII header: httpx decodes it as it would
        return headers


class AsyncTransport(AiohttpTransport):
    """aiohttp for the wire; every failure still an ``httpx.TransportError`` of the right kind."""

    def __init__(self, *, proxy: httpx.Proxy | None = None, **options: Any) -> None:
        # for the CONNECT of https requests; without the credentials, which aiohttp would take as BasicAuth
        self._forwarded = httpx.Headers() if proxy is None else _proxy_headers(proxy)
        if proxy is not None:
            proxy = httpx.Proxy(proxy.url, headers=self._forwarded)
        super().__init__(proxy=proxy, **options)
        self._timeouts: dict[tuple[float | None, ...], aiohttp.ClientTimeout] = {}

    def get_client(self) -> aiohttp.ClientSession:
        """httpx-aiohttp's session, without aiohttp's cookie jar: cookies are httpx's to keep and
        send (with the API's requests only); aiohttp's jar would send a cookie the API set to any
        port of its host, a download's asset URL there among them."""
        limit = self.limits.max_connections
        connector = aiohttp.TCPConnector(
            keepalive_timeout=self.limits.keepalive_expiry, ssl=self.ssl_context, limit=limit or 0
        )
        session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())
        # aiohttp sends a GET, PUT or DELETE again, unseen, when a kept-alive connection drops
        # (RFC 9112 allows it); the SDK's retries are its own: counted by max_retries, logged, and
        # judged (a DELETE sent twice answers 404). aiohttp's own test client turns it off so too.
        session._retry_connection = False
        return session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        # a plain-http request goes to the proxy itself: the proxy's headers ride on it, only
        # while it is sent (the request the caller may see, in an error, never shows them)
        added = [name for name in self._forwarded if name not in request.headers and request.url.scheme == "http"]
        request.headers.update({name: self._forwarded[name] for name in added})
        try:
            return await self._exchange(request)
        except (httpx.ConnectTimeout, aiohttp.ClientError) as exc:
            raise _corrected(exc) from None
        finally:
            for name in added:
                del request.headers[name]

    async def _exchange(self, request: httpx.Request) -> httpx.Response:
        """What httpx-aiohttp's ``handle_async_request`` does, without its per-request costs."""
        if not isinstance(self.client, aiohttp.ClientSession):
            self.client = self.get_client()
        extensions = request.extensions
        data: bytes | httpx.AsyncByteStream | None
        try:
            data = request.content or None
        except httpx.RequestNotRead:  # a streamed upload: aiohttp frames it
            data = request.stream  # type: ignore[assignment]
            request.headers.pop("transfer-encoding", None)
        proxy = self.proxy
        with map_aiohttp_exceptions():
            answer = await self.client.request(
                request.method,
                str(request.url),
                headers=_text_headers(request.headers),
                data=data,
                allow_redirects=False,
                auto_decompress=False,
                compress=False,
                timeout=self._client_timeout(extensions.get("timeout")),
                server_hostname=extensions.get("sni_hostname"),
                proxy=None if proxy is None else str(proxy.url),
                proxy_headers=None if proxy is None else proxy.headers,
            )
            length = answer.content_length
            if length is not None and length <= EAGER_BODY_MAX and "Transfer-Encoding" not in answer.headers:
                try:
                    body = await answer.read()
                finally:
                    answer.release()
                stream: httpx.AsyncByteStream = httpx.ByteStream(body)  # the client reads it from memory
            else:
                stream = _CorrectedStream(AiohttpResponseStream(answer))
        reason = {"reason_phrase": answer.reason.encode()} if answer.reason else {}
        extensions = {"http_version": b"HTTP/1.1", **reason}
        return httpx.Response(
            answer.status, headers=answer.raw_headers, stream=stream, request=request, extensions=extensions
        )

    def _client_timeout(self, timeout: dict[str, float | None] | None) -> aiohttp.ClientTimeout:
        """aiohttp's timeout for httpx's (connect, read, pool), made once per distinct one."""
        timeout = timeout or {}
        key = (timeout.get("connect"), timeout.get("read"), timeout.get("pool"))
        made = self._timeouts.get(key)
        if made is None:
            if len(self._timeouts) >= 32:  # per-call timeouts that keep changing: no unbounded cache
                self._timeouts.clear()
            made = self._timeouts[key] = aiohttp.ClientTimeout(sock_connect=key[0], sock_read=key[1], connect=key[2])
        return made
