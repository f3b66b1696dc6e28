"""``wait()`` polls on while the order is not both finished and idle, whatever its status says,
and its sleeps follow ``poll_interval`` below one second and stop at the deadline."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from autoenhance_sdk import OrderStatus, WaitTimeoutError

from tests.wrapper.helpers import Recorder, Sleeps, order_json, reply, sync_client


class Time:
    """A clock and a sleep for the client: sleeping moves the clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def answers(*orders: dict[str, Any]) -> Recorder:
    return Recorder(*(reply(200, order_json(**fields)) for fields in orders))


def waiting_client(recorder: Recorder, time: Time) -> Any:
    return sync_client(recorder, time.sleep, clock=time.clock)  # type: ignore[arg-type]


def test_a_finished_status_with_a_job_still_running_is_polled_again() -> None:
    """Reprocessing a processed order: ``processed`` while ``is_processing`` is not the end."""
    recorder = answers(
        {"status": "processed", "is_processing": True},
        {"status": "error", "is_processing": True},
        {"status": "processed", "is_processing": False},
    )
    order = sync_client(recorder, Sleeps()).orders.wait("o-1", poll_interval=2)
    assert len(recorder.requests) == 3
    assert order.status is OrderStatus.PROCESSED and order.is_processing is False


def test_a_poll_interval_under_a_second_is_kept() -> None:
    time = Time()
    recorder = answers(*[{"status": "processing", "is_processing": True}] * 3, {"status": "processed"})
    waiting_client(recorder, time).orders.wait("o-1", poll_interval=0.25)
    assert time.sleeps == [0.25, 0.375, 0.5625]


def test_the_last_sleep_ends_at_the_deadline_even_when_under_a_second() -> None:
    time = Time()
    recorder = answers({"status": "processing", "is_processing": True})
    with pytest.raises(WaitTimeoutError):
        waiting_client(recorder, time).orders.wait("o-1", timeout=1.25, poll_interval=1)
    assert time.sleeps == [1.0, 0.25]
    assert time.now == 1.25 and len(recorder.requests) == 3


@pytest.mark.parametrize(("status", "shown"), [("queued", "'queued'"), ("", "''")])
def test_an_unknown_status_is_polled_until_the_timeout_and_named_as_sent(status: str | None, shown: str) -> None:
    """A status this SDK does not know (the API's field is an open string) is not an end."""
    time = Time()
    recorder = answers({"status": status, "is_processing": False})
    with pytest.raises(WaitTimeoutError) as info:
        waiting_client(recorder, time).orders.wait("o-1", timeout=5, poll_interval=1)
    assert str(info.value) == f"Order 'o-1' still {shown} after 5 s."
    assert info.value.order.status == status
    assert len(recorder.requests) == 5


def test_an_unknown_status_followed_by_processed_returns_the_order() -> None:
    recorder = Recorder(
        reply(200, order_json(status="queued", is_processing=False)),
        httpx.Response(200, json=order_json(status="processed")),
    )
    order = sync_client(recorder, Sleeps()).orders.wait("o-1")
    assert order.status is OrderStatus.PROCESSED and len(recorder.requests) == 2
