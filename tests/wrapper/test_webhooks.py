"""``autoenhance_sdk.webhooks.parse``: every branch on hand-made requests, then the mock's real
deliveries (a receiver on 127.0.0.1 records each POST's raw body and headers as they arrived).

The mock's clock moves through ``advance`` and ``flush_webhooks`` waits for the sends: no sleep
decides an outcome.
"""

from __future__ import annotations

import dataclasses
import io
import threading
from collections.abc import Iterator
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from autoenhance_mock import AutoenhanceMock
from autoenhance_sdk import Autoenhance, InvalidInputError, WebhookVerificationError, webhooks
from autoenhance_sdk.webhooks import ImageProcessed, UnknownEvent, WebhookUpdated, parse
from PIL import Image

TOKEN = "whk-S3cret-t0ken"
WRONG = "whk-Wr0ng-t0ken!"
DONE = b'{"event":"image_processed","image_id":"i1","order_id":"o1","error":false,"order_is_processing":true}'
AUTH = {"Authorization": TOKEN}


def refused(body: Any, headers: Any, *, token: str = TOKEN, **kw: Any) -> str:
    """parse() raises WebhookVerificationError; its message, checked to show no token."""
    with pytest.raises(WebhookVerificationError) as info:
        parse(body, headers, token=token, **kw)
    message = str(info.value)
    assert TOKEN not in message and WRONG not in message and token not in message
    return message


# -- the token ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": TOKEN},
        {"AUTHORIZATION": TOKEN, "content-type": "application/json"},
        httpx.Headers({"authorization": TOKEN}),
        [("Content-Type", "application/json"), ("authorization", TOKEN)],
        [(b"authorization", TOKEN.encode())],  # ASGI's raw scope["headers"]
        iter([("Authorization", TOKEN)]),
    ],
    ids=["dict", "dict-upper", "httpx", "pairs", "asgi-bytes", "iterator"],
)
def test_the_token_is_found_in_any_case_and_any_kind_of_headers(headers: Any) -> None:
    assert parse(b'{"event":"webhook_updated"}', headers, token=TOKEN) == WebhookUpdated({"event": "webhook_updated"})


def test_email_style_headers_work_too() -> None:  # http.server's and http.client's HTTPMessage
    message = Message()
    message["Authorization"] = TOKEN
    assert isinstance(parse('{"event":"webhook_updated"}', message, token=TOKEN), WebhookUpdated)


def test_a_custom_header_name() -> None:
    headers = {"X-Hook-Token": TOKEN, "Authorization": WRONG}
    assert isinstance(parse(DONE, headers, token=TOKEN, header="x-hook-token"), ImageProcessed)
    assert "'X-Other'" in refused(DONE, headers, header="X-Other")


def test_a_missing_header_names_it() -> None:
    assert refused(DONE, {}) == "the request has no 'authorization' header: it carries no webhook token"
    assert "'X-Hook-Token'" in refused(DONE, AUTH, header="X-Hook-Token")


@pytest.mark.parametrize("received", [WRONG, "", TOKEN + " ", TOKEN[:-1], f"Bearer {TOKEN}", TOKEN.upper()])
def test_a_wrong_token_is_refused_without_showing_either_token(received: str) -> None:
    message = refused(DONE, {"authorization": received})
    assert message == "the token in the 'authorization' header does not match the webhook's token"
    assert received not in message or received == ""


def test_a_header_given_twice_is_refused() -> None:
    message = refused(DONE, [("Authorization", TOKEN), ("authorization", TOKEN)])
    assert message == "the request has 2 'authorization' headers; the token comes in one"


def test_the_token_is_checked_before_the_body_is_read() -> None:
    assert "does not match" in refused(b"not json", {"authorization": WRONG})
    assert "no 'authorization' header" in refused(b"[1]", {})


