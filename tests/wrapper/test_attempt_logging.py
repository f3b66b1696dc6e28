"""The log of each attempt: at info one line (method, path, outcome, attempt, milliseconds); at debug
also the bodies as sent and received (the answer's first 2000 characters), key scrubbed."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from autoenhance_sdk import InternalServerError, NotFoundError

from tests.wrapper.helpers import KEY, Recorder, order_json, reply, sync_client

LOGGER = "autoenhance_sdk"


class Stopwatch:
    """Stands in for ``time.perf_counter``, which times each attempt: only an answer moves it."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def stopwatch(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stopwatch]:
    watch = Stopwatch()
    monkeypatch.setattr(time, "perf_counter", watch)
    yield watch


def taking(watch: Stopwatch, seconds: float, response: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    """A handler answering ``response`` after ``seconds`` by the stopwatch."""

    def answer(request: httpx.Request) -> httpx.Response:
        watch.now += seconds
        return response

    return answer


def messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == level]


def test_info_gives_one_line_per_attempt_with_its_duration(
    stopwatch: Stopwatch, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder(
        taking(stopwatch, 1.5, reply(503, {"message": "m", "detail": {}})),
        taking(stopwatch, 0.25, reply()),
    )
    with caplog.at_level(logging.INFO, logger=LOGGER):
        sync_client(recorder).orders.retrieve("o-1")
    assert messages(caplog, logging.INFO) == [
        "GET /v3/orders/o-1 -> 503 (attempt 1, 1500.0 ms)",
        "GET /v3/orders/o-1 -> 200 (attempt 2, 250.0 ms)",
    ]
    assert messages(caplog, logging.DEBUG) == []


def test_info_names_a_transport_failure(stopwatch: Stopwatch, caplog: pytest.LogCaptureFixture) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        stopwatch.now += 0.004
        raise httpx.ConnectError("refused")

    with caplog.at_level(logging.INFO, logger=LOGGER):
        sync_client(Recorder(refuse, reply())).orders.retrieve("o-1")
    assert messages(caplog, logging.INFO)[0] == "GET /v3/orders/o-1 -> ConnectError (attempt 1, 4.0 ms)"


def test_debug_gives_the_bodies_sent_and_received(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(reply(200, order_json(name=f"Élan {KEY}")))
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        sync_client(recorder).orders.update("o-1", name=f"Élan {KEY}")
    sent = recorder.requests[0].content.decode()
    assert recorder.body() == {"name": f"Élan {KEY}"}
    assert messages(caplog, logging.DEBUG) == [
        f"request body: {sent.replace(KEY, '[redacted]')}",
        f"response body: {reply(200, order_json(name='Élan [redacted]')).text}",
    ]


def test_debug_gives_no_request_body_for_a_get(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger=LOGGER), pytest.raises(NotFoundError):
        sync_client(Recorder(reply(404, {"message": "Not Found", "detail": {}}))).orders.brackets("o-1", max_retries=0)
    assert messages(caplog, logging.DEBUG) == ['response body: {"message":"Not Found","detail":{}}']


def test_debug_cuts_a_long_answer_at_2000_characters(caplog: pytest.LogCaptureFixture) -> None:
    text = "".join(f"{i:05d}," for i in range(1000))  # 6000 characters, each position tells where it is
    with caplog.at_level(logging.DEBUG, logger=LOGGER), pytest.raises(InternalServerError):
        sync_client(Recorder(httpx.Response(500, text=text))).orders.retrieve("o-1", max_retries=0)
    assert messages(caplog, logging.DEBUG) == [f"response body: {text[:2000]}"]
