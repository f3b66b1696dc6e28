"""``wait()`` is its own retry loop, bounded by its deadline: a hung or failing server cannot hold
it much past ``timeout``, and a transient failure does not end it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from autoenhance_sdk import APITimeoutError, InternalServerError, NotFoundError, RateLimitError

from tests.wrapper.helpers import AsyncSleeps, Recorder, async_client, order_json, reply, sync_client


class Clock:
    """Time that moves only when the client sleeps or a request takes its time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client_on(clock: Clock, recorder: Recorder, **options: Any) -> Any:
    client = sync_client(recorder, clock=lambda: clock.now, timeout=60, **options)
    client._sleep = clock.sleep
    return client


def test_a_hung_server_ends_the_wait_near_its_deadline() -> None:
    clock = Clock()

    def hang(request: httpx.Request) -> httpx.Response:
        clock.now += request.extensions["timeout"]["read"]  # the poll's whole timeout goes by
        raise httpx.ReadTimeout("timed out", request=request)

    recorder = Recorder(hang)
    with pytest.raises(APITimeoutError):
        client_on(clock, recorder, max_retries=5).orders.wait("o-1", timeout=5, poll_interval=1)
    assert clock.now <= 5 + 1.0, clock.now  # at most the one-second floor of the last poll past it
    reads = [r.extensions["timeout"]["read"] for r in recorder.requests]
    assert reads[0] == 5.0 and all(t <= 5.0 for t in reads)


def test_a_transient_failure_is_polled_again() -> None:
    clock = Clock()
    recorder = Recorder(httpx.Response(503), httpx.ConnectError("reset"), reply(200, order_json(status="processed")))
    order = client_on(clock, recorder).orders.wait("o-1", timeout=60, poll_interval=2)
    assert order.status == "processed" and len(recorder.requests) == 3 and clock.sleeps == [2.0, 3.0]


def test_a_rate_limit_is_waited_out_within_the_deadline() -> None:
    clock = Clock()
    limited = httpx.Response(429, headers={"retry-after": "7"}, json={"message": "Slow down", "detail": {}})
    recorder = Recorder(limited, reply(200, order_json(status="processed")))
    client_on(clock, recorder).orders.wait("o-1", timeout=60, poll_interval=1)
    assert clock.sleeps == [7.0]
    clock = Clock()
    recorder = Recorder(limited)
    with pytest.raises(RateLimitError):
        client_on(clock, recorder).orders.wait("o-1", timeout=10, poll_interval=1)
    assert clock.now <= 10


def test_an_error_no_retry_would_retry_ends_the_wait_at_once() -> None:
    clock = Clock()
    recorder = Recorder(reply(404, {"message": "Not found", "detail": {}}))
    with pytest.raises(NotFoundError):
        client_on(clock, recorder).orders.wait("o-1", timeout=60)
    assert len(recorder.requests) == 1 and clock.sleeps == []


def test_a_server_error_until_the_deadline_is_raised_as_itself() -> None:
    clock = Clock()
    recorder = Recorder(httpx.Response(500, json={"message": "boom", "detail": {}}))
    with pytest.raises(InternalServerError, match="boom"):
        client_on(clock, recorder).orders.wait("o-1", timeout=10, poll_interval=1)
    assert clock.now == 10 and sum(clock.sleeps) == 10


@pytest.mark.anyio
async def test_the_async_wait_polls_again_after_a_transient_failure() -> None:
    sleeps = AsyncSleeps()
    recorder = Recorder(httpx.Response(503), reply(200, order_json(status="processed")))
    async with async_client(recorder, sleeps) as client:
        assert (await client.orders.wait("o-1", timeout=60, poll_interval=2)).status == "processed"
        with pytest.raises(NotFoundError):
            await async_client(Recorder(reply(404, {"message": "x", "detail": {}})), sleeps).orders.wait("o-1")
    assert sleeps == [2.0] and len(recorder.requests) == 2
