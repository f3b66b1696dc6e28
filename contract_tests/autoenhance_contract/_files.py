"""Real image files for the journey, the upload step, and reading what the downloads answer.

The upload step is not an API path (the spec's ``x-upload`` extension): the create answers a
presigned storage URL, and the raw bytes are ``PUT`` there with ``Content-Type:
application/octet-stream`` and no API key. Success is 200 with an empty body.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

import httpx
from PIL import Image

__all__ = ["PROCESSING_TIMEOUT", "decoded", "format_of", "photo", "upload", "wait_until"]

# How long the suite waits for processing: a real server may take minutes per image.
PROCESSING_TIMEOUT = {True: 60.0, False: 900.0}  # bundled mock, real server

_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


def photo(kind: str, width: int, height: int, exposure: float = 1.0) -> bytes:
    """A real image file: a gradient scene (sky over floor) at this exposure, ``width`` x
    ``height``, encoded as ``jpeg`` or ``png``. Three exposures of one scene make an HDR set."""
    small = Image.new("RGB", (32, 24))
    pixels = small.load()
    assert pixels is not None
    for y in range(24):
        for x in range(32):
            base = (90 + 120 * x // 32, 120 + 100 * y // 24, 200 - 150 * y // 24)
            pixels[x, y] = tuple(min(255, int(c * exposure)) for c in base)
    image = small.resize((width, height), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    image.save(out, _FORMATS[kind], **({"quality": 90} if kind == "jpeg" else {}))
    return out.getvalue()


def upload(url: str, data: bytes, before: Callable[[], None] = lambda: None) -> None:
    """PUT the raw bytes to an upload URL, as the spec's x-upload says: octet-stream, no key."""
    before()
    response = httpx.put(url, content=data, headers={"Content-Type": "application/octet-stream"}, timeout=120)
    assert response.status_code == 200, f"the upload answered {response.status_code}: {response.text[:300]}"
    assert response.content == b"", "x-upload: success is 200 with an empty body"


def decoded(data: bytes) -> Image.Image:
    """The image a download answered, decoded (an error if it is not an image file)."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def format_of(image: Image.Image) -> str:
    """``jpeg``, ``png`` or ``webp``: the asked-for name of what Pillow decoded."""
    return {pil: name for name, pil in _FORMATS.items()}.get(image.format or "", str(image.format))


def wait_until(read: Callable[[], Any], done: Callable[[Any], bool], timeout: float, what: str) -> Any:
    """Poll ``read()`` until ``done`` holds, at most ``timeout`` seconds (backing off to 5 s)."""
    deadline, delay = time.monotonic() + timeout, 0.1
    while True:
        value = read()
        if done(value):
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not done after {timeout:.0f} s (last seen: {value!r})")
        time.sleep(delay)
        delay = min(5.0, delay * 1.5)
