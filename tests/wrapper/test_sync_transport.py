"""Autoenhance's transport is httpx's with less around it (issue 15): every answer shape still
arrives whole, a small answer read at once gives its connection back to the pool, a cut answer
is a connection error, and the httpcore request it makes is the one httpx's transport makes."""

from __future__ import annotations

import socket
import time
from datetime import timedelta
from typing import Any

import autoenhance_sdk as sdk
import httpcore
import httpx
import pytest
from autoenhance_sdk._body import EAGER_BODY_MAX, async_read_whole, read_whole, timed
from autoenhance_sdk._core import content_type
from autoenhance_sdk._sync_transport import SyncTransport, core_request

from tests.fixtures import ORDER
from tests.reliability.rawserver import RawServer, ok_order, order_answer, response


def client(url: str) -> sdk.Autoenhance:
    return sdk.Autoenhance(api_key="k", base_url=url, timeout=0.3, max_retries=0)


@pytest.mark.parametrize(
    ("padding", "chunked", "gzipped"),
    [
        (10, False, False),  # read by the transport
        (10, False, True),  # compressed: httpx's decoders
        (EAGER_BODY_MAX + 1, False, False),  # too big to read at once: streamed, then joined
        (5000, True, False),  # no length: streamed, then joined
        (5000, True, True),
    ],
    ids=["small", "small gzip", "large", "chunked", "chunked gzip"],
)
def test_every_answer_shape_arrives_whole_as_httpx_reads_it(padding: int, chunked: bool, gzipped: bool) -> None:
    answer = order_answer(padding, chunked=chunked, gzipped=gzipped)
    with RawServer(lambda conn, head, n: conn.sendall(answer)) as server, client(server.url) as api:  # type: ignore[arg-type]
        raw = api.orders.with_raw_response.retrieve("o-1")
        plain = httpx.get(f"{server.url}/v3/orders/o-1")  # httpx's own send and read
    order = raw.parsed
    assert order.order_id == ORDER["order_id"]
    assert order.additional_properties["padding"] == "x" * padding
    http = raw.http_response
    assert http.is_closed and http.is_stream_consumed
    assert b"".join(http.iter_bytes()) == http.content == plain.content
    assert http.num_bytes_downloaded == plain.num_bytes_downloaded  # bytes on the wire: gzip's
    assert (http.http_version, http.reason_phrase, http.headers) == (
        plain.http_version,
        plain.reason_phrase,
        plain.headers,
    )


def test_a_chunked_answer_streams_whatever_length_it_also_claims() -> None:
    """h11 ignores a chunked answer's Content-Length: the length says nothing of its size."""
    whole = order_answer(EAGER_BODY_MAX * 2, chunked=True)
    head, _, body = whole.partition(b"\r\n\r\n")
    lying = head + b"\r\ncontent-length: 100\r\n\r\n" + body
    with RawServer(lambda conn, head, n: conn.sendall(lying)) as server:  # type: ignore[arg-type]
        with SyncTransport() as transport:
            answer = transport.handle_request(httpx.Request("GET", server.url))
            assert not isinstance(answer.stream, httpx.ByteStream)  # not read into memory
            assert len(answer.read()) > EAGER_BODY_MAX


def keep_answering(conn: socket.socket, head: bytes, n: int) -> bool:
    conn.sendall(ok_order())
    return True  # the connection stays open for the next request


def test_a_small_answer_read_at_once_gives_its_connection_back() -> None:
    with RawServer(keep_answering) as server, client(server.url) as api:  # type: ignore[arg-type]
        for _ in range(3):
            assert api.orders.retrieve("o-1").order_id == ORDER["order_id"]
        assert server.requests == 3
        assert len(server._open) == 1  # one connection, reused: each answer handed it back


