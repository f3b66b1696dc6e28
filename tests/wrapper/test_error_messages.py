"""What an error status says: where, the status, the body's ``message`` and ``detail`` as sent,
cut at 1000 characters, never the key; and what the error keeps (request, response, body)."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from autoenhance_sdk import APIStatusError, BadRequestError, InternalServerError, NotFoundError

from tests.wrapper.helpers import KEY, Recorder, order_json, reply, sync_client


def error_for(response: httpx.Response, order_id: str = "o-1", **options: Any) -> tuple[APIStatusError, Recorder]:
    """The error ``retrieve(order_id)`` raises on ``response`` (no retries unless ``options`` say)."""
    recorder = Recorder(response)
    options.setdefault("max_retries", 0)
    with pytest.raises(APIStatusError) as info:
        sync_client(recorder, **options).orders.retrieve(order_id)
    return info.value, recorder


def test_the_message_carries_the_detail_as_json() -> None:
    body = {"message": "Not Found", "detail": {"order_id": ["No order 'o-1'."], "hint": None}}
    error, _ = error_for(reply(404, body))
    assert type(error) is NotFoundError
    assert str(error) == (
        'GET /v3/orders/o-1 answered 404 Not Found: Not Found {"order_id": ["No order \'o-1\'."], "hint": null}'
    )


def test_a_detail_that_is_not_an_object_is_shown_as_sent() -> None:
    error, _ = error_for(reply(400, {"message": "Bad", "detail": "order_id: too long"}))
    assert str(error) == 'GET /v3/orders/o-1 answered 400 Bad Request: Bad "order_id: too long"'


def test_non_ascii_detail_reads_as_written() -> None:
    body = {"message": "Requête invalide", "detail": {"name": ["Trop long — 255 caractères au plus."]}}
    error, _ = error_for(reply(400, body))
    assert str(error).endswith(': Requête invalide {"name": ["Trop long — 255 caractères au plus."]}')
    assert "\\u" not in str(error)


def test_a_body_without_detail_shows_an_empty_detail() -> None:
    error, _ = error_for(reply(400, {"message": "Bad"}))
    assert str(error) == "GET /v3/orders/o-1 answered 400 Bad Request: Bad {}"


def test_a_body_without_message_shows_only_the_detail() -> None:
    error, _ = error_for(reply(400, {"detail": {"per_page": ["Must be at least 1."]}}))
    assert re.fullmatch(
        r'GET /v3/orders/o-1 answered 400 Bad Request: \{"per_page": \["Must be at least 1."\]\}', str(error)
    )


def test_a_plain_text_body_is_quoted() -> None:
    error, _ = error_for(httpx.Response(500, text="upstream connect error"))
    assert type(error) is InternalServerError
    assert str(error) == "GET /v3/orders/o-1 answered 500 Internal Server Error: upstream connect error"
    assert error.body == "upstream connect error"


def test_a_long_error_is_cut_to_1000_characters_and_kept_whole_in_body() -> None:
    body = {"message": "x" * 3000, "detail": {}}
    error, _ = error_for(reply(400, body))
    assert len(str(error)) == 1000
    assert str(error) == f"GET /v3/orders/o-1 answered 400 Bad Request: {'x' * 3000}"[:1000]
    assert error.body == body


def test_the_key_in_the_path_is_redacted_from_the_message() -> None:
    """Arguments swapped by mistake (the key as the order id): the message still hides it."""
    error, recorder = error_for(reply(404, {"message": "Not Found", "detail": {}}), order_id=KEY)
    assert str(recorder.requests[0].url).endswith(f"/v3/orders/{KEY}")
    assert str(error) == "GET /v3/orders/[redacted] answered 404 Not Found: Not Found {}"


def test_the_error_keeps_the_request_the_response_and_the_message() -> None:
    body = {"message": "Bad", "detail": {}}
    error, recorder = error_for(reply(400, body, {"x-request-id": "req-7"}))
    assert type(error) is BadRequestError
    assert error.message == str(error)
    assert error.request is recorder.originals[0]
    assert error.response.status_code == 400 and error.response.json() == body
    assert error.response.request is recorder.originals[0]
    assert (error.status_code, error.body, error.request_id) == (400, body, "req-7")


@pytest.mark.parametrize(("status", "reason"), [(300, "Multiple Choices"), (301, "Moved Permanently")])
def test_a_3xx_answer_is_an_error_not_a_result(status: int, reason: str) -> None:
    """A redirect (httpx does not follow them by default) is not an order, even with an order's
    body; it is not retried either."""
    response = httpx.Response(status, json=order_json(), headers={"location": "/elsewhere"})
    error, recorder = error_for(response, max_retries=2)
    assert type(error) is APIStatusError
    assert error.status_code == status
    assert str(error).startswith(f"GET /v3/orders/o-1 answered {status} {reason}: ")
    assert json.loads(error.response.content) == order_json()
    assert len(recorder.requests) == 1
