"""An answer read whole on the client's own pool, without httpx's per-chunk layers.

httpx's ``Response.read`` passes every chunk through four generators and two context managers
(raw bytes, byte counting, decoder, chunker, each under a request context): about 5 % of a
sequential call on loopback (issue 15's profile), paid for nothing when the answer has no
Content-Encoding, as the API's JSON answers have none. Then the chunks the transport yields,
joined, are the content. An answer with a Content-Encoding (gzip...) keeps httpx's decoders.

What ``read`` leaves behind is left here too (httpx 0.27 and 0.28): the content, the stream
marked consumed, the response closed and its connection back in the pool; a failure while
reading is httpx's own error with the request attached, as httpx's request context attaches it.
And ``elapsed``, which httpx's ``send`` sets and the own pool's direct path must set itself.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import httpx

__all__ = ["EAGER_BODY_MAX", "async_read_whole", "read_whole", "timed"]

#: answers up to this size with a Content-Length (and not chunked) are read by the transports at
#: once, their connection handed back (they have most often arrived with the headers), and given
#: to httpx as one chunk in memory; larger or unsized ones stream from the connection
EAGER_BODY_MAX = 64 * 1024


def _encoded(response: httpx.Response) -> bool:
    """Whether the answer has a Content-Encoding (``in response.headers`` would first work out
    the text encoding of every header)."""
    return any(name.lower() == b"content-encoding" for name, _ in response.headers.raw)


def _settle(response: httpx.Response, body: bytes) -> None:
    """Mark ``response`` read, ``body`` (not encoded) its content, as ``read`` leaves it."""
    response._content = body
    response._num_bytes_downloaded = len(body)
    response.is_stream_consumed = True
    response.is_closed = True


def read_whole(response: httpx.Response) -> None:
    """``response.read()``, the chunks joined directly when nothing needs decoding."""
    if hasattr(response, "_content") or _encoded(response):
        response.read()  # already read (a no-op), or compressed: httpx's decoders
        return
    stream = response.stream
    try:
        try:
            body = b"".join(stream)  # type: ignore[arg-type]  # a sync client's stream
        finally:  # what response.close() does: the connection back to the pool, whatever happened
            response.is_closed = True
            stream.close()  # type: ignore[union-attr]
    except httpx.RequestError as exc:
        exc.request = response.request
        raise
    _settle(response, body)


async def async_read_whole(response: httpx.Response) -> None:
    """``response.aread()``, the chunks joined directly when nothing needs decoding."""
    if hasattr(response, "_content") or _encoded(response):
        await response.aread()
        return
    stream = response.stream
    try:
        try:
            body = b"".join([chunk async for chunk in stream])  # type: ignore[union-attr]
        finally:
            response.is_closed = True
            await stream.aclose()  # type: ignore[union-attr]
    except httpx.RequestError as exc:
        exc.request = response.request
        raise
    _settle(response, body)


def timed(response: httpx.Response, started: float) -> None:
    """Give ``response`` the ``elapsed`` httpx's ``send`` gives it (``time.perf_counter()`` at
    the start of the request): now if it is read, else when its stream is closed."""
    if response.is_closed:
        response.elapsed = timedelta(seconds=time.perf_counter() - started)
    else:
        response.stream = _Timed(response.stream, response, started)


class _Timed(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A streamed answer's stream, setting its response's ``elapsed`` when closed."""

    def __init__(self, stream: httpx.SyncByteStream | httpx.AsyncByteStream, response: httpx.Response, started: float):
        self._stream, self._response, self._started = stream, response, started

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream  # type: ignore[misc]  # a sync client's stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:  # type: ignore[union-attr]  # an async client's stream
            yield chunk

    def close(self) -> None:
        self._response.elapsed = timedelta(seconds=time.perf_counter() - self._started)
        self._stream.close()  # type: ignore[union-attr]

    async def aclose(self) -> None:
        self._response.elapsed = timedelta(seconds=time.perf_counter() - self._started)
        await self._stream.aclose()  # type: ignore[union-attr]
