"""The default transport of ``Autoenhance``: httpx's own (httpcore's pool), with less around it.

``handle_request`` is httpx's ``HTTPTransport.handle_request``, the same httpcore request and
the same exception mapping, with two costs left out (issue 15: with the client's reading of
the answer, ``_body.py``, about 8 % of a sequential call on loopback, measured side by side):

- httpcore's request is made without re-checking what httpx's request already guarantees
  (``core_request``).
- httpx wraps the answer's stream in its ``ResponseStream``, checked against ``typing.Iterable``
  (an ABC check through ``typing``, the costliest line of the method). Instead, an answer of at
  most ``EAGER_BODY_MAX`` bytes with a Content-Length and not chunked (every JSON answer of the
  API) is read here, its connection handed back to the pool at once, and given to httpx as one
  chunk in memory, as the async transport does with aiohttp's. The response is returned unread,
  as httpx's transport returns it: httpx's ``send``, its event hooks and its ``elapsed`` see
  what they always see.

Larger, unsized or chunked answers stream exactly as httpx streams them. Proxies, TLS, limits
and timeouts are ``HTTPTransport``'s: only the method below differs. A test double that patches
``httpx.HTTPTransport.handle_request`` (pytest-httpx does) is called instead, as it would be for
httpx's own transport.
"""

from __future__ import annotations

import httpcore
import httpx
from httpx._transports.default import ResponseStream, map_httpcore_exceptions

from ._body import EAGER_BODY_MAX

__all__ = ["SyncTransport", "core_request"]

_HTTPX_HANDLE_REQUEST = httpx.HTTPTransport.handle_request


def _read_at_once(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether an answer with these headers is read at once: sized, small and not chunked (h11
    ignores the length of a chunked answer, which may then be of any size)."""
    length = None
    for name, value in headers:
        name = name.lower()
        if name == b"transfer-encoding":
            return False
        if name == b"content-length":
            length = value
    return length is not None and length.isdigit() and int(length) <= EAGER_BODY_MAX


def core_request(request: httpx.Request) -> httpcore.Request:
    """The httpcore request httpx's transport makes of ``request``, made without its checks:
    ``httpcore.Request`` re-checks that the method and each header name and value are bytes,
    through ``typing.Mapping`` and ``typing.Sequence`` ABC checks, which httpx's request already
    guarantees. A test holds it attribute for attribute to the one httpx's transport makes."""
    url = request.url
    core_url = httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path)
    if "target" in request.extensions:  # httpcore's own override of the target: its constructor
        return httpcore.Request(
            request.method, core_url, headers=request.headers.raw, content=request.stream, extensions=request.extensions
        )
    made = object.__new__(httpcore.Request)
    made.method = request.method.encode("ascii")
    made.url = core_url
    made.headers = request.headers.raw
    made.stream = request.stream
    made.extensions = request.extensions
    return made


class SyncTransport(httpx.HTTPTransport):
    """httpx's transport; a small answer comes back from memory, its connection already free."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if httpx.HTTPTransport.handle_request is not _HTTPX_HANDLE_REQUEST:  # patched by a test double
            return httpx.HTTPTransport.handle_request(self, request)
        with map_httpcore_exceptions():
            answer = self._pool.handle_request(core_request(request))
            stream = answer.stream
            if not _read_at_once(answer.headers):
                return httpx.Response(
                    answer.status,
                    headers=answer.headers,
                    stream=ResponseStream(stream),  # type: ignore[arg-type]  # the sync pool's
                    extensions=answer.extensions,
                )
            try:
                body = b"".join(stream)  # type: ignore[arg-type]
            finally:
                stream.close()  # type: ignore[union-attr]  # the connection back to the pool
        return httpx.Response(
            answer.status, headers=answer.headers, stream=httpx.ByteStream(body), extensions=answer.extensions
        )
