"""A download's hop to its asset URL carries nothing of the API's: not the key, and not what a
user's own ``http_client`` adds to its requests (default headers, auth, cookies), whatever host
or port the API redirects to; the API's own request still gets all of them."""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import autoenhance_sdk as sdk
import httpx
import pytest
from autoenhance_sdk._transport import AsyncTransport

from tests.reliability.rawserver import RawServer, response
from tests.wrapper.helpers import KEY, Recorder

JPEG = b"\xff\xd8\xff\xe0fake-jpeg"
USER_HEADERS = {"Authorization": "Bearer corp", "x-api-key": "userset", "x-corp": "internal"}
USER_COOKIES = {"c": "1"}
# anything of the API request or the user's client the asset host must not see
NOT_FOR_THE_ASSET = ("authorization", "x-api-key", "x-corp", "cookie", "x-api-version", "proxy-authorization")
TARGETS = [
    "https://cdn.example/a.jpg?X-Amz-Signature=s",  # another host
    "http://api.test:8443/a.jpg?sig=s",  # the API's host, another port
    "/assets/a.jpg?sig=s",  # the API's own origin, even
]


def api_then_asset(location: str) -> Recorder:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v3/"):
            return httpx.Response(302, headers={"location": location, "set-cookie": "sid=from-api; Path=/"})
        return httpx.Response(200, content=JPEG, headers={"content-type": "image/jpeg"})

    return Recorder(answer)


def user_client_options(recorder: Recorder) -> dict[str, Any]:
    return {
        "transport": httpx.MockTransport(recorder),
        "headers": USER_HEADERS,
        "cookies": USER_COOKIES,
        "auth": ("user", "pass"),  # httpx sends it as Basic, replacing the default Authorization
        "follow_redirects": True,
    }


def check_sent(recorder: Recorder) -> None:
    api, asset = recorder.requests
    # the API request: the user's client's defaults (their x-api-key loses to the SDK's key), auth, cookies
    assert api.headers["x-api-key"] == KEY and api.headers["x-corp"] == "internal"
    assert api.headers["authorization"].startswith("Basic ") and "c=1" in api.headers["cookie"]
    # the asset: only what the SDK puts on the hop
    leaked = {name: asset.headers[name] for name in NOT_FOR_THE_ASSET if name in asset.headers}
    assert leaked == {}, leaked
    assert set(asset.headers) == {"host", "accept", "user-agent"}, asset.headers
    assert asset.headers["accept"] == "image/*" and asset.headers["user-agent"].startswith("autoenhance-sdk/")


@pytest.mark.parametrize("location", TARGETS)
def test_a_user_http_client_s_headers_auth_and_cookies_stay_with_the_api_sync(location: str) -> None:
    recorder = api_then_asset(location)
    with httpx.Client(**user_client_options(recorder)) as http:
        client = sdk.Autoenhance(api_key=KEY, base_url="http://api.test", http_client=http)
        assert client.images.download_enhanced("img-1") == JPEG
        check_sent(recorder)
        assert http.headers["x-corp"] == "internal" and http.cookies["c"] == "1"  # the user's client untouched


@pytest.mark.anyio
@pytest.mark.parametrize("location", TARGETS)
async def test_a_user_http_client_s_headers_auth_and_cookies_stay_with_the_api_async(location: str) -> None:
    recorder = api_then_asset(location)
    async with httpx.AsyncClient(**user_client_options(recorder)) as http:
        client = sdk.AsyncAutoenhance(api_key=KEY, base_url="http://api.test", http_client=http)
        assert await client.images.download_original("img-1") == JPEG
        check_sent(recorder)


def test_the_hop_keeps_the_call_s_timeout() -> None:
    recorder = api_then_asset(TARGETS[0])
    with httpx.Client(**user_client_options(recorder)) as http:
        client = sdk.Autoenhance(api_key=KEY, base_url="http://api.test", http_client=http, timeout=60)
        client.images.download_enhanced("img-1", timeout=7)
    api, asset = recorder.originals
    assert asset.extensions["timeout"] == api.extensions["timeout"] == httpx.Timeout(7, connect=5).as_dict()


def test_an_event_hook_of_the_user_s_client_still_sees_the_hop() -> None:
    """What the SDK cannot take back: the user's own request hooks run on every request sent
    through their client (httpx's send calls them), the hop included; documented, not hidden."""
    seen: list[str] = []
    recorder = api_then_asset(TARGETS[0])
    hooks: dict[str, list[Callable[..., Any]]] = {"request": [lambda r: seen.append(r.url.host)]}
    with httpx.Client(transport=httpx.MockTransport(recorder), event_hooks=hooks) as http:
        sdk.Autoenhance(api_key=KEY, base_url="http://api.test", http_client=http).images.download_enhanced("img-1")
    assert seen == ["api.test", "cdn.example"]


# --- the aiohttp transport, on real sockets --------------------------------------------------


class Heads:
    """What a raw server received: each request's head, as text."""

    def __init__(self) -> None:
        self.heads: list[str] = []

    def header_names(self, index: int) -> set[str]:
        lines = self.heads[index].split("\r\n")[1:]
        return {line.split(":", 1)[0].strip().lower() for line in lines if line}


def serving(heads: Heads, answer: Callable[[], bytes]) -> Callable[[socket.socket, bytes, int], bool]:
    def behave(conn: socket.socket, head: bytes, n: int) -> bool:
        heads.heads.append(head.decode("latin-1"))
        conn.sendall(answer())
        return True

    return behave


@pytest.mark.anyio
@pytest.mark.parametrize("own_client", [False, True])
async def test_the_aiohttp_transport_sends_the_hop_bare_too(own_client: bool) -> None:
    """Another port of the same host (cookies do not tell ports apart): neither the cookie the API
    set (aiohttp keeps a jar of its own unless told not to) nor the user's client's defaults."""
    asset_heads, api_heads = Heads(), Heads()
    jpeg = response(200, JPEG, ctype="image/jpeg")
    with RawServer(serving(asset_heads, lambda: jpeg)) as asset:  # type: ignore[arg-type]
        asset_url = asset.url.replace("127.0.0.1", "localhost") + "/a.jpg?sig=s"
        redirect = response(302, extra=f"location: {asset_url}\r\nset-cookie: sid=from-api; Path=/\r\n")
        with RawServer(serving(api_heads, lambda: redirect)) as api:  # type: ignore[arg-type]
            base = api.url.replace("127.0.0.1", "localhost")
            options: dict[str, Any] = {"api_key": KEY, "base_url": base, "max_retries": 0}
            if own_client:
                http = httpx.AsyncClient(transport=AsyncTransport(), headers=USER_HEADERS, cookies=USER_COOKIES)
                options["http_client"] = http
            async with sdk.AsyncAutoenhance(**options) as client:
                for _ in range(2):  # the second time, the API's cookie has been seen
                    assert await client.images.download_enhanced("img-1") == JPEG
            if own_client:
                await http.aclose()
    assert len(api_heads.heads) == len(asset_heads.heads) == 2
    assert "x-api-key" in api_heads.header_names(0)
    for index in (0, 1):
        names = asset_heads.header_names(index)
        assert not names & set(NOT_FOR_THE_ASSET), asset_heads.heads[index]
        assert names <= {"host", "accept", "user-agent", "accept-encoding"}, asset_heads.heads[index]
    if own_client:
        assert "x-corp" in api_heads.header_names(0) and "c=1" in api_heads.heads[0]
