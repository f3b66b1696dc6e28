"""Downloads: image bytes as the answer, and the API's redirect to a signed asset URL followed
without the key (nor any other header of the API request) reaching the asset's host."""

from __future__ import annotations

import logging

import httpx
import pytest
from autoenhance_sdk import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    AssetURLError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
)

from tests.wrapper.helpers import KEY, Recorder, async_client, image_json, reply, sync_client

JPEG = b"\xff\xd8\xff\xe0fake-jpeg"
ASSET = "https://assets.test/7d6c1f0e.jpg?X-Amz-Signature=91ab"
API_ONLY = ("x-api-key", "x-api-version", "x-dev-mode", "x-trace", "authorization")


def jpeg(**headers: str) -> httpx.Response:
    return httpx.Response(200, content=JPEG, headers={"content-type": "image/jpeg", **headers})


def redirect(location: str, status: int = 302) -> httpx.Response:
    return httpx.Response(status, headers={"location": location})


def api_then_asset(location: str, *asset: httpx.Response | Exception) -> Recorder:
    """The API answers a redirect to ``location``; anything else gets the asset answers in turn."""
    answers = list(asset)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v3/"):
            return redirect(location)
        next_answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(next_answer, Exception):
            raise next_answer
        return next_answer

    return Recorder(answer)


# --- binary answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ctype", ["image/jpeg", "image/png", "image/webp", "IMAGE/JPEG; charset=binary", "application/octet-stream"]
)
def test_an_image_or_storage_binary_is_the_answer(ctype: str) -> None:
    recorder = Recorder(httpx.Response(200, content=JPEG, headers={"content-type": ctype}))
    assert sync_client(recorder).images.download_enhanced("img-1") == JPEG


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (reply(200, image_json()), r"is application/json, not an image: '\{\"image_id\""),
        (httpx.Response(200, text="<html>login</html>", headers={"content-type": "text/html"}), "is text/html"),
        (httpx.Response(200, content=JPEG), "is untyped, not an image"),
        (httpx.Response(200, headers={"content-type": "image/jpeg"}), "has no body; the spec promises an image"),
        (httpx.Response(204), "has no body"),
    ],
)
def test_an_answer_that_is_no_image_is_a_validation_error(answer: httpx.Response, message: str) -> None:
    recorder = Recorder(answer)
    with pytest.raises(APIResponseValidationError, match=message) as info:
        sync_client(recorder).images.download_original("img-1")
    assert info.value.status_code == answer.status_code and len(recorder.requests) == 1  # not retried


def test_a_json_answer_quoting_the_key_is_scrubbed() -> None:
    recorder = Recorder(reply(200, {"message": f"your key {KEY}"}))
    with pytest.raises(APIResponseValidationError) as info:
        sync_client(recorder).images.download_enhanced("img-1")
    assert KEY not in str(info.value) and KEY not in repr(info.value.body)


def test_the_debug_log_shows_an_image_by_its_size(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="autoenhance_sdk"):
        sync_client(api_then_asset(ASSET, jpeg())).images.download_enhanced("img-1")
    assert f"<{len(JPEG)} bytes of image/jpeg>" in caplog.text and "fake-jpeg" not in caplog.text
    # the redirect is logged as part of the attempt, the asset by its path (never its signed query)
    assert "GET /v3/images/img-1/enhanced -> 302 (attempt 1" in caplog.text
    assert "GET /7d6c1f0e.jpg -> 200 (attempt 1" in caplog.text and "Signature" not in caplog.text


# --- redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_host_is_followed_without_the_key(status: int) -> None:
    recorder = Recorder(redirect(ASSET, status), jpeg())
    client = sync_client(recorder, default_headers={"x-trace": "t", "Authorization": "Bearer other-secret"})
    raw = client.images.with_raw_response.download_enhanced("img-1", dev_mode=True, extra_headers={"x-trace": "u"})
    assert raw.parsed == JPEG and raw.attempts == 1 and str(raw.http_response.request.url) == ASSET
    api, asset = recorder.requests
    assert api.headers["x-api-key"] == KEY and api.headers["x-dev-mode"] == "true"
    assert str(asset.url) == ASSET and asset.method == "GET"
    assert not [name for name in API_ONLY if name in asset.headers], asset.headers
    assert asset.headers["accept"] == "image/*" and asset.headers["user-agent"].startswith("autoenhance-sdk/")


@pytest.mark.parametrize(
    ("location", "reached"),
    [
        ("/assets/a.jpg?sig=1", "http://api.test/assets/a.jpg?sig=1"),  # relative, same host
        ("a.jpg", "http://api.test/v3/images/img-1/a.jpg"),  # relative to the path
        ("//cdn.test/a.jpg", "http://cdn.test/a.jpg"),  # scheme-relative
        ("http://api.test:8443/a.jpg", "http://api.test:8443/a.jpg"),  # same host, another port
        ("http://api.test/a.jpg", "http://api.test/a.jpg"),  # even the API's own origin
    ],
)
def test_any_redirect_target_gets_no_key(location: str, reached: str) -> None:
    recorder = Recorder(redirect(location), jpeg())
    assert sync_client(recorder).images.download_original("img-1") == JPEG
    asset = recorder.requests[1]
    assert str(asset.url) == reached and "x-api-key" not in asset.headers