def test_non_ascii_tokens_compare_as_bytes() -> None:
    assert isinstance(parse(DONE, {"authorization": "tökén"}, token="tökén"), ImageProcessed)
    assert "does not match" in refused(DONE, {"authorization": "token"}, token="tökén")


def test_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[object, object]] = []
    real = webhooks.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(webhooks.hmac, "compare_digest", spy)
    parse(DONE, AUTH, token=TOKEN)
    assert seen == [(TOKEN.encode(), TOKEN.encode())]


# -- the caller's arguments --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"token": ""}, "token"),
        ({"token": None}, "token"),
        ({"token": TOKEN, "header": ""}, "header"),
        ({"token": TOKEN, "header": None}, "header"),
    ],
)
def test_an_empty_token_or_header_name_is_the_callers_mistake(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError, match=f"^{field} must be") as info:
        parse(DONE, AUTH, **kwargs)
    assert isinstance(info.value, ValueError) and TOKEN not in str(info.value)


def test_a_parsed_body_or_string_headers_are_the_callers_mistake() -> None:
    with pytest.raises(InvalidInputError, match="body must be the raw request body, bytes or str, got dict"):
        parse({"event": "webhook_updated"}, AUTH, token=TOKEN)  # type: ignore[arg-type]
    for headers in (TOKEN, TOKEN.encode()):
        with pytest.raises(InvalidInputError, match="headers must be") as info:
            parse(DONE, headers, token=TOKEN)  # type: ignore[arg-type]
        assert TOKEN not in str(info.value)


@pytest.mark.parametrize(
    ("headers", "got"),
    [
        (None, "NoneType"),  # a framework's request.headers on a request object that has none
        (42, "int"),
        ([("authorization",)], "list"),  # not (name, value) pairs
        ([42], "list"),
        ({"authorization": 42}, "dict"),  # the token's header, not text
        ([(42, TOKEN)], "list"),
    ],
    ids=["none", "int", "one-item-pair", "not-a-pair", "int-value", "int-name"],
)
def test_headers_of_no_usable_kind_are_the_callers_mistake(headers: Any, got: str) -> None:
    with pytest.raises(InvalidInputError, match=f"^headers must be the request's headers.*got {got}") as info:
        parse(DONE, headers, token=TOKEN)
    assert TOKEN not in str(info.value)


def test_bytearray_header_names_and_values_are_read_as_bytes() -> None:
    event = parse(DONE, [(bytearray(b"Authorization"), bytearray(TOKEN.encode()))], token=TOKEN)
    assert isinstance(event, ImageProcessed) and event.image_id == "i1"


# -- the body ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", "the body is not JSON: it is not a webhook event"),
        (b"{event: 1}", "the body is not JSON: it is not a webhook event"),
        (b'{"event":"\xff"}', "the body is not JSON: it is not a webhook event"),  # not UTF-8
        (b"[" * 100_000 + b"]" * 100_000, "the body is not JSON: it is not a webhook event"),  # too deep
        (b'["webhook_updated"]', "the body is a JSON array, not an object: not a webhook event"),
        (b'"webhook_updated"', "the body is a JSON string, not an object: not a webhook event"),
        (b"null", "the body is a JSON null, not an object: not a webhook event"),
        (b"{}", "the body has no 'event' (a non-empty string): not a webhook event"),
        (b'{"event":7}', "the body has no 'event' (a non-empty string): not a webhook event"),
        (b'{"event":""}', "the body has no 'event' (a non-empty string): not a webhook event"),
    ],
)
def test_a_body_that_is_not_an_event_is_refused(body: bytes, expected: str) -> None:
    assert refused(body, AUTH) == expected


def test_body_as_bytes_str_or_bytearray() -> None:
    for body in (DONE, DONE.decode(), bytearray(DONE)):
        event = parse(body, AUTH, token=TOKEN)
        assert event == ImageProcessed("i1", "o1", False, True, raw=dict(event.raw))


# -- the events --------------------------------------------------------------------------------


