"""The mock without a socket: sync and async transports, faults, and routing one URL in process."""

from __future__ import annotations

import asyncio
import concurrent.futures
import socket
import threading

import httpx
import pytest
from autoenhance_mock import AsyncInProcessTransport, InProcessTransport, MockServer, create_app, route_to
from autoenhance_sdk import APIConnectionError, AsyncAutoenhance, Autoenhance

KEY = "inproc-key"
URL = "http://inprocess.test"


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection attempt fails the test: in process means no socket at all."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def test_sync_transport_serves_the_api_in_the_callers_thread(no_sockets: None) -> None:
    app = create_app(api_keys=[KEY])
    threads_before = threading.active_count()
    with httpx.Client(transport=InProcessTransport(app), base_url=URL) as http:
        created = http.post("/v3/orders/", json={"name": "a b"}, headers={"x-api-key": KEY})
        read = http.get(f"/v3/orders/{created.json()['order_id']}", params={"x": "1"})
        unknown = http.get("/v3/orders/missing", headers={"x-api-key": KEY})
    assert created.status_code == 200
    assert read.json()["name"] == "a b"
    assert unknown.status_code == 404
    assert threading.active_count() == threads_before
    assert [e["query"] for e in app.requests.since(0, None)] == ["", "x=1", ""]


def test_sdk_client_through_the_sync_transport(no_sockets: None) -> None:
    app = create_app(api_keys=[KEY])
    with (
        httpx.Client(transport=InProcessTransport(app)) as http,
        Autoenhance(base_url=URL, api_key=KEY, http_client=http) as client,
    ):
        order = client.orders.create(name="x")
        assert client.orders.retrieve(order.order_id).name == "x"


@pytest.mark.parametrize("kind", ["drop", "truncate"])
def test_a_cut_answer_reads_as_a_dropped_connection(kind: str) -> None:
    app = create_app(api_keys=[KEY], faults=[{"kind": kind}])
    with (
        httpx.Client(transport=InProcessTransport(app), base_url=URL) as http,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        http.get("/v3/orders/", headers={"x-api-key": KEY})
    with (
        httpx.Client(transport=InProcessTransport(app)) as own,
        Autoenhance(base_url=URL, api_key=KEY, http_client=own, max_retries=1, sleep=lambda _s: None) as sdk,
        pytest.raises(APIConnectionError),
    ):
        sdk.orders.list_page()
    assert [e["faults"] for e in app.requests.since(0, None)] == [[kind]] * 3


def test_latency_fault_sleeps_on_the_private_loop() -> None:
    app = create_app(api_keys=[KEY], faults=[{"kind": "latency", "latency_ms": 1}])
    with httpx.Client(transport=InProcessTransport(app), base_url=URL) as http:
        assert http.get("/v3/orders/", headers={"x-api-key": KEY}).status_code == 200


def test_one_sync_client_shared_by_a_thread_pool() -> None:
    app = create_app(api_keys=[KEY])
    with httpx.Client(transport=InProcessTransport(app), base_url=URL) as http:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            statuses = list(
                pool.map(
                    lambda i: http.post("/v3/orders/", json={"name": str(i)}, headers={"x-api-key": KEY}), range(64)
                )
            )
    assert {r.status_code for r in statuses} == {200}
    assert len(app.store.dump().popitem()[1]) == 64


def test_sync_transport_inside_a_running_event_loop() -> None:
    """A sync client called from async code cannot use a second loop in that thread."""
    app = create_app(api_keys=[KEY])

    async def main() -> int:
        with httpx.Client(transport=InProcessTransport(app), base_url=URL) as http:
            return http.get("/v3/orders/", headers={"x-api-key": KEY}).status_code

    assert asyncio.run(main()) == 200


def test_async_transport(no_sockets: None) -> None:
    app = create_app(api_keys=[KEY])

    async def main() -> str:
        http = httpx.AsyncClient(transport=AsyncInProcessTransport(app))
        async with AsyncAutoenhance(base_url=URL, api_key=KEY, http_client=http) as client:
            order = await client.orders.create(name="async")
            found = await client.orders.retrieve(order.order_id)
        await http.aclose()
        return str(found.name)

    assert asyncio.run(main()) == "async"


def test_route_to_covers_clients_built_any_way_and_only_its_origin() -> None:
    routed = create_app(api_keys=[KEY])
    with MockServer(api_keys=[KEY]) as other:
        with route_to(URL, routed):
            with Autoenhance(base_url=URL, api_key=KEY) as client:  # the SDK's own default client
                client.orders.create(order_id="routed")
            with Autoenhance(base_url=other.url, api_key=KEY) as client:  # another origin: the socket
                client.orders.create(order_id="socket")

            async def main() -> None:
                async with AsyncAutoenhance(base_url=URL, api_key=KEY) as client:  # aiohttp by default
                    await client.orders.retrieve("routed")

            asyncio.run(main())
        assert [o["order_id"] for o in routed.store.dump().popitem()[1]] == ["routed"]
        assert [o["order_id"] for o in other.app.store.dump().popitem()[1]] == ["socket"]
    assert [e["operation"] for e in routed.requests.since(0, None)] == ["create_order", "retrieve_order"]


def test_route_to_is_undone_on_exit() -> None:
    before = httpx.Client._transport_for_url, httpx.AsyncClient._transport_for_url
    with route_to(URL, create_app(api_keys=[KEY])):
        assert httpx.Client._transport_for_url is not before[0]
    assert (httpx.Client._transport_for_url, httpx.AsyncClient._transport_for_url) == before
