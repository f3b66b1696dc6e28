"""Deliberately broken variants of the mock: ASGI middlewares that each bring one kind of drift."""

from __future__ import annotations

import json
from collections.abc import Callable, MutableMapping
from typing import Any

from autoenhance_mock import MockApp

Rewrite = Callable[
    [dict[str, Any], int, list[tuple[bytes, bytes]], bytes], tuple[int, list[tuple[bytes, bytes]], bytes]
]


class Drift:
    """Serve ``app``, passing each request through ``request`` and each answer through ``rewrite``."""

    def __init__(
        self, app: MockApp, rewrite: Rewrite | None = None, request: Callable[[dict[str, Any]], None] | None = None
    ):
        self.app, self.rewrite, self.request = app, rewrite, request

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/__mock__"):
            await self.app(scope, receive, send)
            return
        if self.request:
            scope = dict(scope)
            self.request(scope)
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        status, headers, body = start["status"], list(start.get("headers", [])), b"".join(chunks)
        if self.rewrite:
            status, headers, body = self.rewrite(scope, status, headers, body)
        headers = [(k, v) for k, v in headers if k != b"content-length"] + [
            (b"content-length", str(len(body)).encode())
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def on_json(change: Callable[[dict[str, Any], Any], Any]) -> Rewrite:
    """Rewrite successful JSON bodies with ``change(scope, data)``."""

    def rewrite(scope: dict[str, Any], status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Any:
        if status == 200 and body:
            body = json.dumps(change(scope, json.loads(body))).encode()
        return status, headers, body

    return rewrite


def _orders(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, dict) and "orders" in data:
        return list(data["orders"])
    return [data] if isinstance(data, dict) and "order_id" in data else []


def renamed_field(scope: dict[str, Any], data: Any) -> Any:
    for order in _orders(data):
        order["title"] = order.pop("name")
    return data


def wrong_format(scope: dict[str, Any], data: Any) -> Any:
    for order in _orders(data):
        order["created_at"] = "last tuesday"
    return data


def wrong_type(scope: dict[str, Any], data: Any) -> Any:
    for order in _orders(data):
        order["total_images"] = str(order["total_images"])
    return data


def skipping_pages(scope: dict[str, Any], data: Any) -> Any:
    if isinstance(data, dict) and data.get("orders") and data["pagination"]["next_offset"]:
        data["orders"] = data["orders"][:-1]  # the last order of every full page is lost
    return data


class RepeatingPages:
    """Every other page is served twice: its next_offset points back at itself once."""

    def __init__(self) -> None:
        self.pages = 0

    def __call__(self, scope: dict[str, Any], data: Any) -> Any:
        if isinstance(data, dict) and "pagination" in data and data["pagination"]["next_offset"]:
            self.pages += 1
            if self.pages % 2 == 0:
                query = dict(p.split("=", 1) for p in scope.get("query_string", b"").decode().split("&") if "=" in p)
                if "offset" in query:
                    data["pagination"]["next_offset"] = query["offset"]
        return data


def status(code: int, operation_path_suffix: str, method: str) -> Rewrite:
    def rewrite(scope: dict[str, Any], status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Any:
        if (
            status in (200, 204)
            and scope["method"] == method
            and scope["path"].rstrip("/").endswith(operation_path_suffix)
        ):
            return code, headers, body
        return status, headers, body

    return rewrite


def text_plain(scope: dict[str, Any], status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Any:
    return status, [(k, b"text/plain" if k == b"content-type" else v) for k, v in headers], body


def auth_not_enforced(valid_key: str) -> Callable[[dict[str, Any]], None]:
    """Any request to list orders is served as if it carried a valid key."""

    def request(scope: dict[str, Any]) -> None:
        if scope["method"] == "GET" and scope["path"].rstrip("/") == "/v3/orders":
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k != b"x-api-key"] + [
                (b"x-api-key", valid_key.encode())
            ]

    return request


def shared_accounts(first: str, second: str) -> Callable[[dict[str, Any]], None]:
    """The second key is treated as the first: one account sees the other's orders."""

    def request(scope: dict[str, Any]) -> None:
        scope["headers"] = [
            (k, first.encode() if (k == b"x-api-key" and v == second.encode()) else v) for k, v in scope["headers"]
        ]

    return request