def test_a_chain_of_redirects_is_followed_up_to_five_hops() -> None:
    hops = [redirect(f"https://assets.test/{n}") for n in range(5)]
    recorder = Recorder(*hops, jpeg())
    assert sync_client(recorder).images.download_enhanced("img-1") == JPEG
    assert len(recorder.requests) == 6
    assert all("x-api-key" not in r.headers for r in recorder.requests[1:])


def test_more_hops_than_that_are_refused_not_retried() -> None:
    recorder = Recorder(redirect("https://assets.test/loop?sig=secret"))
    with pytest.raises(APIResponseValidationError, match="redirects again after 5 redirects") as info:
        sync_client(recorder).images.download_enhanced("img-1")
    assert len(recorder.requests) == 6 and "sig=secret" not in str(info.value)
    assert "https://assets.test" in str(info.value)


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("ftp://assets.test/a.jpg", "redirects to a ftp: URL; only http and https are followed"),
        ("file:///etc/passwd", "redirects to a file: URL"),
        ("http://assets.test:99999/a.jpg", "redirects to port 99999, not 1 to 65535"),
    ],
)
def test_a_redirect_nowhere_http_can_go_is_refused(location: str, message: str) -> None:
    recorder = Recorder(redirect(location))
    with pytest.raises(APIResponseValidationError, match=message) as info:
        sync_client(recorder).images.download_enhanced("img-1")
    assert len(recorder.requests) == 1 and info.value.status_code == 302
    assert "/v3/images/img-1/enhanced" in str(info.value)


@pytest.mark.parametrize("location", ["javascript:alert(1)", "data:image/jpeg;base64,AAAA", "http://[::1"])
@pytest.mark.parametrize("operation", ["download_enhanced", "retrieve"])
def test_a_location_httpx_cannot_read_is_a_connection_error_for_any_call(location: str, operation: str) -> None:
    # httpx reads every redirect's Location, even one it does not follow, and raises for these:
    # RemoteProtocolError for some, InvalidURL (outside httpx's request errors) for others
    recorder = Recorder(redirect(location))
    with pytest.raises(APIConnectionError, match=r"failed \(RemoteProtocolError: Invalid URL in location header"):
        getattr(sync_client(recorder, max_retries=1).images, operation)("img-1")
    assert len(recorder.requests) == 2  # retried as any broken answer is


def test_a_redirect_without_location_is_a_status_error() -> None:
    with pytest.raises(APIStatusError, match="302") as info:
        sync_client(Recorder(httpx.Response(302))).images.download_enhanced("img-1")
    assert info.value.status_code == 302


def test_a_json_operation_never_follows_a_redirect_even_with_a_following_http_client() -> None:
    recorder = Recorder(redirect(ASSET), reply(200, image_json()))
    transport = httpx.MockTransport(recorder)
    from autoenhance_sdk import Autoenhance

    http = httpx.Client(transport=transport, follow_redirects=True)
    client = Autoenhance(api_key=KEY, base_url="http://api.test", http_client=http, max_retries=0)
    with pytest.raises(APIStatusError, match="302"):
        client.images.retrieve("img-1")
    assert len(recorder.requests) == 1  # httpx would have taken the key to assets.test


def test_an_http_client_s_own_auth_never_reaches_the_asset() -> None:
    recorder = Recorder(redirect(ASSET), jpeg())
    from autoenhance_sdk import Autoenhance

    http = httpx.Client(transport=httpx.MockTransport(recorder), auth=("user", "pass"), follow_redirects=True)
    client = Autoenhance(api_key=KEY, base_url="http://api.test", http_client=http)
    assert client.images.download_enhanced("img-1") == JPEG
    api, asset = recorder.requests
    assert "authorization" in api.headers and "authorization" not in asset.headers


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (
            httpx.Response(403, text="<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"),
            403,
        ),
        (httpx.Response(404), 404),
        (httpx.Response(400, text=f"<Error><CanonicalQueryString>{ASSET.split('?')[1]}</CanonicalQueryString>"), 400),
    ],
)
def test_an_asset_host_s_refusal_says_the_asset_url_refused_not_the_api(answer: httpx.Response, status: int) -> None:
    recorder = api_then_asset(ASSET, answer)
    with pytest.raises(AssetURLError) as info:
        sync_client(recorder).images.download_enhanced("img-1")
    reason = answer.reason_phrase
    assert str(info.value) == (
        f"The asset URL the API redirected to (host assets.test) answered {status} {reason}; "
        "signed asset URLs expire: download again for a fresh one"
    )
    assert len(recorder.requests) == 2 and "Signature" not in str(info.value) and "7d6c1f0e" not in str(info.value)
    assert isinstance(info.value, APIStatusError) and not isinstance(info.value, (PermissionDeniedError, NotFoundError))
    assert info.value.status_code == status and info.value.request is not None
    assert "x-api-key" not in info.value.request.headers


