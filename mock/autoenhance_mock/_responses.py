"""The mock's answers as plain data: a status, headers and a JSON body in the API's error shapes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

__all__ = ["Reply", "deferred", "http_error", "json_reply", "validation_error"]


@dataclass
class Reply:
    """What a handler answers; the app turns it into ASGI messages."""

    status: int
    body: bytes = b""
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    data: Any = None  # the body before encoding, kept for response validation and the request log
    # Blocking work (rendering an image) still to do: the app runs it in a worker thread, off the
    # event loop, and answers the Reply it returns. The handler has already changed the state.
    finish: Callable[[], Reply] | None = field(default=None, repr=False, compare=False)


def deferred(finish: Callable[[], Reply]) -> Reply:
    """An answer that ``finish`` builds in a worker thread (the app awaits it off the event loop)."""
    return Reply(0, finish=finish)


def json_reply(status: int, data: Any, headers: list[tuple[bytes, bytes]] | None = None) -> Reply:
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    base = [(b"content-type", b"application/json")]
    return Reply(status, body, base + (headers or []), data)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # statuses Python does not know (520 ...) still get an answer
        return f"HTTP {status}"


def http_error(
    status: int, detail: dict[str, Any] | None = None, headers: list[tuple[bytes, bytes]] | None = None
) -> Reply:
    """An ``HTTPError`` body: ``{"message": <reason phrase>, "detail": {...}}``."""
    return json_reply(status, {"message": _reason(status), "detail": detail or {}}, headers)


def validation_error(detail: dict[str, dict[str, list[str]]]) -> Reply:
    """A 422 ``ValidationError`` body: ``{"message": "Validation error", "detail": {loc: {field: [..]}}}``."""
    return json_reply(422, {"message": "Validation error", "detail": detail})
