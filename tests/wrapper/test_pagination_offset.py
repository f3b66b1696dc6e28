"""``orders.list(offset=...)`` starts at that offset, in both clients, items and pages alike."""

from __future__ import annotations

import httpx
import pytest

from tests.wrapper.helpers import Recorder, async_client, order_json, reply, sync_client


def server(total: int) -> Recorder:
    """``total`` orders, ``o0`` first, paged by a numeric offset."""

    def serve(request: httpx.Request) -> httpx.Response:
        start = int(request.url.params.get("offset", "0"))
        size = int(request.url.params["per_page"])
        end = min(start + size, total)
        return reply(
            200,
            {
                "orders": [order_json(order_id=f"o{i}") for i in range(start, end)],
                "pagination": {"per_page": size, "next_offset": str(end) if end < total else None},
            },
        )

    return Recorder(serve)


def test_the_sync_pager_starts_at_the_offset() -> None:
    recorder = server(7)
    assert [o.order_id for o in sync_client(recorder).orders.list(per_page=2, offset="3")] == ["o3", "o4", "o5", "o6"]
    assert [r.url.params["offset"] for r in recorder.requests] == ["3", "5"]


@pytest.mark.anyio
async def test_the_async_pager_starts_at_the_offset() -> None:
    recorder = server(7)
    async with async_client(recorder) as client:
        orders = [o.order_id async for o in client.orders.list(per_page=2, offset="3")]
        pages = [
            [o.order_id for o in page.orders] async for page in client.orders.list(per_page=3, offset="4").iter_pages()
        ]
    assert orders == ["o3", "o4", "o5", "o6"]
    assert pages == [["o4", "o5", "o6"]]
    assert [r.url.params["offset"] for r in recorder.requests] == ["3", "5", "4"]


@pytest.mark.anyio
async def test_the_async_pager_without_an_offset_starts_at_the_first_page() -> None:
    recorder = server(3)
    async with async_client(recorder) as client:
        assert [o.order_id async for o in client.orders.list(per_page=2)] == ["o0", "o1", "o2"]
    assert "offset" not in recorder.requests[0].url.params
