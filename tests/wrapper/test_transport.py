"""AsyncAutoenhance's aiohttp transport reports each kind of failure as the right httpx error.

(httpx-aiohttp maps every dropped or reset connection to ConnectTimeout; a failure that was not a
timeout must not become APITimeoutError.)"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator

import aiohttp
import autoenhance_sdk as sdk
import httpx
import pytest
from autoenhance_sdk._transport import _CorrectedStream

from tests.reliability.rawserver import RawServer, ok_order, reset


async def no_wait(_: float) -> None:
    return None


async def retrieve(url: str) -> sdk.OrderOut:
    async with sdk.AsyncAutoenhance(api_key="k", base_url=url, timeout=0.3, max_retries=0, sleep=no_wait) as client:
        return await client.orders.retrieve("o-1")


@pytest.mark.anyio
async def test_the_default_transport_serves_answers() -> None:
    with RawServer(lambda conn, head, n: conn.sendall(ok_order())) as server:  # type: ignore[arg-type]
        assert (await retrieve(server.url)).order_id == "o-1"


@pytest.mark.anyio
async def test_a_hang_is_a_timeout() -> None:
    stop = threading.Event()
    with RawServer(lambda conn, head, n: stop.wait(5)) as server:  # type: ignore[arg-type]
        with pytest.raises(sdk.APITimeoutError):
            await retrieve(server.url)
        stop.set()


@pytest.mark.anyio
@pytest.mark.parametrize(
    "behave",
    [lambda conn: conn.close(), reset, lambda conn: (conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-le"), reset(conn))],
    ids=["closed", "reset", "reset mid-headers"],
)
async def test_a_dropped_connection_is_not_a_timeout(behave: object) -> None:
    with RawServer(lambda conn, head, n: behave(conn)) as server:  # type: ignore[arg-type, operator]
        with pytest.raises(sdk.APIConnectionError) as info:
            await retrieve(server.url)
    assert not isinstance(info.value, sdk.APITimeoutError), info.value


class Failing(httpx.AsyncByteStream):
    def __init__(self, cause: BaseException) -> None:
        self.cause = cause
        self.closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"part"
        raise httpx.ConnectTimeout("mapped by httpx-aiohttp") from self.cause

    async def aclose(self) -> None:
        self.closed = True


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        (aiohttp.ServerDisconnectedError(), httpx.RemoteProtocolError),
        (aiohttp.ClientOSError(104, "reset"), httpx.ConnectError),
        (aiohttp.ServerTimeoutError("slow"), httpx.ConnectTimeout),
    ],
)
async def test_body_reads_are_corrected_too(cause: BaseException, expected: type[Exception]) -> None:
    inner = Failing(cause)
    stream = _CorrectedStream(inner)
    chunks = []
    with pytest.raises(expected):
        async for chunk in stream:
            chunks.append(chunk)
    assert chunks == [b"part"]
    await stream.aclose()
    assert inner.closed
