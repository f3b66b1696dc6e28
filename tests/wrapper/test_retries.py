"""Retries: which failures, how long between tries (injected sleep and jitter), and the caps."""

from __future__ import annotations

import email.utils
from typing import Any

import httpx
import pytest
from autoenhance_sdk import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from autoenhance_sdk._retry import RetryTiming

from tests.wrapper.helpers import AsyncSleeps, Recorder, Sleeps, async_client, order_json, reply, sync_client


def test_503_twice_then_200_with_exponential_backoff(sleeps: Sleeps) -> None:
    recorder = Recorder(reply(503, {"message": "x", "detail": {}}), reply(503, {"message": "x", "detail": {}}), reply())
    order = sync_client(recorder, sleeps).orders.retrieve("o-1")
    assert order.order_id == "o-1"
    assert sleeps == [0.5, 1.0]
    assert len(recorder.requests) == 3


def _status_message(status: int) -> str:
    """What the error for ``status`` on ``retrieve("o-1")`` must say: where, the status and the body's
    message and detail (the reason phrase between them depends on the Python version)."""
    return rf"^GET /v3/orders/o-1 answered {status} [A-Za-z -]+: m \{{\}}$"


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (408, APIStatusError),  # no class of its own: the base status error, exactly
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (520, InternalServerError),
        (599, InternalServerError),
    ],
)
def test_retried_statuses_and_exhaustion(status: int, error: type[APIStatusError], sleeps: Sleeps) -> None:
    recorder = Recorder(reply(status, {"message": "m", "detail": {}}))
    with pytest.raises(error, match=_status_message(status)) as info:
        sync_client(recorder, sleeps).orders.retrieve("o-1")
    assert type(info.value) is error
    assert info.value.status_code == status
    assert len(recorder.requests) == 3


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (413, APIStatusError),
        (415, APIStatusError),
        (422, UnprocessableEntityError),
    ],
)
def test_client_errors_are_not_retried(status: int, error: type[APIStatusError], sleeps: Sleeps) -> None:
    recorder = Recorder(reply(status, {"message": "m", "detail": {}}))
    with pytest.raises(error, match=_status_message(status)) as info:
        sync_client(recorder, sleeps).orders.retrieve("o-1")
    assert type(info.value) is error
    assert info.value.status_code == status
    assert len(recorder.requests) == 1 and sleeps == []


def test_per_call_and_per_client_max_retries(sleeps: Sleeps) -> None:
    recorder = Recorder(reply(500, {"message": "m", "detail": {}}))
    with pytest.raises(InternalServerError):
        sync_client(recorder, sleeps).orders.retrieve("o-1", max_retries=0)
    assert len(recorder.requests) == 1
    with pytest.raises(InternalServerError):
        sync_client(recorder, sleeps, max_retries=4).orders.retrieve("o-1")
    assert len(recorder.requests) == 1 + 5


def test_429_retry_after_is_honoured(sleeps: Sleeps) -> None:
    recorder = Recorder(reply(429, {"message": "m", "detail": {}}, {"retry-after": "3"}), reply())
    sync_client(recorder, sleeps).orders.retrieve("o-1")
    assert sleeps == [3.0]


def test_retry_after_ms_and_http_date(sleeps: Sleeps) -> None:
    date = email.utils.formatdate(1_000_010, usegmt=True)
    recorder = Recorder(
        reply(503, {"message": "m", "detail": {}}, {"retry-after-ms": "250"}),
        reply(503, {"message": "m", "detail": {}}, {"retry-after": date}),
        reply(),
    )
    sync_client(recorder, sleeps, clock=lambda: 1_000_000.0).orders.retrieve("o-1")
    assert sleeps == [0.25, 10.0]


def test_unreadable_retry_after_falls_back_to_backoff(sleeps: Sleeps) -> None:
    recorder = Recorder(
        reply(503, {"message": "m", "detail": {}}, {"retry-after": "soon"}),
        reply(503, {"message": "m", "detail": {}}, {"retry-after-ms": "x"}),
        reply(),
    )
    sync_client(recorder, sleeps).orders.retrieve("o-1")
    assert sleeps == [0.5, 1.0]


def test_retry_after_over_the_cap_raises_at_once(sleeps: Sleeps) -> None:
    recorder = Recorder(reply(429, {"message": "Too Many Requests", "detail": {}}, {"retry-after": "3600"}))
    with pytest.raises(RateLimitError) as info:
        sync_client(recorder, sleeps).orders.retrieve("o-1")
    assert info.value.retry_after == 3600.0
    assert sleeps == [] and len(recorder.requests) == 1
    recorder = Recorder(reply(429, {"message": "m", "detail": {}}, {"retry-after": "90"}), reply())
    sync_client(recorder, sleeps, max_retry_after=120).orders.retrieve("o-1")
    assert sleeps == [90.0]


def test_backoff_is_capped_at_8_seconds_with_jitter() -> None:
    timing = RetryTiming(jitter=lambda: 1.0, max_retry_after=60)
    assert [timing.backoff(n) for n in range(6)] == [0.375, 0.75, 1.5, 3.0, 6.0, 6.0]
    assert RetryTiming(jitter=lambda: 0.0, max_retry_after=60).backoff(10) == 8.0


