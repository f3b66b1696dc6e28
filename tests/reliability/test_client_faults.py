"""Faults the SDK survives: the mock's fault injection, and a raw-socket server that misbehaves.

Waits between retries go to a recorded, instant ``sleep``; only network timeouts are real, and
they are asserted as upper bounds with slack, never as exact durations.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import autoenhance_sdk as sdk
import httpx
import pytest
from autoenhance_mock import MockServer, fingerprint

from tests.reliability.rawserver import ORDER, RawServer, ok_order, reset, response

KEY = "reliability-key"


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with MockServer(api_keys=[KEY]) as server:
        yield server


@pytest.fixture
def fresh(mock: MockServer) -> MockServer:
    httpx.post(f"{mock.url}/__mock__/reset")
    return mock


def client(url: str, sleeps: Sleeps, **options: object) -> sdk.Autoenhance:
    return sdk.Autoenhance(api_key=KEY, base_url=url, sleep=sleeps, jitter=lambda: 0.0, **options)  # type: ignore[arg-type]


def fault(server: MockServer, **spec: object) -> None:
    assert httpx.post(f"{server.url}/__mock__/faults", json=spec).status_code == 200


def test_503_twice_then_200_with_the_expected_backoff(fresh: MockServer) -> None:
    sleeps = Sleeps()
    with client(fresh.url, sleeps) as c:
        order = c.orders.create(name="x")
        fault(fresh, kind="status", status=503, count=2)
        assert c.orders.retrieve(order.order_id).order_id == order.order_id
    assert sleeps == [0.5, 1.0]


def test_429_retry_after_is_waited_and_an_overlong_one_raises_at_once(fresh: MockServer) -> None:
    sleeps = Sleeps()
    with client(fresh.url, sleeps) as c:
        fault(fresh, kind="status", status=429, retry_after=7, count=1)
        assert c.orders.list_page().orders == []
        assert sleeps == [7.0]
        fault(fresh, kind="status", status=429, retry_after=3600, count=1)
        with pytest.raises(sdk.RateLimitError) as info:
            c.orders.list_page()
        assert info.value.retry_after == 3600 and sleeps == [7.0]


def test_dropped_create_answers_never_duplicate_the_order(fresh: MockServer) -> None:
    sleeps = Sleeps()
    fault(fresh, kind="drop", count=2, operation="create_order")
    with client(fresh.url, sleeps) as c:
        order = c.orders.create(name="exactly once")
    state = httpx.get(f"{fresh.url}/__mock__/state").json()["accounts"][fingerprint(KEY)]
    assert [o["order_id"] for o in state] == [order.order_id]
    assert len(sleeps) == 2


@pytest.mark.parametrize("kind", ["truncate", "malformed"])
def test_cut_or_malformed_answers_from_the_mock_are_typed(fresh: MockServer, kind: str) -> None:
    fault(fresh, kind=kind)
    with client(fresh.url, Sleeps()) as c, pytest.raises(sdk.APIError) as info:
        c.orders.list_page()
    expected = sdk.APIConnectionError if kind == "truncate" else sdk.APIResponseValidationError
    assert isinstance(info.value, expected)


def hang(stop: threading.Event) -> object:
    def behave(conn: socket.socket, head: bytes, n: int) -> None:
        stop.wait(10)

    return behave


def test_a_server_that_never_answers_times_out_within_the_bound() -> None:
    stop = threading.Event()
    with RawServer(hang(stop)) as server:  # type: ignore[arg-type]
        sleeps = Sleeps()
        started = time.monotonic()
        with client(server.url, sleeps, timeout=0.3, max_retries=1) as c, pytest.raises(sdk.APITimeoutError):
            c.orders.retrieve("o-1")
        elapsed = time.monotonic() - started
        stop.set()
    assert server.requests == 2 and sleeps == [0.5]
    assert elapsed < 0.3 * 2 + 1.5, f"blocked {elapsed:.2f} s; bound is timeout x attempts (+ slack)"


@pytest.mark.anyio
async def test_async_never_answering_server_times_out() -> None:
    stop = threading.Event()
    with RawServer(hang(stop)) as server:  # type: ignore[arg-type]

        async def no_wait(_: float) -> None:
            return None

        async with sdk.AsyncAutoenhance(
            api_key=KEY, base_url=server.url, timeout=0.3, max_retries=0, sleep=no_wait
        ) as c:
            with pytest.raises(sdk.APITimeoutError):
                await c.orders.retrieve("o-1")
        stop.set()


def flaky(bad: object, good_after: int) -> object:
    """Misbehave (``bad(conn)``) for the first ``good_after`` requests, then answer properly."""

    def behave(conn: socket.socket, head: bytes, n: int) -> None:
        if n <= good_after:
            bad(conn)  # type: ignore[operator]
        else:
            conn.sendall(ok_order())

    return behave


BAD = {
    "reset before any answer": reset,
    "reset mid-headers": lambda conn: (conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-le"), reset(conn)),
    "truncated body": lambda conn: conn.sendall(response(200, b'{"order_id": "o', length=500)),
    "closed without a word": lambda conn: conn.close(),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_broken_connections_are_retried(kind: str) -> None:
    with RawServer(flaky(BAD[kind], good_after=2)) as server:  # type: ignore[arg-type]
        sleeps = Sleeps()
        with client(server.url, sleeps) as c:
            assert c.orders.retrieve("o-1").order_id == "o-1"
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize("kind", list(BAD))
def test_persistently_broken_connections_end_in_a_typed_error(kind: str) -> None:
    with RawServer(flaky(BAD[kind], good_after=10**6)) as server:  # type: ignore[arg-type]
        with client(server.url, Sleeps()) as c, pytest.raises(sdk.APIConnectionError) as info:
            c.orders.retrieve("o-1")
    assert not isinstance(info.value.__cause__, sdk.AutoenhanceError)
    assert "GET /v3/orders/o-1" in str(info.value)


def test_keep_alive_connection_closed_by_the_server_between_calls() -> None:
    def behave(conn: socket.socket, head: bytes, n: int) -> None:
        conn.sendall(ok_order())  # keep-alive by default in HTTP/1.1 ... then the server hangs up

    with RawServer(behave) as server:  # type: ignore[arg-type]
        sleeps = Sleeps()
        with client(server.url, sleeps) as c:
            for _ in range(5):
                assert c.orders.retrieve("o-1").order_id == "o-1"
    # Each call was served once; a call that met a connection the server had already closed was
    # retried on a new one (httpx may also notice the close before sending: then no retry at all).
    assert server.requests == 5 and len(sleeps) <= 5


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (response(200, b"{not json"), "not valid JSON"),
        (response(200, b"<html>maintenance</html>", ctype="text/html"), "text/html, not JSON"),
        (response(200, json.dumps({**ORDER, "images": "none"}).encode()), "does not match the spec"),
        (response(200, json.dumps([{"order_id": 1}]).encode()), "does not match the spec"),
    ],
)
def test_unreadable_200s_are_typed_and_say_what_came_back(answer: bytes, says: str) -> None:
    with RawServer(lambda conn, head, n: conn.sendall(answer)) as server:  # type: ignore[arg-type]
        with client(server.url, Sleeps()) as c, pytest.raises(sdk.APIResponseValidationError, match=says):
            c.orders.retrieve("o-1")


@pytest.mark.parametrize("status", [520, 599, 499, 299])
def test_statuses_python_does_not_know(status: int) -> None:
    answer = response(status, b'{"message": "odd", "detail": {}}')
    with RawServer(lambda conn, head, n: conn.sendall(answer)) as server:  # type: ignore[arg-type]
        with client(server.url, Sleeps(), max_retries=0) as c:
            if status == 299:  # a 2xx is a success, whatever its name
                with pytest.raises(sdk.APIResponseValidationError):
                    c.orders.retrieve("o-1")
                return
            with pytest.raises(sdk.APIStatusError) as info:
                c.orders.retrieve("o-1")
    assert info.value.status_code == status and "odd" in str(info.value)