@pytest.mark.parametrize("chunked", [False, True], ids=["sized", "chunked"])
def test_an_answer_cut_short_is_a_connection_error(chunked: bool) -> None:
    whole = order_answer(5000, chunked=True) if chunked else response(200, b'{"order_id": "o-1"', length=200)
    cut = whole[: len(whole) // 2] if chunked else whole
    with RawServer(lambda conn, head, n: (conn.sendall(cut), conn.close())) as server, client(server.url) as api:  # type: ignore[arg-type]
        with pytest.raises(sdk.APIConnectionError) as info:
            api.orders.retrieve("o-1")
    assert not isinstance(info.value, sdk.APITimeoutError), info.value


class _Recorded(Exception):
    pass


def _what_httpx_sends(request: httpx.Request) -> httpcore.Request:
    """The httpcore request httpx's own ``HTTPTransport.handle_request`` hands its pool."""
    transport = httpx.HTTPTransport()
    seen: list[httpcore.Request] = []

    def record(sent: httpcore.Request) -> Any:
        seen.append(sent)
        raise _Recorded

    transport._pool.handle_request = record  # type: ignore[method-assign]
    with pytest.raises(_Recorded):
        httpx.HTTPTransport.handle_request(transport, request)
    return seen[0]


@pytest.mark.parametrize(
    "request_",
    [
        httpx.Request("GET", "http://api.test/v3/orders/o%2F1?page=2", headers={"x-api-key": "k"}),
        httpx.Request(
            "POST", "https://api.test:8443/v3/orders/", json={"name": "é"}, headers={"x-note": "naïve".encode()}
        ),
        httpx.Request("DELETE", "http://[::1]:4010/v3/images/i-1", extensions={"timeout": {"read": 1.0}}),
        httpx.Request("GET", "http://api.test/x", extensions={"target": b"/elsewhere"}),
    ],
    ids=["get", "post json, non-ascii header", "delete ipv6", "target extension"],
)
def test_the_httpcore_request_is_the_one_httpx_makes(request_: httpx.Request) -> None:
    made, expected = core_request(request_), _what_httpx_sends(request_)
    assert type(made) is httpcore.Request
    assert vars(made) == vars(expected)


def test_the_client_sends_through_it_with_and_without_a_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.test:3128")
    monkeypatch.setenv("NO_PROXY", "internal.test")
    with sdk.Autoenhance(api_key="k", base_url="https://api.test") as api:
        http = api._http
        routed = http._transport_for_url(httpx.URL("https://api.test/v3/orders/"))
        direct = http._transport_for_url(httpx.URL("https://internal.test/v3/orders/"))
        plain = http._transport_for_url(httpx.URL("http://api.test/v3/orders/"))
    assert type(routed) is type(direct) is type(plain) is SyncTransport
    assert isinstance(routed._pool, httpcore.HTTPProxy)
    assert not isinstance(direct._pool, httpcore.HTTPProxy) and not isinstance(plain._pool, httpcore.HTTPProxy)


class _Failing(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __iter__(self) -> Any:
        yield b"part"
        raise httpx.ReadError("cut")

    async def __aiter__(self) -> Any:
        yield b"part"
        raise httpx.ReadError("cut")


def test_a_failed_read_names_its_request_and_closes_the_answer() -> None:
    request = httpx.Request("GET", "http://api.test/v3/orders/o-1")
    answer = httpx.Response(200, stream=_Failing(), request=request)
    with pytest.raises(httpx.ReadError) as info:
        read_whole(answer)
    assert info.value.request is request and answer.is_closed


@pytest.mark.anyio
async def test_a_failed_async_read_names_its_request_and_closes_the_answer() -> None:
    request = httpx.Request("GET", "http://api.test/v3/orders/o-1")
    answer = httpx.Response(200, stream=_Failing(), request=request)
    with pytest.raises(httpx.ReadError) as info:
        await async_read_whole(answer)
    assert info.value.request is request and answer.is_closed


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([(b"Content-Type", b"application/json")], "application/json"),
        ([], ""),
        ([(b"content-type", b"text/html"), (b"content-type", b"application/json")], "text/html, application/json"),
        ([(b"content-type", "text/plain; name=caf\u00e9".encode())], "text/plain; name=caf\u00e9"),
    ],
    ids=["one", "none", "several: joined as httpx joins them", "not ascii: decoded as httpx decodes it"],
)
def test_the_content_type_is_read_as_httpx_reads_it(headers: list[tuple[bytes, bytes]], expected: str) -> None:
    answer = httpx.Response(200, headers=headers)
    assert content_type(answer) == expected == answer.headers.get("content-type", "")


@pytest.mark.parametrize("padding", [10, EAGER_BODY_MAX + 1], ids=["read at once", "streamed, then read"])
def test_a_raw_response_has_its_elapsed_time_as_httpx_send_gives_it(padding: int) -> None:
    answer = order_answer(padding)
    with RawServer(lambda conn, head, n: conn.sendall(answer)) as server, client(server.url) as api:  # type: ignore[arg-type]
        took = api.orders.with_raw_response.retrieve("o-1").http_response.elapsed
    assert timedelta(0) < took < timedelta(seconds=5)


@pytest.mark.anyio
async def test_an_async_raw_response_has_its_elapsed_time_too() -> None:
    with RawServer(lambda conn, head, n: conn.sendall(ok_order())) as server:  # type: ignore[arg-type]
        async with sdk.AsyncAutoenhance(api_key="k", base_url=server.url, max_retries=0) as api:
            raw = await api.orders.with_raw_response.retrieve("o-1")
    assert raw.http_response.elapsed > timedelta(0)


def test_a_streamed_answer_has_its_elapsed_time_once_closed() -> None:
    answer = httpx.Response(200, stream=httpx.ByteStream(b"image bytes"))
    timed(answer, time.perf_counter())
    with pytest.raises(RuntimeError, match="elapsed"):
        answer.elapsed  # noqa: B018  # not yet: it is still streaming
    assert answer.read() == b"image bytes" and answer.elapsed >= timedelta(0)


@pytest.mark.anyio
async def test_an_async_streamed_answer_has_its_elapsed_time_once_closed() -> None:
    answer = httpx.Response(200, stream=httpx.ByteStream(b"image bytes"))
    timed(answer, time.perf_counter())
    assert await answer.aread() == b"image bytes" and answer.elapsed >= timedelta(0)
