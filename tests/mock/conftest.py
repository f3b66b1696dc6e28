"""One mock server for the whole session on a free loopback port, reset before every test.

The server runs with ``validate_responses=True``: if a handler ever built an answer the spec does
not allow, the request would fail with a 500 and the test that sent it would see it.

Fixtures only: helpers (keys, headers, FakeTime, create) live in tests/mock/helpers.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from autoenhance_mock import Clock, MockApp, MockServer, Timings

from tests.mock.helpers import KEY_A, KEY_B, FakeTime, Receiver


@pytest.fixture(scope="session")
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture(scope="session")
def server(fake_time: FakeTime) -> Iterator[MockServer]:
    with MockServer(
        api_keys=[KEY_A, KEY_B],
        clock=Clock(source=fake_time),
        timings=Timings(grouping_seconds=2, enhance_seconds=3),
        validate_responses=True,
        fault_seed=7,
    ) as running:
        yield running


@pytest.fixture
def app(server: MockServer) -> MockApp:
    server.app.store.reset()
    server.app.webhooks.reset()
    server.app.faults.clear()
    server.app.requests.clear()
    server.app.clock.reset()
    return server.app


@pytest.fixture
def http(server: MockServer, app: MockApp) -> Iterator[httpx.Client]:
    """A plain client with no key: tests choose the key per request."""
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on a free loopback port, stopped after the test."""
    running = Receiver()
    try:
        yield running
    finally:
        running.close()
