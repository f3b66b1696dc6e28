"""The mock without a socket: httpx transports that call its ASGI app directly.

``InProcessTransport`` (sync) runs the app on a private event loop in the caller's own thread:
no socket, no server thread, so a call costs the app's work plus httpx's, not a loopback round
trip. Only a sync client called from inside a running event loop (a sync client in an async
test) falls back to a short-lived worker thread, since one thread cannot run two loops.
``AsyncInProcessTransport`` awaits the app on the caller's loop.

Both read a cut answer (the mock's ``drop`` and ``truncate`` faults) as a dropped connection,
``httpx.RemoteProtocolError``, which is what a client sees over a real socket.

``route_to(url, app)`` makes every httpx client, sync or async, however it was built (the
SDK's defaults included), send requests for ``url``'s host to the app; other hosts are untouched.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock
from urllib.parse import unquote

import httpx

from ._app import MockApp

__all__ = ["AsyncInProcessTransport", "InProcessTransport", "route_to"]

Answer = tuple[int, list[tuple[bytes, bytes]], bytes, bool]  # status, headers, body, complete


async def _exchange(app: MockApp, request: httpx.Request, body: bytes) -> Answer:
    url = request.url
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme,
        "path": unquote(url.path),
        "raw_path": url.raw_path.split(b"?", 1)[0],
        "query_string": url.query,
        "root_path": "",
        "headers": [(name.lower(), value) for name, value in request.headers.raw],
        "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
        "client": ("127.0.0.1", 0),
    }
    delivered = False
    status, headers, chunks, complete = 500, [], [], False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Any) -> None:
        nonlocal status, headers, complete
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            complete = not message.get("more_body", False)

    await app(scope, receive, send)
    return status, headers, b"".join(chunks), complete


def _response(request: httpx.Request, answer: Answer) -> httpx.Response:
    status, headers, body, complete = answer
    if not complete:
        raise httpx.RemoteProtocolError(
            "the mock closed the connection before the answer was complete", request=request
        )
    # content-length stays as the app sent it; httpx reads the body as given.
    return httpx.Response(status, headers=headers, content=body, request=request)


class InProcessTransport(httpx.BaseTransport):
    """A sync httpx transport serving requests from the mock's app, with no socket or thread.

    Each calling thread gets its own private loop, so a client shared by a thread pool works.
    """

    def __init__(self, app: MockApp) -> None:
        self.app = app
        self._local = threading.local()
        self._loops: list[asyncio.AbstractEventLoop] = []
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return _response(request, self._run(_exchange(self.app, request, request.read())))

    def _run(self, coro: Coroutine[Any, Any, Answer]) -> Answer:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return self._own_loop().run_until_complete(coro)
        with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="autoenhance-mock-inprocess") as pool:
            return pool.submit(asyncio.run, coro).result()

    def _own_loop(self) -> asyncio.AbstractEventLoop:
        loop: asyncio.AbstractEventLoop | None = getattr(self._local, "loop", None)
        if loop is None or loop.is_closed():
            loop = self._local.loop = asyncio.new_event_loop()
            with self._lock:
                self._loops.append(loop)
        return loop

    def close(self) -> None:
        with self._lock:
            loops, self._loops = self._loops, []
        for loop in loops:
            loop.close()


class AsyncInProcessTransport(httpx.AsyncBaseTransport):
    """An async httpx transport serving requests from the mock's app on the caller's loop."""

    def __init__(self, app: MockApp) -> None:
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return _response(request, await _exchange(self.app, request, await request.aread()))


def _same_origin(url: httpx.URL, origin: httpx.URL) -> bool:
    return url.scheme == origin.scheme and url.host == origin.host and url.port == origin.port


@contextmanager
def route_to(url: str, app: MockApp) -> Iterator[None]:
    """While active, httpx clients send requests for ``url``'s origin to ``app``, in process.

    It replaces httpx's choice of transport for that origin only (as respx's ``using="httpx"``
    does), so clients built anywhere, before or during the block, are covered, whatever
    transport they were given (the SDK's aiohttp one included).
    """
    origin = httpx.URL(url)
    sync_transport, async_transport = InProcessTransport(app), AsyncInProcessTransport(app)
    sync_choice = httpx.Client._transport_for_url
    async_choice = httpx.AsyncClient._transport_for_url

    def pick_sync(client: httpx.Client, target: httpx.URL) -> httpx.BaseTransport:
        return sync_transport if _same_origin(target, origin) else sync_choice(client, target)

    def pick_async(client: httpx.AsyncClient, target: httpx.URL) -> httpx.AsyncBaseTransport:
        return async_transport if _same_origin(target, origin) else async_choice(client, target)

    with (
        mock.patch.object(httpx.Client, "_transport_for_url", pick_sync),
        mock.patch.object(httpx.AsyncClient, "_transport_for_url", pick_async),
    ):
        try:
            yield
        finally:
            sync_transport.close()
