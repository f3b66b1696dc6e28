"""Auto-pagination fetches lazily; wait() polls with backoff until the order is finished."""

from __future__ import annotations

from typing import Any

import autoenhance_sdk as sdk
import httpx
import pytest

from tests.wrapper.helpers import AsyncSleeps, Recorder, Sleeps, async_client, order_json, reply, sync_client


def pages(total: int, per_page: int) -> Recorder:
    """A server holding ``total`` orders, paged by an integer offset."""

    def serve(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("offset", "0"))
        size = int(request.url.params["per_page"])
        ids = list(range(start, min(start + size, total)))
        nxt = str(start + size) if start + size < total else None
        return reply(
            200,
            {
                "orders": [order_json(order_id=f"o{i}") for i in ids],
                "pagination": {"per_page": size, "next_offset": nxt},
            },
        )

    return Recorder(serve)


def test_iterating_walks_every_page_lazily() -> None:
    recorder = pages(7, 3)
    pager = sync_client(recorder).orders.list(per_page=3)
    assert recorder.requests == [], "nothing is fetched before iterating"
    it = iter(pager)
    assert next(it).order_id == "o0"
    assert len(recorder.requests) == 1
    assert [o.order_id for o in it] == [f"o{i}" for i in range(1, 7)]
    assert len(recorder.requests) == 3


def test_iter_pages_gives_pagination_and_offset_starts_midway() -> None:
    recorder = pages(7, 3)
    got = [
        (len(p.orders), p.pagination.next_offset) for p in sync_client(recorder).orders.list(per_page=3).iter_pages()
    ]
    assert got == [(3, "3"), (3, "6"), (1, None)]
    assert [o.order_id for o in sync_client(pages(7, 3)).orders.list(per_page=3, offset="6")] == ["o6"]


@pytest.mark.anyio
async def test_async_pagination() -> None:
    pager = async_client(pages(5, 2)).orders.list(per_page=2)
    assert [o.order_id async for o in pager] == [f"o{i}" for i in range(5)]
    sizes = [len(p.orders) async for p in async_client(pages(5, 2)).orders.list(per_page=2).iter_pages()]
    assert sizes == [2, 2, 1]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def statuses(*names: str | None, processing: bool = True) -> list[httpx.Response]:
    last = len(names) - 1
    return [reply(200, order_json(status=s, is_processing=processing and i < last)) for i, s in enumerate(names)]


def test_wait_polls_with_backoff_until_processed() -> None:
    clock = Clock()
    sleeps = Sleeps()

    def advance(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += seconds

    recorder = Recorder(*statuses("waiting", "processing", "processing", "processing", "processed"))
    client = sync_client(recorder, advance, clock=clock)  # type: ignore[arg-type]
    order = client.orders.wait("o-1", timeout=600, poll_interval=2)
    assert order.status is sdk.OrderStatus.PROCESSED
    assert sleeps == [2.0, 3.0, 4.5, 6.75]


def test_wait_returns_an_order_that_ended_in_error_and_caps_the_interval() -> None:
    clock = Clock()
    sleeps = Sleeps()

    def advance(seconds: float) -> None:
        sleeps.append(seconds)
        clock.now += seconds

    recorder = Recorder(*statuses(*["processing"] * 9, "error"))
    order = sync_client(recorder, advance, clock=clock).orders.wait("o-1", poll_interval=5)  # type: ignore[arg-type]
    assert order.status is sdk.OrderStatus.ERROR
    assert max(sleeps) == 15.0


def test_wait_times_out_with_the_last_order() -> None:
    clock = Clock()

    def advance(seconds: float) -> None:
        clock.now += seconds

    recorder = Recorder(reply(200, order_json(status="processing", is_processing=True)))
    with pytest.raises(sdk.WaitTimeoutError) as info:
        sync_client(recorder, advance, clock=clock).orders.wait("o-1", timeout=10)  # type: ignore[arg-type]
    assert str(info.value) == "Order 'o-1' still 'processing' after 10 s."
    assert info.value.order.status is sdk.OrderStatus.PROCESSING
    assert clock.now == 10.0, "the last sleep ends at the deadline"
    assert isinstance(info.value, TimeoutError)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timeout": 0},
        {"poll_interval": -1},
        {"timeout": True},
        {"timeout": float("inf")},
        {"poll_interval": float("nan")},
    ],
)
def test_wait_arguments_are_checked(kwargs: dict[str, Any]) -> None:
    with pytest.raises(sdk.InvalidInputError):
        sync_client(Recorder(reply())).orders.wait("o-1", **kwargs)


@pytest.mark.anyio
async def test_async_wait() -> None:
    clock = Clock()
    sleeps = AsyncSleeps()

    async def advance(seconds: float) -> None:
        await sleeps(seconds)
        clock.now += seconds

    recorder = Recorder(*statuses("processing", "processed"))
    order = await async_client(recorder, advance, clock=clock).orders.wait("o-1")  # type: ignore[arg-type]
    assert order.status is sdk.OrderStatus.PROCESSED and sleeps == [1.0]
    recorder = Recorder(reply(200, order_json(status="processing", is_processing=True)))
    with pytest.raises(sdk.WaitTimeoutError):
        await async_client(recorder, advance, clock=clock).orders.wait("o-1", timeout=3)  # type: ignore[arg-type]
