"""Helpers for the wrapper's unit tests: an API key, scripted httpx.MockTransport handlers,
recorded sleeps and SDK clients wired to them.

Import from here (``from tests.wrapper.helpers import ...``); ``conftest.py`` holds fixtures only.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from typing import Any

import httpx
from autoenhance_sdk import (
    AsyncAutoenhance,
    AsyncBrackets,
    AsyncImages,
    AsyncOrders,
    Autoenhance,
    Brackets,
    Images,
    Orders,
)
from autoenhance_sdk._order_batches import OrderBatches

from tests.fixtures import order_json

__all__ = [
    "KEY",
    "BASE",
    "reply",
    "Recorder",
    "Sleeps",
    "AsyncSleeps",
    "sync_client",
    "async_client",
    "order_json",
    "resource_methods",
    "operation_methods",
    "id_methods",
    "RESOURCES",
    "image_json",
    "bracket_json",
]

KEY = "sk-test-SECRET-1234"
"""The API key every test client sends; tests check it never leaks into messages or logs."""

BASE = "http://api.test"
"""The base URL of the test clients; no request ever leaves the MockTransport."""


def reply(status: int = 200, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    """One canned response: a 200 with no body given answers a valid order; other statuses
    without a body answer an empty body."""
    if body is None and status == 200:
        body = order_json()
    if body is None:
        return httpx.Response(status, headers=headers)
    return httpx.Response(status, json=body, headers=headers)


class Recorder:
    """A MockTransport handler that answers from a script and keeps every request it saw.

    Each answer is a response, an exception to raise, or a callable building a response from the
    request; answers are used in order and the last one repeats.
    """

    def __init__(self, *answers: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []  # copies, as sent
        self.originals: list[httpx.Request] = []  # the SDK's own objects (the key redacted once sent)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        # a copy as sent: once an attempt is over, the SDK redacts the key on its own request object
        self.originals.append(request)
        self.requests.append(
            httpx.Request(
                request.method,
                request.url,
                headers=request.headers.copy(),
                content=request.read(),
                extensions=request.extensions,
            )
        )
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        return answer

    def body(self, index: int = -1) -> Any:
        """The JSON body of the request at ``index`` (the last by default), or None if it had none."""
        return json.loads(self.requests[index].content) if self.requests[index].content else None


class Sleeps(list[float]):
    """A sync ``sleep`` for the client that records the delays it was asked for instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


class AsyncSleeps(list[float]):
    """An async ``sleep`` for the async client that records the delays instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def sync_client(recorder: Recorder, sleeps: Sleeps | None = None, **options: Any) -> Autoenhance:
    """An ``Autoenhance`` client whose requests go to ``recorder``, with recorded sleeps and no
    jitter; ``options`` go to the client (``api_key`` defaults to KEY)."""
    options.setdefault("api_key", KEY)
    transport = httpx.MockTransport(recorder)
    return Autoenhance(
        base_url=BASE,
        http_client=httpx.Client(transport=transport),
        sleep=sleeps if sleeps is not None else Sleeps(),
        jitter=lambda: 0.0,
        **options,
    )


def async_client(recorder: Recorder, sleeps: AsyncSleeps | None = None, **options: Any) -> AsyncAutoenhance:
    """An ``AsyncAutoenhance`` client whose requests go to ``recorder``, with recorded sleeps and
    no jitter; ``options`` go to the client (``api_key`` defaults to KEY)."""
    options.setdefault("api_key", KEY)
    transport = httpx.MockTransport(recorder)
    return AsyncAutoenhance(
        base_url=BASE,
        http_client=httpx.AsyncClient(transport=transport),
        sleep=sleeps if sleeps is not None else AsyncSleeps(),
        jitter=lambda: 0.0,
        **options,
    )


RESOURCES: dict[str, tuple[type, type]] = {
    "orders": (Orders, AsyncOrders),
    "images": (Images, AsyncImages),
    "brackets": (Brackets, AsyncBrackets),
}
"""Each client attribute and its resource classes, sync and async."""


def image_json(**overrides: Any) -> dict[str, Any]:
    """A valid ``ImageOut`` body (``ImageCreatedOut`` when it has an ``upload_url``)."""
    return {
        "image_id": "img-1",
        "image_name": "living-room",
        "order_id": "o-1",
        "status": "waiting",
        "date_added": 1796029200000,
        **overrides,
    }


def bracket_json(**overrides: Any) -> dict[str, Any]:
    """A valid ``BracketCreatedOut`` body."""
    return {
        "bracket_id": "b-1",
        "name": "IMG_0001.CR2",
        "order_id": "o-1",
        "is_uploaded": False,
        "metadata": {},
        "upload_url": "https://uploads.test/b-1?sig=1",
        "image_id": None,
        **overrides,
    }


JOURNEY = frozenset({"upload", "download"} | {n for n in vars(OrderBatches) if not n.startswith("_")})
"""The photo journey's helpers: several calls each (create and PUT, batches, downloads to disk)."""
NOT_OPERATIONS = frozenset({"list", "wait"}) | JOURNEY
"""Public resource methods that call operations (pagination, polling, journeys) instead of being one."""


def resource_methods(resource: type) -> list[str]:
    """Every public method of an SDK resource class (``Orders``), read from the class itself."""
    return sorted(name for name, _ in inspect.getmembers(resource, inspect.isfunction) if not name.startswith("_"))


def operation_methods(resource: type) -> list[str]:
    """The methods that each send one API operation (and so have a raw-response form)."""
    return [name for name in resource_methods(resource) if name not in NOT_OPERATIONS]


def id_methods(resource: type) -> list[str]:
    """The methods whose first argument is the id of the resource they act on."""
    found = []
    for name in resource_methods(resource):
        first = list(inspect.signature(getattr(resource, name)).parameters.values())[1:2]
        if first and first[0].name in ("order_id", "image_id") and first[0].kind is first[0].POSITIONAL_OR_KEYWORD:
            found.append(name)
    return found
