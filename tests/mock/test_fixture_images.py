"""The ``autoenhance_mock`` fixture's helpers for the photo journey, over a socket and in process."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from autoenhance_mock import AutoenhanceMock, MockControlError, create_app

from tests.mock.helpers import Receiver, decode, photo

MODES = [pytest.param(False, id="socket"), pytest.param(True, id="inprocess")]


def client(mock: AutoenhanceMock) -> httpx.Client:
    return httpx.Client(base_url=mock.url, headers={"x-api-key": mock.api_key})


def new(http: httpx.Client) -> dict:
    return dict(http.post("/v3/images/", json={"image_name": "hall", "order_id": "fx"}).json())


@pytest.mark.parametrize("inprocess", MODES)
def test_upload_advance_download_and_credits(request: pytest.FixtureRequest, inprocess: bool) -> None:
    request.applymarker(pytest.mark.autoenhance_mock(inprocess=inprocess))
    mock: AutoenhanceMock = request.getfixturevalue("autoenhance_mock")
    with client(mock) as http:
        image = new(http)
        with pytest.raises(MockControlError) as refused:
            mock.upload(image["upload_url"], photo(320, 240), content_type="image/jpeg")
        assert refused.value.status == 403 and refused.value.detail["code"] == "SignatureDoesNotMatch"
        assert (refused.value.code, refused.value.detail["message"]) == ("SignatureDoesNotMatch", refused.value.message)
        assert "'image/jpeg'" in str(refused.value.message)  # S3's message, unescaped
        with pytest.raises(MockControlError) as empty:
            mock.upload(image["upload_url"], b"")
        assert (empty.value.status, empty.value.code) == (400, "EntityTooSmall")
        assert empty.value.message == "Your proposed upload is empty; PUT the file's bytes."
        mock.upload(image["upload_url"], photo(320, 240))
        assert mock.image(image["image_id"])["status"] == "processing"
        mock.advance(3)
        assert mock.image(image["image_id"])["status"] == "processed"
        assert mock.credits() == 100 and mock.set_credits(1) == 1
        full = http.get(f"/v3/images/{image['image_id']}/enhanced", params={"preview": False})
        assert decode(full.content).size == (320, 240) and mock.credits() == 0
        assert mock.credits(api_key=mock.api_keys[1]) == 100
        mock.redirect_downloads()
        assert mock.settings()["redirect_downloads"] is True
        moved = http.get(f"/v3/images/{image['image_id']}/original")
        assert moved.status_code == 302 and moved.headers["location"].startswith(mock.url)
        assert mock.settings(daily_cap=3)["daily_cap"] == 3
        failed = mock.fail_image(image["image_id"], "Broken on purpose.")
        assert (failed["status"], failed["status_reason"]) == ("error", "Broken on purpose.")
        assert [r["verdict"] for r in mock.requests() if r["verdict"] == "upload"] == ["upload"] * 3
    mock.reset()
    assert mock.settings()["redirect_downloads"] is False and mock.credits() == 100


def test_refused_helpers_raise_mock_control_error(autoenhance_mock: AutoenhanceMock) -> None:
    for call, field in (
        (lambda: autoenhance_mock.set_credits(-1), "credits"),
        (lambda: autoenhance_mock.settings(colour=1), "colour"),
        (lambda: autoenhance_mock.settings(daily_cap="x"), "daily_cap"),
        (lambda: autoenhance_mock.fail_image("nope"), "image_id"),
        (lambda: autoenhance_mock.image("nope"), "id"),
        (lambda: autoenhance_mock.set_webhook("not a url"), "url"),
        (lambda: autoenhance_mock.set_credits(5, api_key="unknown-key"), "api_key"),
    ):
        with pytest.raises(MockControlError) as error:
            call()
        assert field in error.value.detail and "unknown-key" not in str(error.value)
        assert (error.value.code, error.value.message) == (None, None)  # S3's, for upload refusals only


@pytest.mark.parametrize("inprocess", MODES)
def test_webhook_helpers(request: pytest.FixtureRequest, inprocess: bool, receiver: Receiver) -> None:
    request.applymarker(pytest.mark.autoenhance_mock(inprocess=inprocess))
    mock: AutoenhanceMock = request.getfixturevalue("autoenhance_mock")
    assert mock.set_webhook(receiver.url, "tok-123")["token_set"] is True
    with client(mock) as http:
        image = new(http)
        mock.upload(image["upload_url"], photo(32, 32))
    mock.advance(3)
    deliveries = mock.webhook_deliveries()
    assert [d["event"]["event"] for d in deliveries] == ["webhook_updated", "image_processed"]
    assert deliveries[-1]["event"]["order_is_processing"] is False
    assert receiver.requests[-1][0]["authorization"] == "tok-123"
    assert mock.webhook_deliveries(api_key=mock.api_keys[1]) == []
    mock.remove_webhook()
    assert mock.flush_webhooks()
    assert "tok-123" not in repr(mock) and "tok-123" not in str(mock.orders())


def test_lifespan_shutdown_and_close_stop_the_webhook_thread(receiver: Receiver) -> None:
    app = create_app(api_keys=["k"])
    app.webhooks.configure("acct", receiver.url)
    assert app.webhooks.running
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[str] = []

    async def receive() -> dict:
        return next(messages)

    async def send(message: dict) -> None:
        sent.append(message["type"])

    asyncio.run(app({"type": "lifespan"}, receive, send))
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"] and not app.webhooks.running
    app.close()  # idempotent
