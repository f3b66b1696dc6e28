"""``Retry-After`` at its edges: zero, a date already past, exactly the cap, one past it."""

from __future__ import annotations

import email.utils

import pytest
from autoenhance_sdk import RateLimitError

from tests.wrapper.helpers import AsyncSleeps, Recorder, Sleeps, async_client, reply, sync_client

NOW = 1_700_000_000.0
BUSY = {"message": "Slow down", "detail": {}}


def busy(retry_after: str) -> Recorder:
    """A 429 asking for ``retry_after``, then the order."""
    return Recorder(reply(429, BUSY, {"retry-after": retry_after}), reply())


@pytest.mark.parametrize(
    "retry_after",
    [
        "0",
        "-5",  # nonsense, read as "now"
        email.utils.formatdate(NOW - 30, usegmt=True),  # a date already past
        email.utils.formatdate(NOW, usegmt=True),
    ],
)
def test_a_retry_after_of_now_or_the_past_retries_at_once(retry_after: str) -> None:
    recorder, sleeps = busy(retry_after), Sleeps()
    order = sync_client(recorder, sleeps, clock=lambda: NOW).orders.retrieve("o-1")
    assert order.order_id == "o-1"
    assert sleeps == [0.0] and len(recorder.requests) == 2


def test_retry_after_ms_of_zero_retries_at_once() -> None:
    recorder, sleeps = Recorder(reply(429, BUSY, {"retry-after-ms": "0"}), reply()), Sleeps()
    sync_client(recorder, sleeps).orders.retrieve("o-1")
    assert sleeps == [0.0]


def test_a_retry_after_equal_to_max_retry_after_is_waited_for() -> None:
    recorder, sleeps = busy("30"), Sleeps()
    sync_client(recorder, sleeps, max_retry_after=30).orders.retrieve("o-1")
    assert sleeps == [30.0] and len(recorder.requests) == 2


def test_an_http_date_exactly_max_retry_after_ahead_is_waited_for() -> None:
    recorder, sleeps = busy(email.utils.formatdate(NOW + 20, usegmt=True)), Sleeps()
    sync_client(recorder, sleeps, clock=lambda: NOW, max_retry_after=20).orders.retrieve("o-1")
    assert sleeps == [20.0]


def test_a_retry_after_just_over_max_retry_after_is_not_waited_for() -> None:
    recorder, sleeps = busy("30.5"), Sleeps()
    with pytest.raises(RateLimitError) as info:
        sync_client(recorder, sleeps, max_retry_after=30).orders.retrieve("o-1")
    assert info.value.retry_after == 30.5
    assert sleeps == [] and len(recorder.requests) == 1


def test_max_retry_after_zero_still_retries_a_retry_after_of_zero() -> None:
    recorder, sleeps = busy("0"), Sleeps()
    sync_client(recorder, sleeps, max_retry_after=0).orders.retrieve("o-1")
    assert sleeps == [0.0]


@pytest.mark.anyio
async def test_the_async_client_reads_the_edges_alike() -> None:
    sleeps = AsyncSleeps()
    past = email.utils.formatdate(NOW - 30, usegmt=True)
    recorder = Recorder(
        reply(429, BUSY, {"retry-after": past}),
        reply(429, BUSY, {"retry-after": "10"}),
        reply(),
    )
    async with async_client(recorder, sleeps, clock=lambda: NOW, max_retry_after=10) as client:
        await client.orders.retrieve("o-1")
    assert sleeps == [0.0, 10.0]
