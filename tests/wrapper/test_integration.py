"""Every SDK method, sync and async, against the real mock server on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import autoenhance_sdk as sdk
import pytest
from autoenhance_mock import Clock, MockServer, Timings

KEY, OTHER = "integration-key", "other-key"


class Time:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def mock_time() -> Time:
    return Time()


@pytest.fixture(scope="module")
def server(mock_time: Time) -> Iterator[MockServer]:
    with MockServer(
        api_keys=[KEY, OTHER], clock=Clock(source=mock_time), timings=Timings(2, 3), validate_responses=True
    ) as s:
        yield s


@pytest.fixture
def client(server: MockServer, mock_time: Time) -> Iterator[sdk.Autoenhance]:
    server.app.store.reset()

    def sleep(seconds: float) -> None:  # waiting moves the mock's clock, not the test's
        mock_time.now += seconds

    with sdk.Autoenhance(api_key=KEY, base_url=server.url, sleep=sleep, clock=mock_time) as c:
        yield c


def seed_brackets(server: MockServer, order_id: str, n: int) -> None:
    import httpx

    body = {"api_key": KEY, "orders": [{"order_id": order_id, "brackets": [{"name": f"b{i}.jpg"} for i in range(n)]}]}
    assert httpx.post(f"{server.url}/__mock__/seed", json=body).status_code == 200


def test_full_order_flow(client: sdk.Autoenhance, server: MockServer) -> None:
    order = client.orders.create(name="12 Elm St")
    assert order.status is sdk.OrderStatus.WAITING
    assert client.orders.retrieve(order.order_id, sort_images_by="name").name == "12 Elm St"
    assert client.orders.update(order.order_id, name="12 Elm Street").name == "12 Elm Street"
    assert client.orders.brackets(order.order_id).brackets == []
    seed_brackets(server, "hdr", 4)
    processing = client.orders.process("hdr", number_of_brackets_per_image=2, enhance_type="warm", sky_replacement=True)
    assert processing.is_processing is True
    done = client.orders.wait("hdr", timeout=60)
    assert done.status is sdk.OrderStatus.PROCESSED and done.total_images == 2
    assert {img.enhance_type for img in done.images} == {sdk.EnhanceType.WARM}
    assert [b.name for b in client.orders.brackets("hdr").brackets] == [f"b{i}.jpg" for i in range(4)]
    with pytest.warns(DeprecationWarning):
        assert client.orders.merge(order.order_id).is_merging is True
    client.orders.delete(order.order_id)
    with pytest.raises(sdk.NotFoundError):
        client.orders.retrieve(order.order_id)


def test_pagination_walks_every_order_once(client: sdk.Autoenhance) -> None:
    made = {client.orders.create(name=f"o{i}").order_id for i in range(23)}
    seen = [o.order_id for o in client.orders.list(per_page=5)]
    assert len(seen) == len(set(seen)) == 23 and set(seen) == made
    assert [len(p.orders) for p in client.orders.list(per_page=10).iter_pages()] == [10, 10, 3]


def test_errors_from_the_mock_are_typed(client: sdk.Autoenhance, server: MockServer) -> None:
    client.orders.create(order_id="dup")
    with pytest.raises(sdk.ConflictError):
        client.orders.create(order_id="dup")
    with sdk.Autoenhance(api_key="wrong", base_url=server.url) as wrong, pytest.raises(sdk.AuthenticationError):
        wrong.orders.list_page()
    with pytest.raises(sdk.UnprocessableEntityError) as info:
        client.orders.list_page(offset="not-a-token")
    assert "offset" in info.value.field_errors["query"]
    with sdk.Autoenhance(api_key=OTHER, base_url=server.url) as other, pytest.raises(sdk.NotFoundError):
        other.orders.retrieve("dup")
    with sdk.Autoenhance(base_url=server.url) as keyless:
        assert keyless.orders.retrieve("dup").order_id == "dup"


def test_idempotent_create_against_dropped_responses(client: sdk.Autoenhance, server: MockServer) -> None:
    import httpx

    httpx.post(f"{server.url}/__mock__/faults", json={"kind": "drop", "count": 2, "operation": "create_order"})
    order = client.orders.create(name="once")
    orders = list(client.orders.list())
    assert [o.order_id for o in orders] == [order.order_id], "exactly one order despite two dropped answers"


def test_retry_after_from_the_mock(client: sdk.Autoenhance, server: MockServer, mock_time: Time) -> None:
    import httpx

    httpx.post(f"{server.url}/__mock__/faults", json={"kind": "status", "status": 429, "retry_after": 2, "count": 1})
    before = mock_time.now
    assert client.orders.list_page().orders == []
    assert mock_time.now - before == 2.0


@pytest.mark.anyio
async def test_async_every_method(server: MockServer, mock_time: Time) -> None:
    server.app.store.reset()

    async def sleep(seconds: float) -> None:
        mock_time.now += seconds

    seed_brackets(server, "a-hdr", 2)
    async with sdk.AsyncAutoenhance(api_key=KEY, base_url=server.url, sleep=sleep, clock=mock_time) as client:
        order = await client.orders.create(name="async")
        assert (await client.orders.retrieve(order.order_id)).name == "async"
        assert (await client.orders.update(order.order_id, name="renamed")).name == "renamed"
        assert (await client.orders.brackets("a-hdr")).brackets[0].name == "b0.jpg"
        await client.orders.process("a-hdr", images=[["x"]])
        assert (await client.orders.wait("a-hdr")).status is sdk.OrderStatus.ERROR
        with pytest.warns(DeprecationWarning):
            await client.orders.merge(order.order_id)
        raw = await client.orders.with_raw_response.retrieve(order.order_id)
        assert raw.status_code == 200 and raw.parsed.is_merging is True
        assert len([o async for o in client.orders.list(per_page=1)]) == 2
        page = await client.orders.list_page(per_page=1)
        assert page.pagination.next_offset
        await client.orders.delete(order.order_id)
        with pytest.raises(sdk.NotFoundError):
            await client.orders.delete(order.order_id)
