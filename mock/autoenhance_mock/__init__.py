"""A stateful mock server of the Autoenhance.ai API (orders, images, brackets, uploads, downloads,
webhooks), validated against the spec.

Run it with ``autoenhance-mock`` (or ``python -m autoenhance_mock``), or use it in-process::

    import httpx
    from autoenhance_mock import create_app

    app = create_app(api_keys=["test-key"])
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock")

or on a real loopback port for any client, sync or async::

    from autoenhance_mock import MockServer

    with MockServer(api_keys=["test-key"]) as server:
        ...  # server.url is "http://127.0.0.1:<free port>"; server.app is the MockApp

or with no socket at all, for a sync client too (``InProcessTransport(app)``), or for every httpx
client that calls one URL (``route_to(url, app)``). In pytest, the fixtures ``autoenhance_mock``,
``autoenhance_client`` and ``async_autoenhance_client`` (``autoenhance_mock.pytest_plugin``) are
registered on install.
"""

from __future__ import annotations

from ._app import DEFAULT_API_KEY, MockApp, ResponseContractError, create_app
from ._clock import Clock
from ._faults import FaultError
from ._fixture import AutoenhanceMock, MockControlError
from ._handlers import HandlerMismatchError
from ._inprocess import AsyncInProcessTransport, InProcessTransport, route_to
from ._models import Timings
from ._server import MockServer
from ._settings import Settings
from ._spec import spec_path
from ._store import fingerprint
from ._version import __version__

__all__ = [
    "DEFAULT_API_KEY",
    "AsyncInProcessTransport",
    "AutoenhanceMock",
    "InProcessTransport",
    "MockControlError",
    "Clock",
    "FaultError",
    "HandlerMismatchError",
    "MockApp",
    "MockServer",
    "ResponseContractError",
    "Settings",
    "Timings",
    "create_app",
    "__version__",
    "fingerprint",
    "route_to",
    "spec_path",
]
