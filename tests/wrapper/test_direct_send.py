"""The client's own pool is sent to straight through its transport (httpx's client layers do
nothing the SDK uses); a user's ``http_client`` still goes through its ``send``, so its event
hooks, auth and cookies run. Both paths put the same request on the wire."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from autoenhance_sdk import AsyncAutoenhance, Autoenhance

from tests.reliability.rawserver import RawServer, ok_order
from tests.wrapper.helpers import KEY, order_json

ON_THE_WIRE = {"host", "accept", "accept-encoding", "connection", "user-agent", "x-api-key", "x-api-version"}


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    """Every request the default transports (sync httpx, async aiohttp) are handed, answered 200."""
    from autoenhance_sdk._transport import AsyncTransport

    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        cookie = {"set-cookie": "sid=from-api; Path=/"}
        return httpx.Response(200, json=order_json(), headers={**cookie, "content-type": "application/json"})

    async def answer_async(self: Any, request: httpx.Request) -> httpx.Response:
        return answer(request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", lambda self, request: answer(request))
    monkeypatch.setattr(AsyncTransport, "handle_async_request", answer_async)
    return seen


def test_the_own_pool_sends_what_httpx_would_have_built(wire: list[httpx.Request]) -> None:
    with Autoenhance(api_key=KEY, base_url="http://api.test") as client:
        client.orders.retrieve("o-1", sort_images_by="date_added")
        client.orders.retrieve("o-1")
        expected = client._http.build_request(
            "GET", "http://api.test/v3/orders/o-1", headers=client._settings.headers()
        )
    first, second = wire
    assert set(first.headers) == ON_THE_WIRE == {name.lower() for name in expected.headers}
    assert first.headers["accept-encoding"] == expected.headers["accept-encoding"]
    assert str(first.url) == "http://api.test/v3/orders/o-1?sort_images_by=date_added"
    assert first.extensions["timeout"] == {"connect": 5.0, "read": 60.0, "write": 60.0, "pool": 60.0}
    assert "cookie" not in second.headers  # the own pool keeps no cookies: the API needs none


@pytest.mark.anyio
async def test_the_async_own_pool_sends_the_same(wire: list[httpx.Request]) -> None:
    async with AsyncAutoenhance(api_key=KEY, base_url="http://api.test") as client:
        await client.orders.retrieve("o-1")
        await client.with_options(timeout=7).orders.retrieve("o-1")
    first, second = wire
    assert set(first.headers) == ON_THE_WIRE and second.extensions["timeout"]["read"] == 7.0


def test_a_closed_client_refuses_to_send(wire: list[httpx.Request]) -> None:
    client = Autoenhance(api_key=KEY, base_url="http://api.test")
    client.close()
    with pytest.raises(RuntimeError, match="client has been closed"):
        client.orders.retrieve("o-1")
    assert wire == []


@pytest.mark.anyio
async def test_a_closed_async_client_refuses_to_send(wire: list[httpx.Request]) -> None:
    client = AsyncAutoenhance(api_key=KEY, base_url="http://api.test")
    await client.close()
    with pytest.raises(RuntimeError, match="client has been closed"):
        await client.orders.retrieve("o-1")


def test_a_users_http_client_still_runs_its_hooks_and_keeps_cookies() -> None:
    seen: list[httpx.Request] = []
    hooked: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=order_json(), headers={"set-cookie": "sid=from-api; Path=/"})

    http = httpx.Client(
        transport=httpx.MockTransport(answer), event_hooks={"request": [lambda r: hooked.append(r.url.path)]}
    )
    with Autoenhance(api_key=KEY, base_url="http://api.test", http_client=http) as client:
        client.orders.retrieve("o-1")
        client.orders.retrieve("o-1")
    assert hooked == ["/v3/orders/o-1", "/v3/orders/o-1"] and seen[1].headers["cookie"] == "sid=from-api"


def test_hooks_added_to_the_own_pool_still_run() -> None:
    """Event hooks someone adds to the client's own pool (the contract suite's safety checks are
    such hooks) make it send through httpx's send again, so they run."""
    from tests.wrapper.helpers import Recorder

    seen: list[str] = []
    client = Autoenhance(api_key=KEY, base_url="http://api.test")
    client._http._transport = httpx.MockTransport(Recorder(httpx.Response(200, json=order_json())))
    client._http._mounts = {}
    client._http.event_hooks["request"].append(lambda request: seen.append(request.url.path))
    client.orders.retrieve("o-1")
    client.close()
    assert seen == ["/v3/orders/o-1"]


def test_hooks_on_the_own_pool_see_the_answer_as_httpx_hands_it_over() -> None:
    """Over the wire too (the SDK's own transport): unread when the response hook runs, then
    read, closed and timed by httpx's send."""
    states: list[tuple[bool, bool]] = []
    answer = ok_order()
    with RawServer(lambda conn, head, n: conn.sendall(answer)) as server:  # type: ignore[arg-type]
        with Autoenhance(api_key=KEY, base_url=server.url, max_retries=0) as client:
            hooks = client._http.event_hooks["response"]
            hooks.append(lambda response: states.append((response.is_stream_consumed, response.is_closed)))
            http = client.orders.with_raw_response.retrieve("o-1").http_response
    assert states == [(False, False)]
    assert http.is_closed and http.num_bytes_downloaded == len(answer.partition(b"\r\n\r\n")[2])
    assert http.elapsed.total_seconds() > 0


