"""The webhook dispatcher: what it sends, when (on the mock clock), retries, the log, the token's secrecy.

Time is a hand-driven clock (``t[0]``) and ``flush()`` waits for the sender thread, so no sleep
decides an outcome; the one real-time test waits for a delivery with a deadline.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from autoenhance_mock import __version__
from autoenhance_mock._clock import Clock, iso
from autoenhance_mock._webhooks import Webhooks

from tests.mock.helpers import Receiver

T0 = 1_796_000_000.0
TOKEN = "s3cr3t-T0ken-value"
EVENT = {"event": "image_processed", "image_id": "img-1", "order_id": "ord-1", "error": False}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver(ok=204)
    try:
        yield rec
    finally:
        rec.close()


@pytest.fixture
def t() -> list[float]:
    return [T0]


@pytest.fixture
def make(t: list[float]) -> Iterator[Callable[..., Webhooks]]:
    """Build Webhooks on the hand-driven clock; every one is closed after the test."""
    made: list[Webhooks] = []

    def build(**options: Any) -> Webhooks:
        options.setdefault("clock", Clock(source=lambda: t[0]))
        made.append(Webhooks(**options))
        return made[-1]

    yield build
    for webhooks in made:
        webhooks.close()


def answering(*statuses: int, seen: list[httpx.Request] | None = None) -> httpx.MockTransport:
    """A transport answering ``statuses`` in turn, then 200; records requests in ``seen``."""
    queue = list(statuses)

    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(queue.pop(0) if queue else 200)

    return httpx.MockTransport(handle)


def outcomes(webhooks: Webhooks) -> list[tuple[int, str]]:
    return [(d["attempt"], d["outcome"]) for d in webhooks.deliveries()]


def wait_until(check: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll ``check`` until true or the deadline: the outcome is decided by ``check``, not the sleep."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def test_configure_sends_webhook_updated_with_the_token_in_authorization(make, receiver: Receiver) -> None:
    webhooks = make()
    assert webhooks.configure("acct", receiver.url, TOKEN) == {
        "owner": "acct",
        "url": receiver.url,
        "header": "Authorization",
        "token_set": True,
    }
    assert webhooks.flush()
    [(headers, body)] = receiver.requests
    assert body == {"event": "webhook_updated"}
    assert headers["authorization"] == TOKEN
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"] == f"autoenhance-mock/{__version__}"


def test_custom_header_and_no_token(make, receiver: Receiver) -> None:
    webhooks = make()
    webhooks.configure("a", receiver.url, TOKEN, header="X-Webhook-Token")
    webhooks.configure("b", receiver.url)
    assert webhooks.flush()
    (with_token, _), (without, _) = receiver.requests
    assert with_token["x-webhook-token"] == TOKEN and "authorization" not in with_token
    assert "authorization" not in without and "x-webhook-token" not in without
    assert webhooks.view("b") == {"owner": "b", "url": receiver.url, "header": "Authorization", "token_set": False}


def test_emit_now_is_delivered_and_logged(make, receiver: Receiver, t: list[float]) -> None:
    webhooks = make()
    webhooks.configure("acct", receiver.url, TOKEN)
    assert webhooks.emit("acct", EVENT)
    assert webhooks.flush()
    assert [body for _, body in receiver.requests] == [{"event": "webhook_updated"}, EVENT]
    assert webhooks.deliveries(since=1) == [
        {
            "seq": 2,
            "owner": "acct",
            "event": EVENT,
            "url": receiver.url,
            "attempt": 1,
            "at": iso(T0),
            "status": 204,
            "error": None,
            "outcome": "delivered",
        }
    ]


def test_a_future_event_waits_for_the_clock(make, t: list[float]) -> None:
    seen: list[httpx.Request] = []
    webhooks = make(transport=answering(seen=seen))
    webhooks.configure("acct", "http://receiver.test/hook")
    webhooks.emit("acct", EVENT, at=T0 + 10)
    assert webhooks.flush()
    assert len(seen) == 1  # webhook_updated only
    t[0] += 9.5
    assert webhooks.flush() and len(seen) == 1
    t[0] += 0.5
    assert webhooks.flush() and len(seen) == 2
    assert json.loads(seen[1].content) == EVENT
    assert webhooks.deliveries()[-1]["at"] == iso(T0 + 10)


def test_wake_delivers_without_waiting_for_a_tick(make, t: list[float]) -> None:
    seen: list[httpx.Request] = []
    webhooks = make(transport=answering(seen=seen), tick=600)  # the thread never wakes by itself
    webhooks.configure("acct", "http://receiver.test/hook")
    webhooks.emit("acct", EVENT, at=T0 + 5)
    assert wait_until(lambda: len(seen) == 1)
    t[0] += 5
    webhooks.wake()
    assert wait_until(lambda: len(seen) == 2)


def test_real_time_passing_delivers_a_due_event(make) -> None:
    clock = Clock()
    seen: list[httpx.Request] = []
    webhooks = make(clock=clock, transport=answering(seen=seen), tick=0.01)
    webhooks.configure("acct", "http://receiver.test/hook")
    due = clock.now() + 0.05
    webhooks.emit("acct", EVENT, at=due)
    assert wait_until(lambda: len(webhooks.deliveries()) == 2)
    delivered = webhooks.deliveries()[-1]
    assert delivered["event"] == EVENT and delivered["outcome"] == "delivered"
    assert datetime.fromisoformat(delivered["at"]).timestamp() >= due  # never before it was due


def test_retries_on_500_with_backoff_on_the_mock_clock(make, receiver: Receiver, t: list[float]) -> None:
    webhooks = make()
    receiver.fail = 2
    webhooks.configure("acct", receiver.url)
    assert webhooks.flush()
    assert outcomes(webhooks) == [(1, "retrying")]
    t[0] += 0.9
    assert webhooks.flush() and len(receiver.requests) == 1
    t[0] += 0.1
    assert webhooks.flush() and outcomes(webhooks) == [(1, "retrying"), (2, "retrying")]
    t[0] += 2
    assert webhooks.flush()
    assert outcomes(webhooks) == [(1, "retrying"), (2, "retrying"), (3, "delivered")]
    assert [d["status"] for d in webhooks.deliveries()] == [500, 500, 204]
    assert [d["at"] for d in webhooks.deliveries()] == [iso(T0), iso(T0 + 1), iso(T0 + 3)]
    assert len(receiver.requests) == 3


def test_gives_up_after_the_last_delay(make, t: list[float]) -> None:
    webhooks = make(transport=answering(*[503] * 10))
    webhooks.configure("acct", "http://receiver.test/hook")
    for step in (0, 1, 2, 4, 8, 100):
        t[0] += step
        assert webhooks.flush()
    assert outcomes(webhooks) == [(1, "retrying"), (2, "retrying"), (3, "retrying"), (4, "retrying"), (5, "failed")]
    assert [d["at"] for d in webhooks.deliveries()] == [iso(T0 + s) for s in (0, 1, 3, 7, 15)]


def test_connection_refused_is_retried_then_failed(make, t: list[float]) -> None:
    with socket.socket() as bound:  # bound, not listening: connecting is refused
        bound.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{bound.getsockname()[1]}/hook"
        webhooks = make(retry_delays=(1.0,), timeout=2.0)
        webhooks.configure("acct", url)
        assert webhooks.flush()
        t[0] += 1
        assert webhooks.flush()
    first, last = webhooks.deliveries()
    assert (first["outcome"], last["outcome"]) == ("retrying", "failed")
    assert first["status"] is None and first["error"] is not None and first["error"].startswith("ConnectError: ")


def test_redirects_are_not_followed(make) -> None:
    seen: list[httpx.Request] = []
    webhooks = make(transport=answering(302, seen=seen), retry_delays=())
    webhooks.configure("acct", "http://receiver.test/hook")
    assert webhooks.flush()
    assert len(seen) == 1
    assert [(d["status"], d["outcome"]) for d in webhooks.deliveries()] == [(302, "failed")]


def test_deliveries_are_independent_a_retry_does_not_hold_back_later_events(make, t: list[float]) -> None:
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        event = json.loads(request.content)
        seen.append(event.get("image_id", event["event"]))
        return httpx.Response(500 if seen == ["webhook_updated", "first"] else 200)

    webhooks = make(transport=httpx.MockTransport(handle))
    webhooks.configure("acct", "http://receiver.test/hook")
    webhooks.emit("acct", {**EVENT, "image_id": "first"})
    webhooks.emit("acct", {**EVENT, "image_id": "second"})
    assert webhooks.flush()
    assert seen == ["webhook_updated", "first", "second"]  # same due time: emit order
    t[0] += 1
    assert webhooks.flush()
    assert seen == ["webhook_updated", "first", "second", "first"]


def test_the_token_never_shows(make, caplog: pytest.LogCaptureFixture) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"refused, and by the way your token is {request.headers['authorization']}")

    caplog.set_level(logging.DEBUG, logger="autoenhance_mock")
    webhooks = make(transport=httpx.MockTransport(echo), retry_delays=())
    webhooks.configure("acct", "http://receiver.test/hook", TOKEN)
    assert webhooks.flush()
    [entry] = webhooks.deliveries()
    assert entry["error"] == "ConnectError: refused, and by the way your token is ***"
    assert entry["outcome"] == "failed"
    shown = [repr(webhooks), str(webhooks.view("acct")), str(webhooks.deliveries()), caplog.text]
    assert caplog.records and all(TOKEN not in text for text in shown)
    assert repr(webhooks._configs["acct"]).count(TOKEN) == 0
    with pytest.raises(ValueError) as bad:
        webhooks.configure("acct", "http://receiver.test/hook", TOKEN + "\n")
    assert TOKEN not in str(bad.value)


def test_errors_are_cut_short(make) -> None:
    def long(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("x" * 1000)

    webhooks = make(transport=httpx.MockTransport(long), retry_delays=())
    webhooks.configure("acct", "http://receiver.test/hook")
    assert webhooks.flush()
    assert len(webhooks.deliveries()[0]["error"] or "") == 200


@pytest.mark.parametrize(
    ("url", "token", "header", "field"),
    [
        ("ftp://host/hook", None, "Authorization", "url"),
        ("/relative/hook", None, "Authorization", "url"),
        ("http://", None, "Authorization", "url"),
        ("http://host:99999/", None, "Authorization", "url"),
        ("http://[::1/", None, "Authorization", "url"),
        ("http://host/a b", None, "Authorization", "url"),
        ("http://user:pw@host/", None, "Authorization", "url"),
        ("http://host/", None, "", "header"),
        ("http://host/", None, "Bad Header", "header"),
        ("http://host/", None, "x:y", "header"),
        ("http://host/", None, "Content-Type", "header"),
        ("http://host/", None, "host", "header"),
        ("http://host/", None, "content-length", "header"),
        ("http://host/", "a\r\nb", "Authorization", "token"),
        ("http://host/", "caf\u00e9", "Authorization", "token"),
        ("http://host/", " padded", "Authorization", "token"),
        ("http://host/", "", "Authorization", "token"),
        ("http://host/", "x" * 4097, "Authorization", "token"),
    ],
)
def test_configure_validates(make, url: str, token: str | None, header: str, field: str) -> None:
    webhooks = make()
    with pytest.raises(ValueError, match=f"^{field} ") as error:
        webhooks.configure("acct", url, token, header)
    assert "pw" not in str(error.value)  # URL credentials are not echoed
    assert webhooks.view("acct") is None and not webhooks.running


def test_valid_edge_values_are_accepted(make) -> None:
    webhooks = make(transport=answering())
    view = webhooks.configure("acct", "https://h.example:8443/p?q=1", "Bearer " + "x" * 4089, "X-Token_1.v2")
    assert view["token_set"] and view["header"] == "X-Token_1.v2"


def test_remove_stops_deliveries(make, t: list[float]) -> None:
    seen: list[httpx.Request] = []
    webhooks = make(transport=answering(*[500] * 10, seen=seen))
    webhooks.configure("acct", "http://receiver.test/hook")
    webhooks.emit("acct", EVENT, at=T0 + 5)
    assert webhooks.flush() and len(seen) == 1
    assert webhooks.remove("acct") and not webhooks.remove("acct")
    assert not webhooks.emit("acct", EVENT)
    t[0] += 100
    assert webhooks.flush()
    assert len(seen) == 1 and webhooks.view("acct") is None


def test_emit_without_a_webhook_does_nothing(make) -> None:
    webhooks = make()
    assert not webhooks.emit("acct", EVENT)
    assert webhooks.flush() and webhooks.deliveries() == []


def test_reset_forgets_configs_queue_and_log(make, t: list[float]) -> None:
    seen: list[httpx.Request] = []
    webhooks = make(transport=answering(500, seen=seen))
    webhooks.configure("acct", "http://receiver.test/hook")
    assert webhooks.flush() and outcomes(webhooks) == [(1, "retrying")]
    webhooks.reset()
    assert webhooks.deliveries() == [] and webhooks.view("acct") is None
    t[0] += 100
    assert webhooks.flush() and len(seen) == 1
    webhooks.configure("acct", "http://receiver.test/hook")
    assert webhooks.flush()
    assert [(d["seq"], d["outcome"]) for d in webhooks.deliveries()] == [(1, "delivered")]


def test_no_thread_before_the_first_configure_and_close_joins_it(make) -> None:
    polls: list[float] = []
    webhooks = make(transport=answering(), poll=polls.append)
    before = set(threading.enumerate())
    assert not webhooks.running and webhooks.flush() and not webhooks.emit("acct", EVENT)
    assert set(threading.enumerate()) - before == set() and polls == []
    webhooks.configure("acct", "http://receiver.test/hook")
    [thread] = set(threading.enumerate()) - before
    assert webhooks.running and thread.name == "autoenhance-mock-webhooks" and thread.daemon
    with webhooks:
        assert webhooks.flush() and set(polls) == {T0}
    assert not webhooks.running and not thread.is_alive()
    webhooks.close()  # idempotent
    assert not webhooks.emit("acct", EVENT)
    with pytest.raises(RuntimeError, match="closed"):
        webhooks.configure("acct", "http://receiver.test/hook")


def test_a_slow_receiver_blocks_neither_emit_nor_close(make) -> None:
    entered, release = threading.Event(), threading.Event()

    def slow(request: httpx.Request) -> httpx.Response:
        entered.set()
        release.wait(10)
        return httpx.Response(200)

    webhooks = make(transport=httpx.MockTransport(slow), timeout=0.1)
    webhooks.configure("acct", "http://receiver.test/hook")
    assert entered.wait(5)
    emitter = threading.Thread(target=webhooks.emit, args=("acct", EVENT))
    emitter.start()
    emitter.join(5)
    assert not emitter.is_alive()
    assert not webhooks.flush(timeout=0.05)  # the send under way cannot end in time
    started = time.monotonic()
    webhooks.close()
    assert time.monotonic() - started < 3  # bounded by timeout + 1 s, not by the receiver
    release.set()
    assert wait_until(lambda: not webhooks.running)
    assert [d["outcome"] for d in webhooks.deliveries()] == ["delivered"]  # the send under way ends; no more


def test_poll_is_called_with_now_and_can_emit(make, t: list[float]) -> None:
    seen: list[httpx.Request] = []
    polls: list[float] = []
    finished_at = T0 + 3

    def poll(now: float) -> None:
        polls.append(now)
        if now >= finished_at and not any(json.loads(r.content) == EVENT for r in seen):
            webhooks.emit("acct", EVENT, at=finished_at)

    webhooks = make(transport=answering(seen=seen), poll=poll, tick=600)
    webhooks.configure("acct", "http://receiver.test/hook")
    assert webhooks.flush() and polls[-1] == T0 and len(seen) == 1
    t[0] += 5
    assert webhooks.flush()
    assert polls[-1] == T0 + 5
    assert json.loads(seen[-1].content) == EVENT
    assert webhooks.deliveries()[-1]["at"] == iso(T0 + 5)
    webhooks.remove("acct")
    calls = len(polls)
    t[0] += 5
    assert webhooks.flush() and len(polls) == calls  # no webhook: no poll


def test_a_failing_poll_does_not_stop_the_thread(make, caplog: pytest.LogCaptureFixture) -> None:
    def poll(now: float) -> None:
        raise RuntimeError("store bug")

    webhooks = make(transport=answering(), poll=poll)
    webhooks.configure("acct", "http://receiver.test/hook")
    assert webhooks.flush() and webhooks.running
    assert webhooks.deliveries()[0]["outcome"] == "delivered"
    assert "poll failed" in caplog.text


def test_flush_from_the_webhook_thread_is_refused(make) -> None:
    errors: list[Exception] = []

    def poll(now: float) -> None:
        try:
            webhooks.flush()
        except RuntimeError as exc:
            errors.append(exc)

    webhooks = make(transport=answering(), poll=poll)
    webhooks.configure("acct", "http://receiver.test/hook")
    assert webhooks.flush()
    assert errors and "wait for itself" in str(errors[0])


def test_events_must_be_json(make) -> None:
    webhooks = make(transport=answering())
    webhooks.configure("acct", "http://receiver.test/hook")
    with pytest.raises(TypeError):
        webhooks.emit("acct", {"event": object()})


def test_deliveries_filter_by_owner_and_since(make) -> None:
    webhooks = make(transport=answering())
    webhooks.configure("a", "http://receiver.test/a")
    webhooks.configure("b", "http://receiver.test/b")
    webhooks.emit("a", EVENT)
    assert webhooks.flush()
    assert [(d["seq"], d["owner"]) for d in webhooks.deliveries()] == [(1, "a"), (2, "b"), (3, "a")]
    assert [d["seq"] for d in webhooks.deliveries("a")] == [1, 3]
    assert [d["seq"] for d in webhooks.deliveries(since=2)] == [3]
    webhooks.deliveries()[0]["event"]["event"] = "changed"  # a copy: the log stays as it was
    assert webhooks.deliveries()[0]["event"] == {"event": "webhook_updated"}
