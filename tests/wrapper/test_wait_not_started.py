"""``wait()`` stops at once on an order nothing will ever finish, and keeps polling otherwise."""

from __future__ import annotations

import pytest
from autoenhance_sdk import OrderNotStartedError, WaitTimeoutError

from tests.wrapper.helpers import AsyncSleeps, Recorder, Sleeps, async_client, order_json, reply, sync_client

NEVER_STARTED = order_json(status="waiting", is_processing=False, is_merging=False)


def test_a_never_processed_order_fails_fast_with_a_clear_error() -> None:
    recorder, sleeps = Recorder(reply(200, NEVER_STARTED)), Sleeps()
    with pytest.raises(OrderNotStartedError, match=r"'o-1' is 'waiting' with nothing in flight") as info:
        sync_client(recorder, sleeps).orders.wait("o-1", timeout=600)
    assert len(recorder.requests) == 1 and sleeps == []
    assert "orders.process()" in str(info.value) and info.value.order.order_id == "o-1"


@pytest.mark.anyio
async def test_the_async_wait_fails_fast_too() -> None:
    recorder, sleeps = Recorder(reply(200, NEVER_STARTED)), AsyncSleeps()
    async with async_client(recorder, sleeps) as client:
        with pytest.raises(OrderNotStartedError):
            await client.orders.wait("o-1")
    assert len(recorder.requests) == 1 and sleeps == []


@pytest.mark.parametrize(
    "in_flight",
    [
        {"status": "waiting", "is_processing": True},  # started, status not updated yet
        {"status": "waiting", "is_merging": True},
        {"status": "processing", "is_processing": False},  # status says it runs
        {"status": "queued", "is_processing": False},  # unknown: keep polling, the timeout decides
    ],
)
def test_an_order_with_work_in_flight_is_polled_until_done(in_flight: dict[str, object]) -> None:
    done = order_json(status="processed")
    recorder, sleeps = (
        Recorder(reply(200, order_json(**in_flight)), reply(200, order_json(**in_flight)), reply(200, done)),
        Sleeps(),
    )
    order = sync_client(recorder, sleeps).orders.wait("o-1", timeout=600, poll_interval=2)
    assert order.status == "processed" and len(recorder.requests) == 3 and sleeps == [2.0, 3.0]


def test_a_timeout_still_says_the_status_value() -> None:
    recorder = Recorder(reply(200, order_json(status="processing", is_processing=True)))
    clock = iter(range(0, 10_000, 100))
    client = sync_client(recorder, Sleeps(), clock=lambda: float(next(clock)))
    with pytest.raises(WaitTimeoutError, match=r"still 'processing' after 150 s"):
        client.orders.wait("o-1", timeout=150)


def test_a_null_status_with_nothing_in_flight_is_finished() -> None:
    recorder, sleeps = Recorder(reply(200, order_json(status=None, is_processing=False, is_merging=False))), Sleeps()
    assert sync_client(recorder, sleeps).orders.wait("o-1").status is None
    assert len(recorder.requests) == 1 and sleeps == []


def test_each_poll_is_bounded_by_what_is_left_of_the_wait() -> None:
    now = [0.0]
    sleeps = Sleeps()

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    recorder = Recorder(reply(200, order_json(status="processing", is_processing=True)))
    client = sync_client(recorder, timeout=60, clock=lambda: now[0])
    client._sleep = sleep  # the recorded sleep moves the clock
    with pytest.raises(WaitTimeoutError):
        client.orders.wait("o-1", timeout=5, poll_interval=2)
    reads = [r.extensions["timeout"]["read"] for r in recorder.requests]
    assert reads == [5.0, 3.0, 1.0]  # 5 s left, then 3, then the one-second floor at the deadline
    recorder = Recorder(reply(200, order_json(status="processed")))
    sync_client(recorder, timeout=60).orders.wait("o-1", timeout=600)
    assert recorder.requests[0].extensions["timeout"]["read"] == 60.0  # the client's, when more is left
