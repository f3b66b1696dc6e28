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
from autoenhance_sdk._body import EAGER_BODY_MAX
from autoenhance_sdk._transport import AsyncTransport, _CorrectedStream, _text_headers

from tests.fixtures import ORDER
from tests.reliability.rawserver import RawServer, ok_order, order_answer, reset, response


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


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("padding", "chunked", "gzipped"),
    [
        (10, False, False),  # read with the headers
        (10, False, True),  # read with the headers, then decoded
        (EAGER_BODY_MAX + 1, False, False),  # too big to read at once: streamed
        (5000, True, False),  # no length: streamed
        (5000, True, True),
    ],
    ids=["small", "small gzip", "large", "chunked", "chunked gzip"],
)
async def test_every_answer_shape_arrives_whole(padding: int, chunked: bool, gzipped: bool) -> None:
    answer = order_answer(padding, chunked=chunked, gzipped=gzipped)
    with RawServer(lambda conn, head, n: conn.sendall(answer)) as server:  # type: ignore[arg-type]
        async with sdk.AsyncAutoenhance(api_key="k", base_url=server.url, max_retries=0) as client:
            raw = await client.orders.with_raw_response.retrieve("o-1")
        plain = httpx.get(server.url)  # httpx's own send and read
    order = raw.parsed
    assert order.order_id == ORDER["order_id"]
    assert order.additional_properties["padding"] == "x" * padding
    http = raw.http_response
    assert http.is_closed and http.content == plain.content
    assert http.num_bytes_downloaded == plain.num_bytes_downloaded  # bytes on the wire: gzip's


@pytest.mark.anyio
async def test_a_chunked_answer_that_also_claims_a_length_is_refused() -> None:
    """aiohttp refuses it (the sync client streams it, ignoring the length, as h11 does):
    either way it is never read into memory on the strength of its length."""
    whole = order_answer(EAGER_BODY_MAX * 2, chunked=True)
    head, _, body = whole.partition(b"\r\n\r\n")
    lying = head + b"\r\ncontent-length: 100\r\n\r\n" + body
    with RawServer(lambda conn, head, n: conn.sendall(lying)) as server:  # type: ignore[arg-type]
        with pytest.raises(sdk.APIConnectionError, match="Content-Length can't be present with Transfer-Encoding"):
            await retrieve(server.url)


@pytest.mark.anyio
async def test_a_body_cut_short_is_a_read_error_whatever_its_size() -> None:
    """A small answer is read with its headers: a connection closed before its end still fails."""
    cut = response(200, b'{"order_id": "o-1"', length=200)
    with RawServer(lambda conn, head, n: (conn.sendall(cut), conn.close())) as server:  # type: ignore[arg-type]
        with pytest.raises(sdk.APIConnectionError) as info:
            await retrieve(server.url)
    assert not isinstance(info.value, sdk.APITimeoutError), info.value


def test_headers_go_to_aiohttp_as_text_and_non_ascii_ones_as_httpx_decodes_them() -> None:
    plain = httpx.Headers({"x-a": "1", "accept": "application/json"})
    assert _text_headers(plain) == [("x-a", "1"), ("accept", "application/json")]
    latin = httpx.Headers([(b"x-name", "Zoë".encode("latin-1"))])
    assert _text_headers(latin) is latin


def test_one_aiohttp_timeout_per_distinct_timeout_and_never_more_than_a_few() -> None:
    transport = AsyncTransport()
    first = transport._client_timeout({"connect": 5.0, "read": 60.0, "pool": 60.0})
    assert transport._client_timeout({"connect": 5.0, "read": 60.0, "pool": 60.0}) is first
    assert (first.sock_connect, first.sock_read, first.connect) == (5.0, 60.0, 60.0)
    for seconds in range(100):  # per-call timeouts that change on every call
        made = transport._client_timeout({"connect": 1.0, "read": float(seconds), "pool": 2.0})
        assert made.sock_read == float(seconds)
        assert len(transport._timeouts) <= 32
    assert transport._client_timeout(None) == aiohttp.ClientTimeout(sock_connect=None, sock_read=None, connect=None)


@pytest.mark.anyio
async def test_a_streamed_body_cut_short_is_a_connection_error() -> None:
    """An answer without a length streams; the connection closed in its middle fails the call."""
    whole = order_answer(5000, chunked=True)
    with RawServer(lambda conn, head, n: (conn.sendall(whole[: len(whole) // 2]), conn.close())) as server:  # type: ignore[arg-type]
        with pytest.raises(sdk.APIConnectionError) as info:
            await retrieve(server.url)
    assert not isinstance(info.value, sdk.APITimeoutError), info.value


def _answer_then_drop(conn: object, head: bytes, n: int) -> bool:
    """The first request is answered on a kept-alive connection; every later one is dropped."""
    if n == 1:
        conn.sendall(ok_order())  # type: ignore[attr-defined]
        return True
    conn.close()  # type: ignore[attr-defined]
    return False


@pytest.mark.anyio
@pytest.mark.parametrize("method", ["retrieve", "delete"])
async def test_a_dropped_kept_alive_connection_is_not_retried_behind_the_sdks_back(method: str) -> None:
    """aiohttp re-sends a GET or DELETE once when a reused connection drops; with max_retries=0
    the server must see exactly one attempt (a DELETE sent twice would answer 404)."""
    with RawServer(_answer_then_drop) as server:  # type: ignore[arg-type]
        async with sdk.AsyncAutoenhance(api_key="k", base_url=server.url, max_retries=0, sleep=no_wait) as client:
            await client.orders.retrieve("o-1")  # the connection is now kept alive
            with pytest.raises(sdk.APIConnectionError):
                await getattr(client.orders, method)("o-1")
        assert server.requests == 2