def test_image_processed_is_typed_and_keeps_extra_fields() -> None:
    body = b'{"event":"image_processed","image_id":"i","order_id":"o","error":true,"order_is_processing":false,"x":[1]}'
    event = parse(body, AUTH, token=TOKEN)
    assert isinstance(event, ImageProcessed)
    assert (event.event, event.image_id, event.order_id, event.error, event.order_is_processing) == (
        "image_processed",
        "i",
        "o",
        True,
        False,
    )
    assert event.raw["x"] == [1]
    assert repr(event) == "ImageProcessed(image_id='i', order_id='o', error=True, order_is_processing=False)"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("image_id", None, "'image_id' must be a non-empty string; it is missing"),
        ("image_id", 7, "'image_id' must be a non-empty string; got number"),
        ("image_id", "", "'image_id' must be a non-empty string; got an empty string"),
        ("order_id", None, "'order_id' must be a non-empty string; it is missing"),
        ("order_id", ["o"], "'order_id' must be a non-empty string; got array"),
        ("error", None, "'error' must be a boolean; it is missing"),
        ("error", "false", "'error' must be a boolean; got string"),
        ("error", 0, "'error' must be a boolean; got number"),
        ("order_is_processing", None, "'order_is_processing' must be a boolean; it is missing"),
        ("order_is_processing", {}, "'order_is_processing' must be a boolean; got object"),
        ("order_is_processing", "", "'order_is_processing' must be a boolean; got an empty string"),
    ],
)
def test_image_processed_with_a_bad_field_names_it(name: str, value: Any, expected: str) -> None:
    import json

    data = json.loads(DONE)
    if value is None:
        del data[name]
    else:
        data[name] = value
    assert refused(json.dumps(data), AUTH) == f"image_processed: {expected}"


def test_a_null_field_is_named_as_null() -> None:
    body = DONE.replace(b'"error":false', b'"error":null')
    assert refused(body, AUTH) == "image_processed: 'error' must be a boolean; got null"


def test_webhook_updated_and_unknown_events() -> None:
    updated = parse(b'{"event":"webhook_updated","since":1}', AUTH, token=TOKEN)
    assert isinstance(updated, WebhookUpdated) and updated.event == "webhook_updated"
    assert updated.raw == {"event": "webhook_updated", "since": 1} and repr(updated) == "WebhookUpdated()"
    unknown = parse(b'{"event":"order_deleted","order_id":"o"}', AUTH, token=TOKEN)
    assert unknown == UnknownEvent("order_deleted", {"event": "order_deleted", "order_id": "o"})
    assert repr(unknown) == "UnknownEvent(event='order_deleted')"
    assert isinstance(unknown, webhooks.Event)  # type: ignore[arg-type]


def test_events_are_frozen_hashable_and_show_no_token() -> None:
    event = parse(DONE, AUTH, token=TOKEN)
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.image_id = "x"  # type: ignore[misc,union-attr]
    assert hash(event) == hash(parse(DONE, AUTH, token=TOKEN))
    assert len({event, WebhookUpdated({"event": "webhook_updated"}), UnknownEvent("x", {})}) == 3
    assert TOKEN not in repr(event) and TOKEN not in str(event.raw)


def test_the_public_names() -> None:
    assert webhooks.__all__ == ["Event", "ImageProcessed", "UnknownEvent", "WebhookUpdated", "parse"]
    assert webhooks.__doc__ is not None and "WebhookVerificationError" in webhooks.__doc__
    for name in webhooks.__all__[1:]:
        assert getattr(webhooks, name).__doc__, name


# -- the mock's real deliveries ----------------------------------------------------------------


class RawReceiver:
    """Records each POST on 127.0.0.1 as it came: the raw body and the header pairs, in order."""

    def __init__(self) -> None:
        self.requests: list[tuple[bytes, list[tuple[str, str]]]] = []
        self.messages: list[Any] = []  # the server's own header objects (http.client.HTTPMessage)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.requests.append((body, list(self.headers.items())))
                receiver.messages.append(self.headers)
                self.send_response(204)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/autoenhance/webhook"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)


