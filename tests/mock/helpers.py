"""Helpers for the mock server's tests: the two tenants' keys and headers, a hand-driven wall
clock, and a shortcut to create an order.

Import from here (``from tests.mock.helpers import ...``); ``conftest.py`` holds fixtures only.
"""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from PIL import Image

__all__ = [
    "KEY_A",
    "KEY_B",
    "A",
    "B",
    "OCTET",
    "key",
    "FakeTime",
    "Receiver",
    "create",
    "decode",
    "new_image",
    "photo",
    "put",
    "uploaded_image",
]

OCTET = {"content-type": "application/octet-stream"}
"""The Content-Type current upload URLs are signed for."""

KEY_A, KEY_B = "key-a", "key-b"
"""The API keys of the session server's two tenants."""


def key(k: str) -> dict[str, str]:
    """The request headers that authenticate with API key ``k``."""
    return {"x-api-key": k}


A, B = key(KEY_A), key(KEY_B)
"""Request headers for tenant A and tenant B."""


class FakeTime:
    """A wall clock that only moves when a test says so (set ``now``)."""

    def __init__(self) -> None:
        self.now = 1_796_000_000.0

    def __call__(self) -> float:
        return self.now


def create(http: httpx.Client, headers: dict[str, str] = A, **body: object) -> dict[str, object]:
    """Create an order as tenant A (or ``headers``) with ``body``; assert it succeeded and return its JSON."""
    resp = http.post("/v3/orders/", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    data: dict[str, object] = resp.json()
    return data


def photo(
    width: int = 1600, height: int = 1200, fmt: str = "JPEG", colour: tuple[int, int, int] = (90, 120, 160)
) -> bytes:
    """A real image file of ``width`` x ``height`` (a gradient over ``colour``) in ``fmt``."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.blend(image, Image.new("RGB", (width, height), colour), 0.5)
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def decode(body: bytes) -> Image.Image:
    """The image a download answered, decoded by Pillow (fails if it is not one)."""
    image = Image.open(io.BytesIO(body))
    image.load()
    return image


def new_image(http: httpx.Client, headers: dict[str, str] = A, **body: Any) -> dict[str, Any]:
    """``create_image`` (image_name defaults to "room"); assert 200 and return the answer."""
    resp = http.post("/v3/images/", json={"image_name": "room", **body}, headers=headers)
    assert resp.status_code == 200, resp.text
    data: dict[str, Any] = resp.json()
    return data


def put(http: httpx.Client, url: str, data: bytes, content_type: str = "application/octet-stream") -> httpx.Response:
    """PUT ``data`` to an upload URL with ``content_type`` and no API key, as a client does."""
    return http.put(url, content=data, headers={"content-type": content_type})


def uploaded_image(
    http: httpx.Client, data: bytes | None = None, headers: dict[str, str] = A, **body: Any
) -> dict[str, Any]:
    """An image created and uploaded (so ``processing``); returns create_image's answer."""
    image = new_image(http, headers, **body)
    resp = put(http, image["upload_url"], photo() if data is None else data)
    assert resp.status_code == 200, resp.text
    return image


class Receiver:
    """A webhook receiver on 127.0.0.1 (a real HTTP server in a thread): records each POST's
    headers and JSON body, answers 500 to the first ``fail`` of them and ``ok`` to the others.
    Stop it with ``close``."""

    def __init__(self, ok: int = 200) -> None:
        self.requests: list[tuple[dict[str, str], Any]] = []
        self.fail = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                failing = receiver.fail > 0
                receiver.fail -= failing
                self.send_response(500 if failing else ok)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self._thread.start()

    def bodies(self) -> list[Any]:
        return [body for _, body in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)
