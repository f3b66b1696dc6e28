"""Run the mock on a real loopback port in a background thread, for tests and fixtures.

``with MockServer() as server:`` binds 127.0.0.1 on a free port, waits until the server
accepts connections, and always stops it on exit, even when the block raises.
"""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

import uvicorn

from ._app import MockApp, create_app
from ._listen import listening_socket, origin

__all__ = ["MockServer"]


class MockServer:
    """The mock served by uvicorn in a daemon thread. Keyword arguments go to ``create_app``.

    ``asgi=`` serves another ASGI app in front of (or instead of) the mock, e.g. a middleware
    that breaks the mock on purpose to prove a test suite notices.
    """

    def __init__(
        self, app: MockApp | None = None, *, host: str = "127.0.0.1", port: int = 0, asgi: Any = None, **options: Any
    ):
        self.app = app or create_app(**options)
        self.host = host
        self._sock = listening_socket(host, port)
        self.port: int = self._sock.getsockname()[1]
        config = uvicorn.Config(
            asgi or self.app, log_level="warning", access_log=False, lifespan="off", proxy_headers=False
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name=f"autoenhance-mock:{self.port}", daemon=True)

    @property
    def url(self) -> str:
        return origin(self.host, self.port)

    def _run(self) -> None:
        self._server.run(sockets=[self._sock])

    def start(self) -> MockServer:
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the mock server failed to start; see the log above")
            self._thread.join(0.005)
        return self

    def stop(self) -> None:
        """Stop serving, then close the app (its webhook thread ends with it)."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(10)
        self._sock.close()
        self.app.close()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
