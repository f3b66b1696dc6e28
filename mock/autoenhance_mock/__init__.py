"""A stateful mock server of the Autoenhance.ai Orders API, validated against the spec.

Run it with ``autoenhance-mock`` (or ``python -m autoenhance_mock``), or use it in-process::

    import httpx
    from autoenhance_mock import create_app

    app = create_app(api_keys=["test-key"])
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mock")

or on a real loopback port for any client, sync or async::

    from autoenhance_mock import MockServer

    with MockServer(api_keys=["test-key"]) as server:
        ...  # server.url is "http://127.0.0.1:<free port>"; server.app is the MockApp
"""

from __future__ import annotations

from ._app import DEFAULT_API_KEY, MockApp, ResponseContractError, create_app
from ._clock import Clock
from ._faults import FaultError
from ._models import Timings
from ._server import MockServer
from ._spec import spec_path
from ._store import fingerprint

__all__ = [
    "DEFAULT_API_KEY",
    "Clock",
    "FaultError",
    "MockApp",
    "MockServer",
    "ResponseContractError",
    "Timings",
    "create_app",
    "fingerprint",
    "spec_path",
]
