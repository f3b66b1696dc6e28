"""Settings resolve as argument, then environment variable, then default; bad ones are refused."""

from __future__ import annotations

import contextlib

import httpx
import pytest
from autoenhance_sdk import (
    DEFAULT_API_VERSION,
    DEFAULT_BASE_URL,
    NO_API_VERSION,
    AsyncAutoenhance,
    Autoenhance,
    InvalidInputError,
    MissingAPIKeyError,
)

from tests.wrapper.helpers import KEY, Recorder, async_client, reply, sync_client


def test_defaults() -> None:
    with Autoenhance() as client:
        assert client.base_url == DEFAULT_BASE_URL == "https://api.autoenhance.ai"
        assert client.timeout == httpx.Timeout(60.0, connect=5.0)
        assert client.max_retries == 2
        assert client.api_version == DEFAULT_API_VERSION == "2025-05-08"
        assert client.api_key_set is False


def test_argument_beats_environment_beats_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_KEY", "from-env")
    monkeypatch.setenv("AUTOENHANCE_BASE_URL", "http://env.test/")
    monkeypatch.setenv("AUTOENHANCE_API_VERSION", "2024-06-01")
    env = Autoenhance()
    assert (env.base_url, env.api_version, env.api_key_set) == ("http://env.test", "2024-06-01", True)
    arg = Autoenhance(api_key=KEY, base_url="http://arg.test", api_version="2025-01-01")
    assert (arg.base_url, arg.api_version) == ("http://arg.test", "2025-01-01")
    recorder = Recorder(reply())
    sync_client(recorder).orders.retrieve("o-1")
    assert recorder.requests[0].headers["x-api-key"] == KEY
    env.close()
    arg.close()


