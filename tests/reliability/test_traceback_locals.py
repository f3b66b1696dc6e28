"""The key never appears in a traceback formatted with its frames' locals (as error trackers,
``rich`` and ``traceback.TracebackException(capture_locals=True)`` format them), whatever failed."""

from __future__ import annotations

import asyncio
import socket
import traceback
from collections.abc import Callable
from typing import Any

import autoenhance_sdk as sdk
import httpx
import pytest

from tests.reliability.rawserver import RawServer

KEY = "sk-traceback-SECRET-9f8e7d"


def formatted(error: BaseException) -> str:
    return "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())


def closed_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def answering(raw: bytes) -> RawServer:
    return RawServer(lambda conn, head, n: conn.sendall(raw))  # type: ignore[arg-type]


def sync_call(base_url: str, **options: Any) -> BaseException:
    with sdk.Autoenhance(api_key=KEY, base_url=base_url, max_retries=0, **options) as client:
        try:
            client.orders.retrieve("o-1")
        except sdk.AutoenhanceError as error:
            return error
    raise AssertionError("the call succeeded")


def async_call(base_url: str) -> BaseException:
    async def run() -> BaseException:
        async with sdk.AsyncAutoenhance(api_key=KEY, base_url=base_url, max_retries=0) as client:
            try:
                await client.orders.retrieve("o-1")
            except sdk.AutoenhanceError as error:
                return error
        raise AssertionError("the call succeeded")

    return asyncio.run(run())


CALLS: dict[str, Callable[[str], BaseException]] = {"sync": sync_call, "async": async_call}
ANSWERS = {
    "404": b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
    "unreadable 200": b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5\r\n\r\n{oops",
    "bad gzip": b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\n"
    b"content-length: 8\r\n\r\nnot gzip",
    "bad status line": b"HELLO WORLD\r\n\r\n",
    "bad header": b"HTTP/1.1 200 OK\r\nBad Header\r\n\r\n",
}


@pytest.mark.parametrize("mode", list(CALLS))
@pytest.mark.parametrize("answer", list(ANSWERS))
def test_a_failed_call_keeps_the_key_out_of_every_frame(mode: str, answer: str) -> None:
    with answering(ANSWERS[answer]) as server:
        error = CALLS[mode](server.url)
    assert isinstance(error, sdk.APIError)
    assert KEY not in formatted(error) and KEY not in repr(error.request.headers if error.request else "")


@pytest.mark.parametrize("mode", list(CALLS))
def test_a_connection_that_fails_keeps_the_key_out_of_every_frame(mode: str) -> None:
    error = CALLS[mode](closed_port())
    assert isinstance(error, sdk.APIConnectionError) and KEY not in formatted(error)


def test_a_refused_setting_keeps_the_key_out_of_every_frame() -> None:
    with pytest.raises(sdk.InvalidInputError) as info:
        sdk.Autoenhance(api_key=KEY, base_url="ftp://x")
    assert KEY not in formatted(info.value)
    with pytest.raises(sdk.InvalidInputError) as info:
        sdk.Autoenhance(api_key=KEY + "\n", base_url="http://127.0.0.1:1")
    assert KEY not in formatted(info.value)


def test_the_key_is_still_sent_as_given() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["x-api-key"])
        return httpx.Response(404, json={"message": "Not found", "detail": {}})

    client = sdk.Autoenhance(
        api_key=KEY, base_url="http://t", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    with pytest.raises(sdk.NotFoundError):
        client.orders.retrieve("o-1")
    assert seen == [KEY]


ASSET_ANSWERS = {
    "404": ANSWERS["404"],
    "unreadable": b"HTTP/1.1 200 OK\r\ncontent-type: image/jpeg\r\ncontent-encoding: gzip\r\n"
    b"content-length: 8\r\n\r\nnot gzip",
    "json": ANSWERS["unreadable 200"],
    "bad status line": ANSWERS["bad status line"],
    "redirect loop": b"HTTP/1.1 302 Found\r\nlocation: /again\r\ncontent-length: 0\r\n\r\n",
}


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("answer", list(ASSET_ANSWERS))
def test_a_download_redirected_to_another_port_never_sends_or_shows_the_key(mode: str, answer: str) -> None:
    """Over real sockets: the API (one port) redirects to the asset host (another port of the same
    host); the asset host never receives the key, and the error's traceback never shows it."""
    heads: list[bytes] = []

    def asset(conn: socket.socket, head: bytes, n: int) -> None:
        heads.append(head)
        conn.sendall(ASSET_ANSWERS[answer])

    with RawServer(asset) as asset_server:  # type: ignore[arg-type]
        location = f"{asset_server.url}/a.jpg?X-Amz-Signature=91ab".encode()
        api = b"HTTP/1.1 302 Found\r\nlocation: " + location + b"\r\ncontent-length: 0\r\n\r\n"
        with answering(api) as api_server:
            error = DOWNLOADS[mode](api_server.url)
    assert isinstance(error, sdk.APIError) and heads
    assert not [h for h in heads if KEY.encode() in h or b"x-api-key" in h.lower()]
    assert KEY not in formatted(error) and "91ab" not in str(error)


def sync_download(base_url: str) -> BaseException:
    with sdk.Autoenhance(api_key=KEY, base_url=base_url, max_retries=0) as client:
        try:
            client.images.download_enhanced("img-1")
        except sdk.AutoenhanceError as error:
            return error
    raise AssertionError("the call succeeded")


def async_download(base_url: str) -> BaseException:
    async def run() -> BaseException:
        async with sdk.AsyncAutoenhance(api_key=KEY, base_url=base_url, max_retries=0) as client:
            try:
                await client.images.download_enhanced("img-1")
            except sdk.AutoenhanceError as error:
                return error
        raise AssertionError("the call succeeded")

    return asyncio.run(run())


DOWNLOADS: dict[str, Callable[[str], BaseException]] = {"sync": sync_download, "async": async_download}
