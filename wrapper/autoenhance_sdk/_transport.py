"""The default transport of ``AsyncAutoenhance``: aiohttp's connection pool under httpx's API.

httpx's own async pool collapses under concurrency on this kind of machine: 64 concurrent
requests to a local server ran at about 130 requests/s through it, against 3,300 through aiohttp
(benchmarks/FINDINGS.md). httpx-aiohttp provides the transport; its exception mapping turns
every dropped or reset connection into ``ConnectTimeout``, so this subclass corrects that, for
the request and for the body read after it: a failure that was not a timeout must not be
reported as one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

__all__ = ["AsyncTransport"]


def _corrected(exc: httpx.ConnectTimeout) -> httpx.TransportError:
    cause = exc.__cause__
    if isinstance(cause, TimeoutError):  # aiohttp's own timeouts are TimeoutErrors too
        return exc
    if isinstance(cause, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError(str(exc))
    return httpx.ConnectError(str(exc))


class _CorrectedStream(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                yield chunk
        except httpx.ConnectTimeout as exc:
            raise _corrected(exc) from exc.__cause__

    async def aclose(self) -> None:
        await self._stream.aclose()


class AsyncTransport(AiohttpTransport):
    """aiohttp for the wire; every failure still an ``httpx.TransportError`` of the right kind."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await super().handle_async_request(request)
        except httpx.ConnectTimeout as exc:
            raise _corrected(exc) from exc.__cause__
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _CorrectedStream(response.stream)
        return response