def test_env_key_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_KEY", "from-env")
    recorder = Recorder(reply())
    client = Autoenhance(base_url="http://x.test", http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
    client.orders.create(name="n")
    assert recorder.requests[0].headers["x-api-key"] == "from-env"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": None}, "wait forever"),
        ({"timeout": 0}, "positive number"),
        ({"timeout": float("inf")}, "positive number"),
        ({"timeout": float("nan")}, "positive number"),
        ({"timeout": "5"}, "positive number"),
        ({"timeout": httpx.Timeout(None)}, "unbounded"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"max_retry_after": -5}, "max_retry_after"),
        ({"base_url": "ftp://x"}, "must be an http"),
        ({"base_url": ""}, "from base_url= must be an http"),  # not the default, silently
        ({"base_url": "http://exa mple.com"}, "must be an http"),
        ({"api_key": "  "}, "from api_key= is empty"),
        ({"default_headers": {"x-api-key": "k"}}, "api_key="),
        ({"default_headers": {"a": 1}}, "dict of str"),
    ],
)
def test_bad_settings_are_refused(options: dict, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        Autoenhance(**options)


def test_timeout_forms() -> None:
    assert Autoenhance(timeout=10).timeout == httpx.Timeout(10.0, connect=5.0)
    assert Autoenhance(timeout=2).timeout == httpx.Timeout(2.0, connect=2.0)
    custom = httpx.Timeout(30, connect=1)
    assert Autoenhance(timeout=custom).timeout is custom


@pytest.mark.parametrize("call", ["create", "list_page", "update", "delete", "process", "merge"])
def test_calls_that_need_a_key_refuse_before_sending(call: str) -> None:
    recorder = Recorder(reply())
    client = sync_client(recorder, api_key=None)
    args = () if call in ("create", "list_page") else ("o-1",)
    warns = pytest.warns(DeprecationWarning) if call == "merge" else contextlib.nullcontext()
    with pytest.raises(MissingAPIKeyError, match="AUTOENHANCE_API_KEY"), warns:
        getattr(client.orders, call)(*args)
    assert recorder.requests == []


def test_keyless_retrieve_and_brackets_send_no_key_header() -> None:
    recorder = Recorder(reply(), reply(200, {"brackets": []}))
    client = sync_client(recorder, api_key=None)
    client.orders.retrieve("o-1")
    client.orders.brackets("o-1")
    assert ["x-api-key" in r.headers for r in recorder.requests] == [False, False]


def test_api_version_header_and_user_agent() -> None:
    recorder = Recorder(reply())
    sync_client(recorder, api_version="2025-01-01").orders.retrieve("o-1")
    sync_client(recorder).orders.retrieve("o-1")
    sync_client(recorder, api_version=NO_API_VERSION).orders.retrieve("o-1")
    assert recorder.requests[0].headers["x-api-version"] == "2025-01-01"
    assert recorder.requests[1].headers["x-api-version"] == "2025-05-08"  # pinned by default
    assert "x-api-version" not in recorder.requests[2].headers
    assert recorder.requests[0].headers["user-agent"].startswith("autoenhance-sdk/")


def test_with_options_copies_and_shares_the_pool() -> None:
    recorder = Recorder(reply())
    client = sync_client(recorder)
    copy = client.with_options(timeout=3, max_retries=0, extra_headers={"x-trace": "1"}, api_version="2025-01-01")
    assert copy._http is client._http
    assert (copy.timeout.read, copy.max_retries, copy.api_version) == (3.0, 0, "2025-01-01")
    assert (client.timeout.read, client.max_retries, client.api_version) == (60.0, 2, "2025-05-08")
    copy.orders.retrieve("o-1")
    assert recorder.requests[0].headers["x-trace"] == "1"
    assert copy.orders._client is copy
    assert client.with_options()._settings == client._settings


def test_per_call_options_override_for_that_call_only() -> None:
    recorder = Recorder(reply())
    client = sync_client(recorder)
    client.orders.retrieve("o-1", timeout=7, extra_headers={"x-trace": "a"})
    client.orders.retrieve("o-1")
    assert recorder.requests[0].extensions["timeout"]["read"] == 7.0
    assert recorder.requests[1].extensions["timeout"]["read"] == 60.0
    assert "x-trace" not in recorder.requests[1].headers


def test_own_http_client_is_left_open_and_owned_one_is_closed() -> None:
    mine = httpx.Client()
    Autoenhance(http_client=mine).close()
    assert not mine.is_closed
    owned = Autoenhance()
    with owned:
        pass
    assert owned._http.is_closed
    mine.close()


@pytest.mark.anyio
async def test_async_client_lifecycle_and_copy() -> None:
    async with AsyncAutoenhance(api_key=KEY) as client:
        assert "AsyncAutoenhance(" in repr(client)
        copy = client.with_options(max_retries=5)
        assert copy.max_retries == 5 and copy._http is client._http
        copy2 = client.with_options(api_version="2025-01-01", timeout=1, extra_headers={"a": "b"})
        assert copy2.api_version == "2025-01-01"
    assert client._http.is_closed
    mine = httpx.AsyncClient()
    await AsyncAutoenhance(http_client=mine).close()
    assert not mine.is_closed
    await mine.aclose()
    recorder = Recorder(reply())
    async_one = async_client(recorder, api_key=None)
    with pytest.raises(MissingAPIKeyError):
        await async_one.orders.create()
    assert (await async_one.orders.retrieve("o-1")).order_id == "o-1"


def test_thousands_of_clients_leak_nothing() -> None:
    import gc
    import tracemalloc

    def churn(n: int) -> None:
        for _ in range(n):
            with Autoenhance(api_key=KEY):
                pass

    churn(50)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    churn(2000)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert grown < 512 * 1024, f"{grown} bytes kept after 2000 clients"


@pytest.mark.anyio
async def test_thousands_of_async_clients_leak_nothing() -> None:
    import gc
    import tracemalloc

    async def churn(n: int) -> None:
        for _ in range(n):
            async with AsyncAutoenhance(api_key=KEY):
                pass

    await churn(50)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    await churn(1000)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert grown < 512 * 1024, f"{grown} bytes kept after 1000 async clients"


def test_a_password_in_the_base_url_never_shows_in_a_repr() -> None:
    client = Autoenhance(api_key=KEY, base_url="https://user:pa55word@api.test:8443/prefix")
    shown = f"{client!r} {client._settings!r}"
    assert "pa55word" not in shown and "user" not in shown
    assert "base_url='https://[redacted]@api.test:8443/prefix'" in repr(client)
    assert client.base_url == "https://user:pa55word@api.test:8443/prefix"  # the caller's own, as given
    assert "base_url='https://api.test'" in repr(Autoenhance(api_key=KEY, base_url="https://api.test"))
