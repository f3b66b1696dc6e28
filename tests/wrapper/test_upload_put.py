"""``images.upload`` against a scripted API and storage: the PUT, its retries and typed refusals.

The API's answers are scripted (``image_json``); the storage host is ``uploads.test``. What is
checked is what reached each host: the bare PUT (no key, the signed Content-Type, the whole
file again on each attempt), the delete of an image whose bytes never arrived, the fresh image
asked for once when a URL expired.
"""

from __future__ import annotations

import logging
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from autoenhance_sdk import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    Autoenhance,
    BatchError,
    UploadError,
    UploadExpiredError,
    UploadSignatureError,
)

from tests.wrapper.helpers import (
    KEY,
    AsyncSleeps,
    Recorder,
    Sleeps,
    async_client,
    bracket_json,
    image_json,
    sync_client,
)

UPLOAD = "https://uploads.test/put/img-1?X-Amz-Signature=secret-sig"
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40


def s3_error(status: int, code: str, message: str) -> httpx.Response:
    body = f"<?xml version='1.0'?><Error><Code>{code}</Code><Message>{message}</Message></Error>"
    return httpx.Response(status, text=body, headers={"content-type": "application/xml"})


def storage(
    *answers: httpx.Response | Exception, created: Callable[[int], dict[str, object]] | None = None
) -> Recorder:
    """The API creates images (numbered by each create) and deletes them; the storage answers in turn."""
    puts = list(answers)
    creates = [0]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "uploads.test":
            result = puts.pop(0) if len(puts) > 1 else puts[0]
            if isinstance(result, Exception):
                raise result
            return result
        if request.method == "DELETE":
            return httpx.Response(204)
        creates[0] += 1
        body = created(creates[0]) if created else image_json(image_id=f"img-{creates[0]}", upload_url=UPLOAD)
        return httpx.Response(200, json=body)

    return Recorder(answer)


def puts(recorder: Recorder) -> list[httpx.Request]:
    return [r for r in recorder.requests if r.method == "PUT"]


def api_calls(recorder: Recorder) -> list[str]:
    return [f"{r.method} {r.url.path}" for r in recorder.requests if r.url.host != "uploads.test"]


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "kitchen.jpg"
    path.write_bytes(PHOTO)
    return path


def test_the_put_is_bare_signed_for_octet_stream_and_sends_the_whole_file(photo: Path) -> None:
    recorder = storage(httpx.Response(200))
    created = sync_client(recorder).images.upload(photo, order_id="o-1", sky_replacement=True)
    assert created.image_id == "img-1"
    assert recorder.body(0) == {
        "image_name": "kitchen.jpg",
        "order_id": "o-1",
        "sky_replacement": True,
        "content_type": "image/jpeg",
    }
    (put,) = puts(recorder)
    assert str(put.url) == UPLOAD and put.content == PHOTO
    assert put.headers["content-type"] == "application/octet-stream"
    assert put.headers["content-length"] == str(len(PHOTO)) and "transfer-encoding" not in put.headers
    assert "x-api-key" not in put.headers and "x-api-version" not in put.headers


def test_a_legacy_url_is_sent_with_the_type_it_was_signed_for(photo: Path) -> None:
    legacy = storage(httpx.Response(200), created=lambda n: image_json(s3PutObjectUrl=UPLOAD))
    sync_client(legacy).images.upload(photo)
    assert puts(legacy)[0].headers["content-type"] == "image/jpeg"


@pytest.mark.parametrize(
    "failure",
    [httpx.Response(503), httpx.Response(500), httpx.ConnectError("refused"), httpx.ReadTimeout("slow")],
    ids=["503", "500", "connect", "timeout"],
)
def test_connection_errors_and_5xx_are_retried_with_the_whole_file_again(photo: Path, failure: object) -> None:
    sleeps = Sleeps()
    recorder = storage(failure, httpx.Response(200))  # type: ignore[arg-type]
    sync_client(recorder, sleeps).images.upload(photo)
    assert [p.content for p in puts(recorder)] == [PHOTO, PHOTO]
    assert sleeps == [0.5] and api_calls(recorder) == ["POST /v3/images/"]


