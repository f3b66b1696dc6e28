"""Small ASGI helpers the app and the upload and asset endpoints share."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = [
    "Message",
    "Receive",
    "Scope",
    "Send",
    "abort_connection",
    "discard_body",
    "headers_of",
    "origin_of",
    "read_body",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")


def headers_of(scope: Scope) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in scope.get("headers", []):
        found.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
    return found


def origin_of(scope: Scope, headers: dict[str, list[str]]) -> str:
    """``scheme://host[:port]`` the client used (its Host header), for URLs the mock hands out.

    The mock may run on any port, or in process under whatever base URL the client chose; the
    Host header says which. A Host that is no host name falls back to the address served on.
    """
    scheme = scope.get("scheme", "http")
    scheme = scheme if scheme in ("http", "https") else "http"
    host = (headers.get("host") or [""])[0].strip()
    if not _HOST.fullmatch(host):
        server = scope.get("server") or ("127.0.0.1", None)
        name = str(server[0])
        name = f"[{name}]" if ":" in name else name
        host = name if server[1] is None else f"{name}:{server[1]}"
    return f"{scheme}://{host}"


async def read_body(receive: Receive, headers: dict[str, list[str]], limit: int) -> tuple[bytes, bool]:
    """The request body, or (b"", True) once it grows past ``limit`` (the rest is not read)."""
    declared = headers.get("content-length", ["0"])[0]
    if declared.isdigit() and int(declared) > limit:
        return b"", True
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", True
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), False


async def discard_body(receive: Receive) -> None:
    """Read the request body to its end and keep none of it (an answer that ignores the body
    still leaves the connection ready for the client's next request, as after any other)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect" or not message.get("more_body", False):
            return


def abort_connection(send: Send) -> bool:
    """Close the client's connection at once, answering nothing. True if the server allowed it.

    ASGI has no message for this. Under uvicorn, ``send`` is a bound method of the connection's
    request cycle, which holds the transport; closing it and marking the cycle disconnected makes
    the client see a dropped connection and stops uvicorn from answering 500 in our place.
    """
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None or not hasattr(cycle, "disconnected"):
        return False
    transport.close()
    cycle.disconnected = True  # type: ignore[union-attr]
    return True
