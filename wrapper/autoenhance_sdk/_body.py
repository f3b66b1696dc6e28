"""An answer read whole on the client's own pool, without httpx's per-chunk layers.

httpx's ``Response.read`` passes every chunk through four generators and two context managers
(raw bytes, byte counting, decoder, chunker, each under a request context): about 5 % of a
sequential call on loopback (issue 15's profile), paid for nothing when the answer has no
Content-Encoding, as the API's JSON answers have none. Then the chunks the transport yields,
joined, are the content. An answer with a Content-Encoding (gzip...) keeps httpx's decoders.

What ``read`` leaves behind is left here too (httpx 0.27 and 0.28): the content, the stream
marked consumed, the response closed and its connection back in the pool; a failure while
reading is httpx's own error with the request attached, as httpx's request context attaches it.
"""

from __future__ import annotations

import httpx

__all__ = ["EAGER_BODY_MAX", "async_read_whole", "read_whole", "settle"]

#: answers up to this size with a Content-Length are read by the transports at once (they have
#: most often arrived with the headers); larger or unsized ones stream
EAGER_BODY_MAX = 64 * 1024


def settle(response: httpx.Response, body: bytes) -> None:
    """Mark ``response`` read, ``body`` its (already decoded) content."""
    response._content = body
    response.is_stream_consumed = True
    response.is_closed = True


def read_whole(response: httpx.Response) -> None:
    """``response.read()``, the chunks joined directly when nothing needs decoding."""
    if hasattr(response, "_content") or "content-encoding" in response.headers:
        response.read()  # already read (a no-op), or compressed: httpx's decoders
        return
    try:
        body = b"".join(response.stream)  # type: ignore[arg-type]  # a sync client's stream
    except httpx.RequestError as exc:
        exc.request = response.request
        raise
    finally:
        response.close()  # the connection back to the pool, whatever happened
    settle(response, body)


async def async_read_whole(response: httpx.Response) -> None:
    """``response.aread()``, the chunks joined directly when nothing needs decoding."""
    if hasattr(response, "_content") or "content-encoding" in response.headers:
        await response.aread()
        return
    try:
        body = b"".join([chunk async for chunk in response.stream])  # type: ignore[union-attr]
    except httpx.RequestError as exc:
        exc.request = response.request
        raise
    finally:
        await response.aclose()
    settle(response, body)