@pytest.fixture
def receiver(autoenhance_mock: AutoenhanceMock) -> Iterator[RawReceiver]:
    running = RawReceiver()
    try:
        yield running
    finally:
        autoenhance_mock.remove_webhook()  # nothing retries against the closed port
        running.close()


def received(mock: AutoenhanceMock, receiver: RawReceiver) -> list[tuple[bytes, list[tuple[str, str]]]]:
    assert mock.flush_webhooks()
    return receiver.requests


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "JPEG")
    return out.getvalue()


def test_saving_the_webhook_delivers_webhook_updated(autoenhance_mock: AutoenhanceMock, receiver: RawReceiver) -> None:
    autoenhance_mock.set_webhook(receiver.url, TOKEN)
    [(body, headers)] = received(autoenhance_mock, receiver)
    event = parse(body, headers, token=TOKEN)
    assert event == WebhookUpdated({"event": "webhook_updated"})
    assert parse(body, receiver.messages[0], token=TOKEN) == event  # the server's HTTPMessage as is
    assert parse(body, httpx.Headers(headers), token=TOKEN) == event
    assert parse(body.decode(), dict(headers), token=TOKEN) == event


def test_each_finished_image_delivers_image_processed(
    autoenhance_mock: AutoenhanceMock, autoenhance_client: Autoenhance, receiver: RawReceiver
) -> None:
    autoenhance_mock.set_webhook(receiver.url, TOKEN)
    done = autoenhance_client.images.create(image_name="kitchen", order_id="o-webhooks")
    failed = autoenhance_client.images.create(image_name="garden", order_id="o-webhooks")
    autoenhance_mock.upload(done.upload_url, jpeg())
    autoenhance_mock.fail_image(failed.image_id, "Too dark.")
    autoenhance_mock.advance(60)  # far past the enhancement time: done is processed
    events = [parse(body, headers, token=TOKEN) for body, headers in received(autoenhance_mock, receiver)]
    assert events[0] == WebhookUpdated({"event": "webhook_updated"})
    by_image = {e.image_id: e for e in events[1:] if isinstance(e, ImageProcessed)}
    assert len(events) == 3 and set(by_image) == {done.image_id, failed.image_id}
    assert (by_image[failed.image_id].error, by_image[done.image_id].error) == (True, False)
    assert {e.order_id for e in by_image.values()} == {"o-webhooks"}
    assert not events[-1].order_is_processing  # type: ignore[union-attr]  # the order's last image
    assert autoenhance_client.images.retrieve(done.image_id).status == "processed"


def test_the_header_name_is_a_setting(autoenhance_mock: AutoenhanceMock, receiver: RawReceiver) -> None:
    autoenhance_mock.set_webhook(receiver.url, TOKEN, header="X-Autoenhance-Token")
    [(body, headers)] = received(autoenhance_mock, receiver)
    assert not any(name.lower() == "authorization" for name, _ in headers)
    assert parse(body, headers, token=TOKEN, header="x-autoenhance-token") == WebhookUpdated(
        {"event": "webhook_updated"}
    )
    assert refused(body, headers) == "the request has no 'authorization' header: it carries no webhook token"


def test_a_delivery_with_another_token_is_refused(autoenhance_mock: AutoenhanceMock, receiver: RawReceiver) -> None:
    autoenhance_mock.set_webhook(receiver.url, WRONG)
    [(body, headers)] = received(autoenhance_mock, receiver)
    assert "does not match" in refused(body, headers)
    autoenhance_mock.set_webhook(receiver.url)  # no token at all: no header is sent
    _, (body, headers) = received(autoenhance_mock, receiver)
    assert "no 'authorization' header" in refused(body, headers)
