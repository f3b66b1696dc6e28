"""A 2xx that cannot be read: the error says which answer, what came instead (key scrubbed) and
keeps it in ``body``; a delete's answer is not read at all."""

from __future__ import annotations

import re

import httpx
import pytest
from autoenhance_sdk import APIResponseValidationError

from tests.wrapper.helpers import KEY, Recorder, Sleeps, order_json, sync_client


def unreadable(response: httpx.Response) -> APIResponseValidationError:
    with pytest.raises(APIResponseValidationError) as info:
        sync_client(Recorder(response)).orders.retrieve("o-1")
    return info.value


def test_html_is_not_json() -> None:
    error = unreadable(httpx.Response(200, text="<html>hi</html>", headers={"content-type": "text/html"}))
    assert str(error) == "The 200 answer to GET /v3/orders/o-1 is text/html, not JSON: '<html>hi</html>'"
    assert error.body == "<html>hi</html>" and error.status_code == 200


def test_an_untyped_answer_is_not_json() -> None:
    error = unreadable(httpx.Response(200, content=b"x"))
    assert str(error) == "The 200 answer to GET /v3/orders/o-1 is untyped, not JSON: 'x'"
    assert error.body == "x"


def test_json_in_a_parameter_of_another_type_is_not_json() -> None:
    """Only the media type counts, not its parameters: text/plain stays text even with "json" after ``;``."""
    body = httpx.Response(200, json=order_json()).text
    error = unreadable(httpx.Response(200, text=body, headers={"content-type": "text/plain; profile=json"}))
    assert str(error).startswith("The 200 answer to GET /v3/orders/o-1 is text/plain; profile=json, not JSON: ")


def test_a_json_media_type_with_parameters_is_read() -> None:
    response = httpx.Response(
        200, content=httpx.Response(200, json=order_json()).content, headers={"content-type": "application/json; x=y"}
    )
    assert sync_client(Recorder(response)).orders.retrieve("o-1").order_id == "o-1"


def test_broken_json_says_why_and_keeps_the_text() -> None:
    error = unreadable(httpx.Response(200, text="{broken", headers={"content-type": "application/json"}))
    assert re.fullmatch(r"The 200 answer to GET /v3/orders/o-1 is not valid JSON \(.+\): '\{broken'", str(error))
    assert error.body == "{broken"


def test_the_key_is_scrubbed_from_what_is_quoted_and_kept() -> None:
    error = unreadable(httpx.Response(200, text=f"<p>{KEY}</p>", headers={"content-type": "text/html"}))
    assert error.body == "<p>[redacted]</p>" and KEY not in str(error)
    error = unreadable(httpx.Response(200, text=f"{{{KEY}", headers={"content-type": "application/json"}))
    assert error.body == "{[redacted]" and KEY not in str(error)


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200),
        httpx.Response(204),
        httpx.Response(204, json=order_json()),  # HTTP gives a 204 no body, whatever bytes follow it
    ],
)
def test_no_body_where_the_spec_promises_one(response: httpx.Response) -> None:
    error = unreadable(response)
    status = response.status_code
    assert re.fullmatch(rf"The {status} answer to GET /v3/orders/o-1 has no body; .*\bOrderOut\b.*", str(error))
    assert error.body is None and error.response is response


@pytest.mark.parametrize("response", [httpx.Response(204), httpx.Response(200, json={"deleted": True})])
def test_a_delete_reads_no_body_and_its_raw_response_is_the_answer(response: httpx.Response) -> None:
    recorder, sleeps = Recorder(httpx.Response(503), response), Sleeps()
    client = sync_client(recorder, sleeps)
    raw = client.orders.with_raw_response.delete("o-1")
    assert raw.parsed is None
    assert raw.http_response is response and raw.status_code == response.status_code
    assert raw.attempts == 2 and sleeps == [0.5]
    client.orders.delete("o-1")  # the plain method reads nothing either
    assert len(recorder.requests) == 3
