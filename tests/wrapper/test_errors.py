"""Every status maps to one class of the tree; unreadable answers say what came back."""

from __future__ import annotations

import autoenhance_sdk as sdk
import httpx
import pytest

from tests.wrapper.helpers import KEY, Recorder, order_json, reply, sync_client

CASES = [
    (400, sdk.BadRequestError),
    (401, sdk.AuthenticationError),
    (403, sdk.PermissionDeniedError),
    (404, sdk.NotFoundError),
    (409, sdk.ConflictError),
    (413, sdk.APIStatusError),
    (415, sdk.APIStatusError),
    (418, sdk.APIStatusError),
    (422, sdk.UnprocessableEntityError),
    (429, sdk.RateLimitError),
    (500, sdk.InternalServerError),
    (503, sdk.InternalServerError),
    (520, sdk.InternalServerError),
    (599, sdk.InternalServerError),
]


@pytest.mark.parametrize(("status", "cls"), CASES)
def test_status_maps_to_its_class(status: int, cls: type) -> None:
    body = {"message": "Something", "detail": {"id": "why"}}
    recorder = Recorder(httpx.Response(status, json=body, headers={"x-request-id": "req-42"}))
    with pytest.raises(cls) as info:
        sync_client(recorder, max_retries=0).orders.retrieve("o-1")
    error = info.value
    assert type(error) is cls
    assert isinstance(error, sdk.APIStatusError) and isinstance(error, sdk.APIError)
    assert isinstance(error, sdk.AutoenhanceError)
    assert (error.status_code, error.body, error.request_id) == (status, body, "req-42")
    assert error.headers["x-request-id"] == "req-42"
    assert f"GET /v3/orders/o-1 answered {status}" in str(error) and "Something" in str(error)


def test_unknown_status_has_a_readable_message() -> None:
    recorder = Recorder(httpx.Response(520, text="origin error"))
    with pytest.raises(sdk.InternalServerError, match="520 Unknown Status: origin error") as info:
        sync_client(recorder, max_retries=0).orders.retrieve("o-1")
    assert info.value.request_id is None


def test_an_error_without_a_body_still_says_its_status() -> None:
    recorder = Recorder(httpx.Response(502))
    with pytest.raises(sdk.InternalServerError, match=r"answered 502 Bad Gateway$") as info:
        sync_client(recorder, max_retries=0).orders.retrieve("o-1")
    assert info.value.body == ""


def test_422_field_errors_are_parsed() -> None:
    body = {"message": "Validation error", "detail": {"json": {"name": ["Too long."]}, "query": {"x": "one"}, "odd": 3}}
    recorder = Recorder(reply(422, body))
    with pytest.raises(sdk.UnprocessableEntityError) as info:
        sync_client(recorder).orders.update("o-1", name="n")
    assert info.value.field_errors == {"json": {"name": ["Too long."]}, "query": {"x": ["one"]}}
    recorder = Recorder(httpx.Response(422, text="not json"))
    with pytest.raises(sdk.UnprocessableEntityError) as info:
        sync_client(recorder).orders.update("o-1", name="n")
    assert info.value.field_errors == {} and info.value.body == "not json"


@pytest.mark.parametrize(
    ("response", "says"),
    [
        (httpx.Response(200, text="{broken", headers={"content-type": "application/json"}), "not valid JSON"),
        (httpx.Response(200, text="<html>hi</html>", headers={"content-type": "text/html"}), "text/html, not JSON"),
        (httpx.Response(200, content=b"x"), "untyped, not JSON"),
        (httpx.Response(200, json=order_json(images=3)), "TypeError"),
        (httpx.Response(200, json=order_json(created_at="yesterday")), "ValueError"),
        (httpx.Response(200, json=[1, 2]), "does not match the spec"),
    ],
)
def test_unreadable_success_is_a_typed_error_saying_what_came_back(response: httpx.Response, says: str) -> None:
    with pytest.raises(sdk.APIResponseValidationError, match=says) as info:
        sync_client(Recorder(response)).orders.retrieve("o-1")
    assert info.value.status_code == 200
    assert info.value.response is not None and info.value.request is not None


def test_delete_reads_204_and_an_empty_200() -> None:
    recorder = Recorder(httpx.Response(204), httpx.Response(200))
    client = sync_client(recorder)
    assert client.orders.delete("o-1") is None
    assert client.orders.delete("o-1") is None


def test_lenient_reading_of_new_fields_values_and_nulls() -> None:
    image = {"image_id": "i", "image_name": "n", "order_id": "o-1", "status": "rendering", "enhance_type": "cinematic"}
    body = order_json(status="archived", priority="high", images=[image], name=None)
    order = sync_client(Recorder(reply(200, body))).orders.retrieve("o-1")
    assert order.status == "archived" and order["priority"] == "high" and order.name is None
    assert order.images[0].status == "rendering" and order.images[0].enhance_type == "cinematic"
    assert order.to_dict() == body


def test_raw_response_gives_status_headers_and_model() -> None:
    recorder = Recorder(httpx.Response(200, json=order_json(), headers={"x-request-id": "r1"}))
    raw = sync_client(recorder).orders.with_raw_response.retrieve("o-1")
    assert (raw.status_code, raw.request_id, raw.attempts) == (200, "r1", 1)
    assert raw.headers["content-type"] == "application/json"
    assert raw.parsed.order_id == "o-1" and raw.http_response.json() == order_json()


def test_the_key_never_appears_in_messages_even_if_the_server_echoes_it() -> None:
    recorder = Recorder(reply(401, {"message": f"bad key {KEY}", "detail": {"x-api-key": KEY, KEY: [KEY, 3]}}))
    with pytest.raises(sdk.AuthenticationError) as info:
        sync_client(recorder).orders.retrieve("o-1")
    assert KEY not in str(info.value) and "[redacted]" in str(info.value)
    assert KEY not in str(info.value.body) and info.value.body["detail"]["[redacted]"] == ["[redacted]", 3]
    recorder = Recorder(httpx.Response(200, text=f"oops {KEY}", headers={"content-type": "text/plain"}))
    with pytest.raises(sdk.APIResponseValidationError) as info2:
        sync_client(recorder).orders.retrieve("o-1")
    assert KEY not in str(info2.value)
    recorder = Recorder(httpx.ConnectError(f"cannot reach with {KEY}"))
    with pytest.raises(sdk.APIConnectionError) as info3:
        sync_client(recorder, max_retries=0).orders.retrieve("o-1")
    assert KEY not in str(info3.value)


def test_keyless_errors_keep_their_body() -> None:
    body = {"message": "Not Found", "detail": {"id": ["No order with id 'o-1'."]}}
    with pytest.raises(sdk.NotFoundError) as info:
        sync_client(Recorder(reply(404, body)), api_key=None).orders.retrieve("o-1")
    assert info.value.body == body