def test_a_retry_after_is_honoured_and_one_too_long_is_not_waited_for(photo: Path) -> None:
    sleeps = Sleeps()
    slow_down = s3_error(503, "SlowDown", "Please reduce your request rate.")
    slow_down.headers["retry-after"] = "3"
    sync_client(storage(slow_down, httpx.Response(200)), sleeps).images.upload(photo)
    assert sleeps == [3.0]
    slow_down.headers["retry-after"] = "3600"
    with pytest.raises(UploadError) as caught:  # the storage's error, whatever its status
        sync_client(storage(slow_down), Sleeps()).images.upload(photo)
    assert caught.value.code == "SlowDown" and caught.value.status_code == 503


def test_when_retries_run_out_the_error_is_typed_and_the_image_deleted(photo: Path) -> None:
    recorder = storage(httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as caught:
        sync_client(recorder, max_retries=1).images.upload(photo)
    assert len(puts(recorder)) == 2
    assert "uploads.test" in str(caught.value) and "secret-sig" not in str(caught.value)
    assert api_calls(recorder) == ["POST /v3/images/", "DELETE /v3/images/img-1"]
    recorder = storage(httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError, match="timed out"):
        sync_client(recorder, max_retries=0).images.upload(photo)
    recorder = storage(s3_error(500, "InternalError", "We encountered an internal error."))
    with pytest.raises(UploadError) as failed:
        sync_client(recorder, max_retries=2).images.upload(photo)
    assert failed.value.status_code == 500 and len(puts(recorder)) == 3


def test_a_signature_mismatch_is_its_own_error_and_not_retried(photo: Path) -> None:
    recorder = storage(s3_error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match"))
    with pytest.raises(UploadSignatureError) as caught:
        sync_client(recorder).images.upload(photo)
    error = caught.value
    assert error.code == "SignatureDoesNotMatch" and error.status_code == 403
    assert "kitchen.jpg" in str(error) and "Content-Type" in str(error) and "secret-sig" not in str(error)
    assert len(puts(recorder)) == 1 and api_calls(recorder)[-1] == "DELETE /v3/images/img-1"


def test_an_expired_url_gets_one_fresh_image_then_gives_up(photo: Path) -> None:
    expired = s3_error(403, "AccessDenied", "Request has expired")
    recorder = storage(expired, httpx.Response(200))
    created = sync_client(recorder).images.upload(photo)
    assert created.image_id == "img-2"
    assert api_calls(recorder) == ["POST /v3/images/", "DELETE /v3/images/img-1", "POST /v3/images/"]
    recorder = storage(expired)
    with pytest.raises(UploadExpiredError):
        sync_client(recorder).images.upload(photo)
    assert len(puts(recorder)) == 2 and api_calls(recorder)[-1] == "DELETE /v3/images/img-2"


def test_an_answer_without_an_upload_url_is_a_validation_error(photo: Path) -> None:
    recorder = storage(httpx.Response(200), created=lambda n: image_json())
    with pytest.raises(APIResponseValidationError, match="no upload URL"):
        sync_client(recorder).images.upload(photo)
    assert puts(recorder) == []


def test_a_storage_error_without_xml_is_still_an_upload_error(photo: Path) -> None:
    with pytest.raises(UploadError) as caught:
        sync_client(storage(httpx.Response(400, text="bad request"))).images.upload(photo)
    assert caught.value.code is None and "400" in str(caught.value)


def test_the_log_names_the_storage_host_never_the_signed_url(photo: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "autoenhance_sdk")
    sync_client(storage(httpx.Response(503), httpx.Response(200))).images.upload(photo)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("PUT")]
    assert lines == [
        "PUT https://uploads.test (upload of 'kitchen.jpg') -> 503 (attempt 1, " + lines[0].split(", ")[1],
        "PUT https://uploads.test (upload of 'kitchen.jpg') -> 200 (attempt 2, " + lines[1].split(", ")[1],
    ]
    assert all("secret-sig" not in r.getMessage() and KEY not in r.getMessage() for r in caplog.records)


def test_a_path_streams_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    big = tmp_path / "big.jpg"
    with open(big, "wb") as out:
        for _ in range(24):
            out.write(b"\x00" * (1024 * 1024))
    received = [0]

    class Counting(httpx.BaseTransport):
        """Reads each request's body a chunk at a time (httpx's MockTransport would read it whole)."""

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.host != "uploads.test":
                return httpx.Response(200, json=image_json(upload_url=UPLOAD))
            for chunk in request.stream:  # type: ignore[union-attr]
                received[0] += len(chunk)
            return httpx.Response(200)

    client = Autoenhance(api_key=KEY, base_url="http://api.test", http_client=httpx.Client(transport=Counting()))
    tracemalloc.start()
    try:
        client.images.upload(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert received[0] == 24 * 1024 * 1024
    assert peak < 6 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for a 24 MB file"


@pytest.mark.anyio
async def test_async_upload_retries_and_refuses_the_same_way(photo: Path) -> None:
    sleeps = AsyncSleeps()
    recorder = storage(httpx.ConnectError("refused"), httpx.Response(200))
    created = await async_client(recorder, sleeps).images.upload(photo, order_id="o-1")
    assert created.image_id == "img-1" and [p.content for p in puts(recorder)] == [PHOTO, PHOTO] and sleeps == [0.5]
    expired = s3_error(403, "AccessDenied", "Request has expired")
    recorder = storage(expired, s3_error(403, "SignatureDoesNotMatch", "no"))
    with pytest.raises(UploadSignatureError):
        await async_client(recorder).images.upload(photo)
    assert api_calls(recorder) == [
        "POST /v3/images/",
        "DELETE /v3/images/img-1",
        "POST /v3/images/",
        "DELETE /v3/images/img-2",
    ]
    recorder = storage(httpx.Response(200), created=lambda n: image_json(s3PutObjectUrl=UPLOAD))
    await async_client(recorder).images.upload(PHOTO, image_name="bytes.png")
    assert puts(recorder)[0].headers["content-type"] == "image/png"
    recorder = storage(httpx.Response(200), created=lambda n: image_json())
    with pytest.raises(APIResponseValidationError):
        await async_client(recorder).images.upload(photo)
    recorder = storage(httpx.ReadError("cut"))
    with pytest.raises(APIConnectionError):
        await async_client(recorder, max_retries=0).images.upload(photo)
    slow = s3_error(503, "SlowDown", "slow")
    slow.headers["retry-after"] = "9999"
    with pytest.raises(UploadError):
        await async_client(storage(slow)).images.upload(photo)
    sleeps = AsyncSleeps()
    await async_client(storage(httpx.Response(503), httpx.Response(200)), sleeps).images.upload(photo)
    assert sleeps == [0.5]
    with pytest.raises(UploadExpiredError):
        await async_client(storage(expired)).images.upload(photo)


def bracket_storage(*answers: httpx.Response) -> Recorder:
    """The API creates brackets (numbered) and lists the order's; the storage answers in turn."""
    puts = list(answers)
    made = [0]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "uploads.test":
            return puts.pop(0) if len(puts) > 1 else puts[0]
        if request.url.path.endswith("/brackets"):
            return httpx.Response(200, json={"brackets": []})
        made[0] += 1
        return httpx.Response(200, json=bracket_json(bracket_id=f"b-{made[0]}", upload_url=UPLOAD))

    return Recorder(answer)


def test_a_bracket_whose_url_expired_is_created_once_more(photo: Path) -> None:
    expired = s3_error(403, "AccessDenied", "Request has expired")
    recorder = bracket_storage(expired, httpx.Response(200))
    sync_client(recorder).orders.upload_brackets("o-1", [photo])
    assert api_calls(recorder).count("POST /v3/brackets/") == 2 and len(puts(recorder)) == 2
    with pytest.raises(BatchError) as caught:
        sync_client(bracket_storage(expired)).orders.upload_brackets("o-1", [photo])
    assert isinstance(caught.value.failures["kitchen.jpg"], UploadExpiredError)


@pytest.mark.anyio
async def test_an_async_bracket_whose_url_expired_is_created_once_more(photo: Path) -> None:
    expired = s3_error(403, "AccessDenied", "Request has expired")
    recorder = bracket_storage(expired, httpx.Response(200))
    await async_client(recorder).orders.upload_brackets("o-1", [photo])
    assert api_calls(recorder).count("POST /v3/brackets/") == 2
    with pytest.raises(BatchError):
        await async_client(bracket_storage(expired)).orders.upload_brackets("o-1", [photo])
