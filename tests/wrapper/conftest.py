"""Fakes for the wrapper's unit tests: httpx.MockTransport handlers and a recorded sleep."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from autoenhance_sdk import AsyncAutoenhance, Autoenhance

from tests.fixtures import order_json

KEY = "sk-test-SECRET-1234"
BASE = "http://api.test"


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AUTOENHANCE_API_KEY", "AUTOENHANCE_BASE_URL", "AUTOENHANCE_API_VERSION", "AUTOENHANCE_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def reply(status: int = 200, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    if body is None and status == 200:
        body = order_json()
    if body is None:
        return httpx.Response(status, headers=headers)
    return httpx.Response(status, json=body, headers=headers)


class Recorder:
    """A MockTransport handler that answers from a script and keeps every request it saw."""

    def __init__(self, *answers: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        if callable(answer) and not isinstance(answer, httpx.Response):
            return answer(request)
        return answer

    def body(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content) if self.requests[index].content else None


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


class AsyncSleeps(list[float]):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


def sync_client(recorder: Recorder, sleeps: Sleeps | None = None, **options: Any) -> Autoenhance:
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
    options.setdefault("api_key", KEY)
    transport = httpx.MockTransport(recorder)
    return AsyncAutoenhance(
        base_url=BASE,
        http_client=httpx.AsyncClient(transport=transport),
        sleep=sleeps if sleeps is not None else AsyncSleeps(),
        jitter=lambda: 0.0,
        **options,
    )


@pytest.fixture
def sleeps() -> Iterator[Sleeps]:
    yield Sleeps()
