"""The suite checks the spec's API version, whatever ``AUTOENHANCE_API_VERSION`` the caller holds."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import yaml
from autoenhance_contract._session import Session
from autoenhance_contract._target import Target
from autoenhance_mock import spec_path

SPEC_VERSION = yaml.safe_load(spec_path().read_text(encoding="utf-8"))["info"]["x-api-version"]


class _Caught(Exception):
    pass


@pytest.mark.parametrize("version", ["2024-01-01", "2026-01-01"])
def test_the_suites_clients_send_the_specs_version(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_VERSION", version)
    session = Session(Target("http://127.0.0.1:9", "k", None, bundled=True, read_only=False), 1, 0)
    sent: list[httpx.Request] = []

    def catch(request: httpx.Request) -> None:
        sent.append(request)
        raise _Caught

    async def catch_async(request: httpx.Request) -> None:
        catch(request)

    client = session.client()
    client._http.event_hooks["request"].append(catch)
    with pytest.raises(_Caught):
        client.orders.retrieve("o")
    async_client = session.async_client()
    async_client._http.event_hooks["request"].append(catch_async)
    with pytest.raises(_Caught):
        asyncio.run(async_client.orders.retrieve("o"))
    assert [r.headers.get("x-api-version") for r in sent] == [SPEC_VERSION, SPEC_VERSION]
