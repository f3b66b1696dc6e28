"""Webhooks of the photo journey: set through the control surface, sent as images finish on the clock.

The clock moves through ``/__mock__/clock/advance`` (which wakes the dispatcher) and
``/__mock__/webhooks/flush`` waits for the sends: no sleep decides an outcome. One test runs on
real time, waiting for a delivery with a deadline.
"""

from __future__ import annotations

import time

import httpx
import pytest
from autoenhance_mock import Clock, MockServer, Timings, fingerprint

from tests.mock.helpers import KEY_A, Receiver, new_image, photo, put

TOKEN = "hook-T0ken-xyz"


def hook(http: httpx.Client, receiver: Receiver, **extra: object) -> dict:
    resp = http.post("/__mock__/webhooks", json={"api_key": KEY_A, "url": receiver.url, "token": TOKEN, **extra})
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def advance(http: httpx.Client, seconds: float) -> None:
    assert http.post("/__mock__/clock/advance", json={"seconds": seconds}).status_code == 200
    assert http.post("/__mock__/webhooks/flush", json={}).json() == {"flushed": True}


def test_saving_sends_webhook_updated_with_the_token(http: httpx.Client, receiver: Receiver) -> None:
    view = hook(http, receiver)
    assert view == {"owner": fingerprint(KEY_A), "url": receiver.url, "header": "Authorization", "token_set": True}
    advance(http, 0)
    [(headers, body)] = receiver.requests
    assert body == {"event": "webhook_updated"} and headers["authorization"] == TOKEN
    assert http.get("/__mock__/webhooks").json() == {"webhooks": {fingerprint(KEY_A): view}}
    hook(http, receiver, header="X-Hook-Token")
    advance(http, 0)
    assert receiver.requests[-1][0]["x-hook-token"] == TOKEN


def test_each_finished_image_is_announced_when_the_clock_passes_it(http: httpx.Client, receiver: Receiver) -> None:
    hook(http, receiver)
    first, second = new_image(http, order_id="o"), new_image(http, order_id="o")
    for image in (first, second):
        put(http, image["upload_url"], photo(64, 64))
    advance(http, 2.9)
    assert receiver.bodies() == [{"event": "webhook_updated"}]
    advance(http, 0.1)  # no read of the order or images in between: the dispatcher's poll settles them
    events = receiver.bodies()[1:]
    assert events == [
        {
            "event": "image_processed",
            "image_id": first["image_id"],
            "order_id": "o",
            "error": False,
            "order_is_processing": True,
        },
        {
            "event": "image_processed",
            "image_id": second["image_id"],
            "order_id": "o",
            "error": False,
            "order_is_processing": False,
        },
    ]
    advance(http, 100)
    assert len(receiver.requests) == 3  # each image once


@pytest.mark.parametrize("read", [True, False], ids=["read", "unread"])
def test_images_finished_before_the_webhook_was_saved_send_nothing_read_or_not(
    http: httpx.Client, receiver: Receiver, read: bool
) -> None:
    early = new_image(http, order_id="before")
    on_the_moment = new_image(http, order_id="before")
    put(http, early["upload_url"], photo(64, 64))  # finishes at +3
    advance(http, 2)
    put(http, on_the_moment["upload_url"], photo(64, 64))  # finishes at +5: the moment of the save
    advance(http, 3)
    if read:  # settles both before the webhook exists
        statuses = [i["status"] for i in http.get("/v3/orders/before", headers={"x-api-key": KEY_A}).json()["images"]]
        assert statuses == ["processed", "processed"]
    hook(http, receiver)  # at +5
    late = new_image(http, order_id="before")
    put(http, late["upload_url"], photo(64, 64))  # finishes at +8
    failed = new_image(http, order_id="before")
    assert http.post("/__mock__/images/fail", json={"image_id": failed["image_id"]}).status_code == 200  # at +5
    advance(http, 3)
    sent = [(b["event"], b.get("image_id")) for b in receiver.bodies()]
    assert sent == [
        ("webhook_updated", None),
        ("image_processed", failed["image_id"]),
        ("image_processed", late["image_id"]),
    ]
    hook(http, receiver, header="X-Other")  # replaced, not new: still from +5 on, nothing resent
    advance(http, 100)
    assert [b["event"] for b in receiver.bodies()[3:]] == ["webhook_updated"]