def test_the_api_s_own_403_is_still_a_permission_error() -> None:
    recorder = Recorder(reply(403, {"message": "not your image"}))
    with pytest.raises(PermissionDeniedError, match=r"^GET /v3/images/img-1/enhanced answered 403 Forbidden: not"):
        sync_client(recorder).images.download_enhanced("img-1")


def test_an_asset_host_s_other_answers_name_it_too() -> None:
    with pytest.raises(
        InternalServerError, match=r"^The asset URL the API redirected to \(host cdn.test:8443\) answered 502"
    ):
        sync_client(
            api_then_asset("https://cdn.test:8443/a.jpg?sig=s", httpx.Response(502)), max_retries=0
        ).images.download_enhanced("img-1")
    html = httpx.Response(200, text="<html>login</html>", headers={"content-type": "text/html"})
    with pytest.raises(
        APIResponseValidationError,
        match=r"^The 200 answer to the asset URL the API redirected to \(host assets.test\) is text/html",
    ) as info:
        sync_client(api_then_asset(ASSET, html)).images.download_enhanced("img-1")
    assert "Signature" not in str(info.value)
    recorder = api_then_asset(ASSET, *[redirect(f"https://cdn.test/{n}?sig=secret") for n in range(5)])
    with pytest.raises(
        APIResponseValidationError,
        match=r"^The 302 answer to the asset URL the API redirected to \(host cdn.test\) redirects again",
    ) as info:
        sync_client(recorder).images.download_enhanced("img-1")
    assert "secret" not in str(info.value)


def test_an_asset_host_that_fails_is_retried_from_the_api_call() -> None:
    recorder = api_then_asset(ASSET, httpx.Response(503), httpx.ConnectError("reset"), jpeg())
    assert sync_client(recorder).images.download_enhanced("img-1") == JPEG
    paths = [r.url.path for r in recorder.requests]
    assert paths == ["/v3/images/img-1/enhanced", "/7d6c1f0e.jpg"] * 3  # each retry asks the API again
    assert [("x-api-key" in r.headers) for r in recorder.requests] == [True, False] * 3


def test_an_asset_host_that_stays_down_raises_naming_it() -> None:
    recorder = api_then_asset(ASSET, httpx.ConnectError("refused"))
    with pytest.raises(
        APIConnectionError,
        match=r"^The asset URL the API redirected to \(host assets.test\) failed \(ConnectError: refused\)",
    ) as info:
        sync_client(recorder, max_retries=1).images.download_enhanced("img-1")
    assert len(recorder.requests) == 4 and info.value.request is not None
    assert "x-api-key" not in info.value.request.headers
    with pytest.raises(InternalServerError):
        sync_client(api_then_asset(ASSET, httpx.Response(500)), max_retries=0).images.download_enhanced("img-1")


def test_the_api_request_kept_after_a_redirect_has_its_key_redacted() -> None:
    recorder = Recorder(redirect(ASSET), jpeg())
    sync_client(recorder).images.download_enhanced("img-1")
    assert recorder.originals[0].headers["x-api-key"] == "[redacted]"
    assert recorder.requests[0].headers["x-api-key"] == KEY  # it was sent, to the API only


def test_a_download_keeps_a_caller_s_accept_header() -> None:
    recorder = Recorder(jpeg())
    sync_client(recorder, default_headers={"Accept": "image/webp"}).images.download_enhanced("img-1")
    assert recorder.requests[0].headers["accept"] == "image/webp"


@pytest.mark.anyio
async def test_async_downloads_follow_the_same_rules() -> None:
    recorder = Recorder(redirect("http://api.test:9000/a.jpg"), redirect("/b.jpg"), jpeg())
    async with async_client(recorder, default_headers={"x-trace": "t"}) as client:
        raw = await client.images.with_raw_response.download_enhanced("img-1", dev_mode=True)
        assert raw.parsed == JPEG and str(raw.http_response.request.url) == "http://api.test:9000/b.jpg"
        recorder.answers = [redirect("ftp://x/y")]
        with pytest.raises(APIResponseValidationError, match="ftp"):
            await client.images.download_original("img-1")
        recorder.answers = [redirect("https://assets.test/x"), httpx.ConnectError("down")]
        with pytest.raises(APIConnectionError, match=r"asset URL the API redirected to \(host assets.test\) failed"):
            await client.images.download_original("img-1", max_retries=0)
        recorder.answers = [redirect("https://assets.test/x?sig=s"), httpx.Response(403)]
        with pytest.raises(AssetURLError, match=r"\(host assets.test\) answered 403 Forbidden; signed asset URLs"):
            await client.images.download_original("img-1", max_retries=0)
    sent = recorder.requests
    assert sent[0].headers["x-api-key"] == KEY
    assert not [(r.url, name) for r in sent[1:3] for name in API_ONLY if name in r.headers]
