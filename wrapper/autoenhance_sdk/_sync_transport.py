"""The default transport of ``Autoenhance``: httpx's own (httpcore's pool), with less around it.

``handle_request`` is httpx's ``HTTPTransport.handle_request``, the same httpcore request and
the same exception mapping, with three costs left out (issue 15: together about
8 % of a sequential call on loopback, measured side by side):

- httpx wraps the answer's stream in its ``ResponseStream`` and checks it against
  ``typing.Iterable`` (an ABC check through ``typing``, the costliest line of the method); the
  client then reads it through ``Response.read``'s generators.
- httpcore's request is made without re-checking what httpx's request already guarantees.
- An answer of at most ``EAGER_BODY_MAX`` bytes with a Content-Length (every JSON answer of the
  API) is read here, from httpcore's stream, the connection handed back to the pool before the
  response is returned, as the async transport does with aiohttp's; without a Content-Encoding
  its bytes are its content, with one httpx's decoders read them from memory.

Larger or unsized answers stream exactly as httpx streams them. Proxies, TLS,
limits and timeouts are ``HTTPTransport``'s: only the method below differs.
"""

from __future__ import annotations

import httpcore
import httpx
from httpx._transports.default import ResponseStream, map_httpcore_exceptions

from ._body import EAGER_BODY_MAX, settle

__all__ = ["SyncTransport", "core_request"]


def _read_at_once(headers: list[tuple[bytes, bytes]]) -> tuple[bool, bool]:
    """Whether an answer with these headers is read at once (sized and small), and whether it
    is encoded (gzip...: then httpx's decoders read it)."""
    length, encoded = None, False
    for name, value in headers:
        name = name.lower()
        if name == b"content-encoding":
            encoded = True
        elif name == b"content-length":
            length = value
    return length is not None and length.isdigit() and int(length) <= EAGER_BODY_MAX, encoded


def core_request(request: httpx.Request) -> httpcore.Request:
    """The httpcore request httpx's transport makes of ``request``, made without its checks:
    ``httpcore.Request`` re-checks that the method and each header name and value are bytes,
    through ``typing.Mapping`` and ``typing.Sequence`` ABC checks, which httpx's request already
    guarantees. A test holds it attribute for attribute to the one the constructor makes."""
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
    """httpx's transport; a small answer comes back already read."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with map_httpcore_exceptions():
            answer = self._pool.handle_request(core_request(request))
            small, encoded = _read_at_once(answer.headers)
            if small:
                stream = answer.stream
                try:
                    body = b"".join(stream)  # type: ignore[arg-type]  # the sync pool's
                finally:
                    stream.close()  # type: ignore[union-attr]  # the connection back to the pool
        if not small:
            return httpx.Response(
                answer.status,
                headers=answer.headers,
                stream=ResponseStream(answer.stream),  # type: ignore[arg-type]
                extensions=answer.extensions,
            )
        response = httpx.Response(
            answer.status, headers=answer.headers, stream=httpx.ByteStream(body), extensions=answer.extensions
        )
        if encoded:
            response.read()  # decoded (gzip...) by httpx, from memory
        else:
            settle(response, body)
        return response
