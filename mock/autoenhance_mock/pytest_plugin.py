"""pytest fixtures for your own tests, registered by installing ``autoenhance-mock``.

    def test_report(autoenhance_mock, autoenhance_client):
        autoenhance_mock.seed([{"order_id": "o1", "name": "12 Elm St"}])
        assert my_service.report() == ...        # its Autoenhance() reads the mock from the env

Fixtures:

- ``autoenhance_mock``: an ``AutoenhanceMock`` with fresh state for each test (seed orders,
  move its clock, inject faults, read the request log). ``AUTOENHANCE_BASE_URL`` and
  ``AUTOENHANCE_API_KEY`` point at it for the test, so service code that builds ``Autoenhance()``
  from the environment reaches it unchanged.
- ``autoenhance_client`` / ``async_autoenhance_client``: SDK clients bound to it.

One mock serves the whole session (one loopback port, found free; started on first use, always
stopped) and is reset before each test. In-process mode, for the fastest tests, serves it with
no socket and no thread: ``@pytest.mark.autoenhance_mock(inprocess=True)`` on a test or module,
or ``--autoenhance-mock-inprocess`` / ini ``autoenhance_mock_inprocess = true`` for the run.
Every httpx client in the test, sync or async, the SDK's included, then reaches the mock's app
directly when it calls the mock's URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from ._app import DEFAULT_API_KEY, MockApp, create_app
from ._fixture import AutoenhanceMock
from ._handlers import HandlerMismatchError
from ._inprocess import route_to
from ._server import MockServer

if TYPE_CHECKING:
    from autoenhance_sdk import AsyncAutoenhance, Autoenhance

__all__ = ["async_autoenhance_client", "autoenhance_client", "autoenhance_mock"]

INPROCESS_URL = "http://inprocess.autoenhance-mock.invalid"  # a host no DNS answers, if routing were off
SECOND_KEY = "mock-api-key-2"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("autoenhance-mock", "Autoenhance mock fixtures")
    group.addoption(
        "--autoenhance-mock-inprocess",
        action="store_true",
        default=None,
        help="serve the autoenhance_mock fixture in process (no socket) unless a test's marker says otherwise",
    )
    parser.addini(
        "autoenhance_mock_inprocess", type="bool", default=False, help="the same, as an ini setting (default false)"
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "autoenhance_mock(inprocess=False): serve this test's autoenhance_mock in process (no socket)",
    )


def _inprocess(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("autoenhance_mock")
    if marker is not None:
        given = [repr(a) for a in marker.args] + [f"{k}={v!r}" for k, v in marker.kwargs.items()]
        value = marker.kwargs.get("inprocess")
        if marker.args or set(marker.kwargs) - {"inprocess"} or not isinstance(value, bool):
            raise pytest.UsageError(
                f"@pytest.mark.autoenhance_mock takes only inprocess=True or inprocess=False, got ({', '.join(given)})"
            )
        return value
    option = request.config.getoption("--autoenhance-mock-inprocess")
    return bool(option) if option is not None else bool(request.config.getini("autoenhance_mock_inprocess"))


def _keys() -> list[str]:
    return [DEFAULT_API_KEY, SECOND_KEY]


def _app() -> MockApp:
    """The app for a session; a mismatch of spec and handlers fails each test with its message alone."""
    try:
        return create_app(api_keys=_keys())
    except HandlerMismatchError as exc:
        problem = str(exc)
    pytest.fail(f"autoenhance-mock cannot start: {problem}", pytrace=False)  # outside: no chained copy


@pytest.fixture(scope="session")
def _autoenhance_mock_server() -> Iterator[MockServer]:
    with MockServer(_app()) as server:
        yield server


@pytest.fixture(scope="session")
def _autoenhance_mock_app() -> Iterator[MockApp]:
    app = _app()
    try:
        yield app
    finally:
        app.close()  # the webhook thread, if a test set a webhook


@pytest.fixture
def autoenhance_mock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[AutoenhanceMock]:
    """A mock of the API with fresh state; the environment points the SDK at it for this test."""
    if _inprocess(request):
        app: MockApp = request.getfixturevalue("_autoenhance_mock_app")
        handle = AutoenhanceMock(app, INPROCESS_URL, inprocess=True)
    else:
        server: MockServer = request.getfixturevalue("_autoenhance_mock_server")
        handle = AutoenhanceMock(server.app, server.url, inprocess=False)
    handle.reset()
    monkeypatch.setenv("AUTOENHANCE_BASE_URL", handle.url)
    monkeypatch.setenv("AUTOENHANCE_API_KEY", handle.api_key)
    # a version from the user's shell would make every client of the test get another version's
    # answers (an older one's upload URL key); clients built from the environment send the pin
    monkeypatch.delenv("AUTOENHANCE_API_VERSION", raising=False)
    if handle.inprocess:
        with route_to(handle.url, handle.app):
            yield handle
    else:
        yield handle


@pytest.fixture
def autoenhance_client(autoenhance_mock: AutoenhanceMock) -> Iterator[Autoenhance]:
    """An ``Autoenhance`` client bound to ``autoenhance_mock``, closed after the test."""
    with autoenhance_mock.client() as client:
        yield client


@pytest.fixture
def async_autoenhance_client(autoenhance_mock: AutoenhanceMock) -> AsyncAutoenhance:
    """An ``AsyncAutoenhance`` client bound to ``autoenhance_mock``; usable from any event loop
    plugin (pytest-asyncio, anyio), and needing no closing (see ``AutoenhanceMock.async_client``)."""
    return autoenhance_mock.async_client()