def test_pytest_httpx_catches_the_sync_clients_requests(httpx_mock: Any) -> None:
    """A user's tests that mock httpx with pytest-httpx (it patches ``httpx.HTTPTransport``)."""
    httpx_mock.add_response(url="http://api.test/v3/orders/o-1", json=order_json())
    with Autoenhance(api_key=KEY, base_url="http://api.test") as client:
        assert client.orders.retrieve("o-1").order_id == order_json()["order_id"]
    (sent,) = httpx_mock.get_requests()
    assert sent.method == "GET" and sent.headers["x-api-version"] == client.api_version


@pytest.mark.anyio
async def test_hooks_added_to_the_async_own_pool_still_run() -> None:
    from tests.wrapper.helpers import Recorder

    seen: list[str] = []

    async def hook(response: httpx.Response) -> None:
        seen.append(response.request.url.path)

    client = AsyncAutoenhance(api_key=KEY, base_url="http://api.test")
    client._http._transport = httpx.MockTransport(Recorder(httpx.Response(200, json=order_json())))
    client._http._mounts = {}
    client._http.event_hooks["response"].append(hook)
    await client.orders.retrieve("o-1")
    await client.close()
    assert seen == ["/v3/orders/o-1"]


def test_each_request_carries_its_own_settings_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The normalised headers are kept for the last settings used: a call with other settings, a
    copy with other options, and the redaction of a sent request's key never leak into another."""
    sent: list[dict[str, Any]] = []  # what each request carried when the transport had it

    def answer(self: Any, request: httpx.Request) -> httpx.Response:
        sent.append({**request.headers, "timeout": request.extensions["timeout"]})
        return httpx.Response(200, json=order_json())

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", answer)
    with Autoenhance(api_key=KEY, base_url="http://api.test") as client:
        client.orders.retrieve("o-1")
        client.orders.retrieve("o-1", extra_headers={"x-trace": "t-1"}, timeout=7)
        older = client.with_options(api_version="2024-01-01")
        older.orders.retrieve("o-1")
        client.orders.retrieve("o-1")
        assert KEY not in repr(client._stock) and KEY not in repr(vars(client))
    plain, traced, old, again = sent
    assert "x-trace" not in plain and "x-trace" not in again
    assert traced["x-trace"] == "t-1" and traced["timeout"]["read"] == 7
    assert old["x-api-version"] == "2024-01-01"
    assert plain["x-api-version"] == again["x-api-version"] != "2024-01-01"
    assert [headers["x-api-key"] for headers in sent] == [KEY] * 4  # a sent request's redaction stays its own
    assert plain["host"] == "api.test" and plain["timeout"]["read"] == 60.0


@pytest.mark.parametrize("method", ["GET", "DELETE", "POST", "PUT", "PATCH"])
@pytest.mark.parametrize("body", [None, {"name": "Zoë"}], ids=["no body", "json"])
def test_the_own_pools_request_is_the_one_httpx_builds(method: str, body: Any) -> None:
    """Built from the settings' normalised headers, with or without a body, for every method."""
    from autoenhance_sdk._generated import Endpoint
    from autoenhance_sdk._requests import Prepared

    with Autoenhance(api_key=KEY, base_url="http://api.test:8080") as client:
        call = Endpoint("an_operation", method, "/v3/things/t-1", {"page": "2"}, body)
        ours = client._build(Prepared(call, None), client._settings)
        theirs = client._http.build_request(
            method,
            "http://api.test:8080/v3/things/t-1",
            params={"page": "2"},
            json=body,
            headers=client._settings.headers(),
            timeout=client._settings.timeout,
        )

    def named(request: httpx.Request) -> list[tuple[str, str]]:
        return sorted((name.lower(), value) for name, value in request.headers.multi_items())

    assert named(ours) == named(theirs) and str(ours.url) == str(theirs.url)
    assert ours.content == theirs.content and ours.extensions == theirs.extensions


def test_a_user_and_password_in_the_base_url_are_sent_as_httpx_sends_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Basic auth from the URL is httpx's send's: such a client takes that path, sync and async."""
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization", ""))
        return httpx.Response(200, json=order_json())

    async def answer_async(self: Any, request: httpx.Request) -> httpx.Response:
        return answer(request)

    from autoenhance_sdk._transport import AsyncTransport

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", lambda self, request: answer(request))
    monkeypatch.setattr(AsyncTransport, "handle_async_request", answer_async)
    with Autoenhance(api_key=KEY, base_url="http://gate:pa55@api.test") as client:
        client.orders.retrieve("o-1")

    async def run() -> None:
        async with AsyncAutoenhance(api_key=KEY, base_url="http://gate:pa55@api.test") as client:
            await client.orders.retrieve("o-1")

    import asyncio

    asyncio.run(run())
    assert seen == ["Basic Z2F0ZTpwYTU1"] * 2  # base64 of gate:pa55
