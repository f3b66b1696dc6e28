"""Ids in messages and logs are shown as sent (percent-encoded): an id with a line break cannot
forge a log line, nor one with a terminal escape colour it; printable unicode stays readable."""

from __future__ import annotations

import logging

import autoenhance_sdk as sdk
import httpx
import pytest

from tests.wrapper.helpers import Recorder, async_client, reply, sync_client


@pytest.mark.parametrize(
    ("image_id", "shown"),
    [
        ("a\nFAKE LOG LINE", "a%0AFAKE%20LOG%20LINE"),
        ("a\r\nb", "a%0D%0Ab"),
        ("x\x1b[31mred\x1b[0m", "x%1B[31mred%1B[0m"),
        ("tab\there", "tab%09here"),
        ("del\x7f", "del%7F"),
        ("rtl\u202eevil", "rtl%E2%80%AEevil"),  # a bidi override reorders what a terminal shows
        ("line\u2028sep", "line%E2%80%A8sep"),
        ("café-ü-日本", "café-ü-日本"),  # printable unicode reads as itself
        ("50%off", "50%25off"),  # a literal % is not mistaken for an escape
        ("a?b#c", "a%3Fb%23c"),  # as sent: an id "x?y=1" must not read as a query
    ],
)
def test_an_id_is_shown_as_sent_in_messages_and_the_log(
    image_id: str, shown: str, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder(reply(404))
    with caplog.at_level(logging.INFO, logger="autoenhance_sdk"), pytest.raises(sdk.NotFoundError) as info:
        sync_client(recorder).images.retrieve(image_id)
    assert str(info.value) == f"GET /v3/images/{shown} answered 404 Not Found"
    logged = [r.getMessage() for r in caplog.records if r.name == "autoenhance_sdk"]
    assert logged and logged[0].startswith(f"GET /v3/images/{shown} -> 404 (attempt 1")
    for text in [str(info.value), *logged]:
        assert text.isprintable(), text  # no line break, escape or bidi control, raw


def test_a_connection_error_and_an_unreadable_answer_show_it_the_same_way() -> None:
    recorder = Recorder(httpx.ConnectError("refused"))
    with pytest.raises(sdk.APIConnectionError) as info:
        sync_client(recorder, max_retries=0).orders.retrieve("o\n1")
    assert str(info.value) == "GET /v3/orders/o%0A1 failed (ConnectError: refused)"
    recorder = Recorder(httpx.Response(200, text="<html>", headers={"content-type": "text/html"}))
    with pytest.raises(sdk.APIResponseValidationError, match=r"^The 200 answer to GET /v3/orders/o%1B1 is text/html"):
        sync_client(recorder).orders.retrieve("o\x1b1")


@pytest.mark.anyio
async def test_the_async_client_shows_it_the_same_way() -> None:
    async with async_client(Recorder(reply(404))) as client:
        with pytest.raises(sdk.NotFoundError) as info:
            await client.images.retrieve("a\nFAKE")
    assert str(info.value) == "GET /v3/images/a%0AFAKE answered 404 Not Found"


def test_escapes_that_are_no_utf8_stay_as_they_are() -> None:
    from autoenhance_sdk._core import shown_path

    assert shown_path(httpx.URL("http://h/a%FF%C3b/%c3%a9?sig=s")) == "/a%FF%C3b/é"