def test_a_forced_error_is_announced_with_error_true(http: httpx.Client, receiver: Receiver) -> None:
    hook(http, receiver)
    image = new_image(http, order_id="f")
    resp = http.post("/__mock__/images/fail", json={"image_id": image["image_id"], "reason": "No."})
    assert resp.json()["image"]["status"] == "error"
    advance(http, 0)
    assert receiver.bodies()[-1] == {
        "event": "image_processed",
        "image_id": image["image_id"],
        "order_id": "f",
        "error": True,
        "order_is_processing": False,
    }


def test_a_failed_delivery_is_retried_and_logged(http: httpx.Client, receiver: Receiver) -> None:
    receiver.fail = 1
    hook(http, receiver)
    advance(http, 0)
    log = http.get("/__mock__/webhooks/deliveries").json()["deliveries"]
    assert [(d["attempt"], d["status"], d["outcome"]) for d in log] == [(1, 500, "retrying")]
    advance(http, 1)
    log = http.get("/__mock__/webhooks/deliveries", params={"since": log[-1]["seq"]}).json()["deliveries"]
    assert [(d["attempt"], d["status"], d["outcome"]) for d in log] == [(2, 200, "delivered")]
    mine = http.get("/__mock__/webhooks/deliveries", params={"account": fingerprint(KEY_A)}).json()["deliveries"]
    assert len(mine) == 2 and all(d["owner"] == fingerprint(KEY_A) for d in mine)


def test_the_token_shows_nowhere(http: httpx.Client, receiver: Receiver) -> None:
    hook(http, receiver)
    uploaded = new_image(http)
    put(http, uploaded["upload_url"], photo(32, 32))
    advance(http, 3)
    for path in ("/__mock__/state", "/__mock__/webhooks", "/__mock__/webhooks/deliveries", "/__mock__/requests"):
        assert TOKEN not in http.get(path).text and KEY_A not in http.get(path).text, path


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://x/"}, "url"),
        ({"url": "http://x/", "header": "Bad Header"}, "header"),
        ({"url": "http://x/", "token": 5}, "token"),
        ({"url": "http://x/", "colour": 1}, "colour"),
        ({"url": "http://x/", "api_key": "unknown"}, "api_key"),
        ({}, "url"),
    ],
)
def test_a_bad_webhook_is_400_naming_the_field(http: httpx.Client, body: dict, field: str) -> None:
    resp = http.post("/__mock__/webhooks", json={"api_key": KEY_A, **body})
    assert resp.status_code == 400 and field in resp.json()["detail"], resp.text
    assert http.get("/__mock__/webhooks").json() == {"webhooks": {}}


def test_several_keys_need_an_account_and_delete_and_reset_clear(http: httpx.Client, receiver: Receiver) -> None:
    resp = http.post("/__mock__/webhooks", json={"url": receiver.url})
    assert resp.status_code == 400 and "api_key" in resp.json()["detail"]
    hook(http, receiver)
    assert http.request("DELETE", "/__mock__/webhooks", json={"account": fingerprint(KEY_A)}).json() == {
        "removed": [fingerprint(KEY_A)]
    }
    hook(http, receiver)
    http.post("/__mock__/reset")
    assert http.get("/__mock__/webhooks").json() == {"webhooks": {}}
    assert http.get("/__mock__/webhooks/deliveries").json() == {"deliveries": []}
    assert http.post("/__mock__/webhooks/flush", json={"timeout": 0}).status_code == 400


def test_real_time_passing_sends_the_webhook_without_any_request(receiver: Receiver) -> None:
    with MockServer(api_keys=["k"], clock=Clock(), timings=Timings(enhance_seconds=0.2)) as server:
        with httpx.Client(base_url=server.url) as http:
            http.post("/__mock__/webhooks", json={"url": receiver.url})
            image = http.post("/v3/images/", json={"image_name": "rt"}, headers={"x-api-key": "k"}).json()
            put(http, image["upload_url"], photo(32, 32))
            deadline = time.monotonic() + 10
            while len(receiver.requests) < 2 and time.monotonic() < deadline:
                time.sleep(0.01)  # waiting for an outcome with a deadline; the dispatcher's tick decides it
            assert receiver.bodies()[-1]["image_id"] == image["image_id"]
        assert server.app.webhooks.running
        thread = server.app.webhooks._thread
    assert thread is not None and not thread.is_alive()  # stopping the server closed the webhook thread