def test_connection_errors_and_timeouts_are_retried_then_typed(sleeps: Sleeps) -> None:
    recorder = Recorder(httpx.ConnectError("refused"), httpx.RemoteProtocolError("reset"), reply())
    assert sync_client(recorder, sleeps).orders.retrieve("o-1").order_id == "o-1"
    assert sleeps == [0.5, 1.0]
    recorder = Recorder(httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError, match="timed out") as info:
        sync_client(recorder, sleeps).orders.retrieve("o-1")
    assert isinstance(info.value, APIConnectionError) and info.value.request is not None
    # kept for debugging, not shown: its frames hold the request's headers (tests/reliability/test_traceback_locals.py)
    assert isinstance(info.value.__context__, httpx.ReadTimeout) and info.value.__suppress_context__
    recorder = Recorder(httpx.ReadError("boom"))
    with pytest.raises(APIConnectionError, match="ReadError"):
        sync_client(recorder, sleeps).orders.retrieve("o-1", max_retries=0)


def test_create_never_duplicates_when_responses_are_dropped(sleeps: Sleeps) -> None:
    """The first create reaches the server but its answer is lost; the retry meets a 409."""
    created: dict[str, dict] = {}

    def server(request: httpx.Request) -> httpx.Response:
        import json

        if request.method == "POST":
            body = json.loads(request.content)
            if body["order_id"] in created:
                return reply(409, {"message": "Conflict", "detail": {}})
            created[body["order_id"]] = body
            raise httpx.RemoteProtocolError("connection dropped after the order was made")
        order_id = request.url.path.rsplit("/", 1)[1]
        return reply(200, {**_order(order_id), "name": created[order_id].get("name")})

    recorder = Recorder(server)
    order = sync_client(recorder, sleeps).orders.create(name="12 Elm St")
    assert len(created) == 1 and order.order_id in created
    assert order.name == "12 Elm St"
    assert [r.method for r in recorder.requests] == ["POST", "POST", "GET"]


def test_a_409_on_the_first_try_is_a_real_conflict(sleeps: Sleeps) -> None:
    recorder = Recorder(reply(409, {"message": "Conflict", "detail": {"order_id": "exists"}}))
    with pytest.raises(ConflictError):
        sync_client(recorder, sleeps).orders.create(order_id="taken")
    assert len(recorder.requests) == 1


def test_a_409_on_retry_for_someone_elses_order_is_a_conflict(sleeps: Sleeps) -> None:
    recorder = Recorder(
        reply(503, {"message": "m", "detail": {}}),
        reply(409, {"message": "Conflict", "detail": {}}),
        reply(200, _order("taken") | {"name": "not mine"}),
    )
    with pytest.raises(ConflictError):
        sync_client(recorder, sleeps).orders.create(order_id="taken", name="mine")


def _order(order_id: str) -> dict:
    return order_json(order_id=order_id)


@pytest.mark.anyio
async def test_async_retries_and_idempotent_create() -> None:
    sleeps = AsyncSleeps()
    recorder = Recorder(httpx.ConnectError("x"), reply(503, {"message": "m", "detail": {}}), reply())
    client = async_client(recorder, sleeps)
    assert (await client.orders.retrieve("o-1")).order_id == "o-1"
    assert sleeps == [0.5, 1.0]
    recorder = Recorder(
        reply(502, {"message": "m", "detail": {}}),
        reply(409, {"message": "Conflict", "detail": {}}),
        reply(200, _order("mine") | {"name": "n"}),
    )
    order = await async_client(recorder, sleeps).orders.create(order_id="mine", name="n")
    assert order.order_id == "mine"
    with pytest.raises(NotFoundError):
        await async_client(Recorder(reply(404, {"message": "m", "detail": {}}))).orders.retrieve("x")
    recorder = Recorder(
        httpx.ReadTimeout("lost"),
        reply(409, {"message": "Conflict", "detail": {}}),
        reply(200, _order("theirs") | {"name": "someone else"}),
    )
    with pytest.raises(ConflictError):
        await async_client(recorder, sleeps).orders.create(order_id="theirs", name="n")


NOT_FOUND = {"message": "Not Found", "detail": {}}


@pytest.mark.parametrize("resource", ["orders", "images"])
def test_a_delete_whose_answer_was_lost_and_is_gone_on_the_retry_succeeded(resource: str, sleeps: Sleeps) -> None:
    """The first DELETE reached the server and deleted; its answer was lost; the retry's 404 is
    that first attempt's work, not an error."""
    recorder = Recorder(httpx.RemoteProtocolError("connection dropped after the delete"), reply(404, NOT_FOUND))
    assert getattr(sync_client(recorder, sleeps), resource).delete("x-1") is None
    assert [r.method for r in recorder.requests] == ["DELETE", "DELETE"]


@pytest.mark.anyio
async def test_the_async_delete_does_the_same() -> None:
    recorder = Recorder(httpx.ReadTimeout("answer never came"), reply(404, NOT_FOUND))
    async with async_client(recorder) as client:
        assert await client.orders.delete("o-1") is None
    assert len(recorder.requests) == 2


@pytest.mark.parametrize(
    "first",
    [httpx.ConnectError("refused"), reply(503, {"message": "x", "detail": {}})],
    ids=["never sent", "answered 503"],
)
def test_a_delete_of_nothing_is_still_not_found(first: Any, sleeps: Sleeps) -> None:
    """A 404 after an attempt that certainly did nothing (no connection, or answered) is real."""
    recorder = Recorder(first, reply(404, NOT_FOUND))
    with pytest.raises(NotFoundError):
        sync_client(recorder, sleeps).orders.delete("o-1")
    assert len(recorder.requests) == 2


def test_only_deletes_read_a_404_after_a_lost_answer_as_done(sleeps: Sleeps) -> None:
    recorder = Recorder(httpx.RemoteProtocolError("dropped"), reply(404, NOT_FOUND))
    with pytest.raises(NotFoundError):
        sync_client(recorder, sleeps).orders.retrieve("o-1")
