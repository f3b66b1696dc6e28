"""``client.images`` and ``client.brackets``: each operation's request, its checks and its answer."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import autoenhance_sdk as sdk
import httpx
import pytest
from autoenhance_api.types import UNSET

from tests.spec_walk import load_spec
from tests.wrapper.helpers import (
    KEY,
    Recorder,
    async_client,
    bracket_json,
    image_json,
    reply,
    sync_client,
)

UPLOAD = "https://uploads.test/img-1?X-Amz-Signature=3f2a"
JPEG = b"\xff\xd8\xff\xe0fake-jpeg"


def jpeg(status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, content=JPEG, headers={"content-type": "image/jpeg", **headers})


def report_json(**overrides: Any) -> dict[str, Any]:
    return {"image_id": "img-1", "categories": ["SKY_REPLACEMENT"], "source": "API", **overrides}


# --- the version pin -------------------------------------------------------------------------


def test_the_pinned_version_is_the_one_the_spec_describes() -> None:
    assert load_spec()["info"]["x-api-version"] == sdk.DEFAULT_API_VERSION


@pytest.mark.parametrize(
    ("argument", "env", "sent"),
    [
        (None, None, "2025-05-08"),  # the pin
        (None, "2024-06-01", "2024-06-01"),  # the environment beats the pin
        ("2025-01-01", "2024-06-01", "2025-01-01"),  # the argument beats both
        (sdk.NO_API_VERSION, "2024-06-01", None),  # no header at all, whatever the environment says
    ],
)
def test_the_version_header_argument_then_environment_then_pin(
    argument: Any, env: str | None, sent: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if env is not None:
        monkeypatch.setenv("AUTOENHANCE_API_VERSION", env)
    recorder = Recorder(reply(200, image_json()))
    client = sync_client(recorder, api_version=argument)
    client.images.retrieve("img-1")
    assert recorder.requests[0].headers.get("x-api-version") == sent == client.api_version
    assert repr(sdk.NO_API_VERSION) == "NO_API_VERSION" and not sdk.NO_API_VERSION
    assert sdk.NoAPIVersion() is sdk.NO_API_VERSION


def test_a_copy_can_drop_or_change_the_version() -> None:
    recorder = Recorder(reply(200, image_json()))
    client = sync_client(recorder)
    client.with_options(api_version=sdk.NO_API_VERSION).images.retrieve("img-1")
    client.with_options(api_version="2024-01-01").images.retrieve("img-1")
    client.images.retrieve("img-1")
    assert [r.headers.get("x-api-version") for r in recorder.requests] == [None, "2024-01-01", "2025-05-08"]


# --- every operation: its request and its answer, sync, async and raw ------------------------


def test_create_sends_only_what_is_given_and_returns_the_upload_url() -> None:
    recorder = Recorder(reply(200, image_json(upload_url=UPLOAD)))
    client = sync_client(recorder)
    created = client.images.create(image_name="living-room")
    assert isinstance(created, sdk.ImageCreatedOut) and created.upload_url == UPLOAD
    assert created.s_3_put_object_url is UNSET
    request = recorder.requests[0]
    assert (request.method, request.url.path) == ("POST", "/v3/images/")
    assert recorder.body() == {"image_name": "living-room"}  # no enhance/lens defaults of the model
    assert request.headers["x-api-key"] == KEY and request.headers["accept"] == "application/json"


def test_create_sends_every_option() -> None:
    recorder = Recorder(reply(200, image_json(upload_url=UPLOAD)))
    sync_client(recorder).images.create(
        image_name="kitchen",
        order_id="o-1",
        ai_version="5.x",
        enhance=False,
        enhance_type=sdk.EnhanceType.WARM,
        cloud_type="LOW_CLOUD",
        sky_replacement=True,
        lens_correction=False,
        vertical_correction=False,
        privacy=True,
        window_pull=True,
        upscale=True,
        threesixty=False,
        rating=5,
        metadata={"room": "kitchen", "floor": 1},
        finetune_settings={"exposure": 0.5},
        content_type="image/jpeg",
    )
    assert recorder.body() == {
        "image_name": "kitchen",
        "order_id": "o-1",
        "ai_version": "5.x",
        "enhance": False,
        "enhance_type": "warm",
        "cloud_type": "LOW_CLOUD",
        "sky_replacement": True,
        "lens_correction": False,
        "vertical_correction": False,
        "privacy": True,
        "window_pull": True,
        "upscale": True,
        "threesixty": False,
        "rating": 5,
        "metadata": {"room": "kitchen", "floor": 1},
        "finetune_settings": {"exposure": 0.5},
        "content_type": "image/jpeg",
    }


LEGACY = {k: v for k, v in image_json().items() if k != "upload_url"} | {"s3PutObjectUrl": UPLOAD}


def test_an_older_version_s_answer_is_returned_as_it_came() -> None:
    """The model keeps the API's answer (it writes back the same JSON): the legacy key stays the
    legacy field, upload_url unset."""
    recorder = Recorder(reply(200, LEGACY))
    client = sync_client(recorder, api_version="2024-06-01")
    created = client.images.create(image_name="x", content_type="image/png")
    assert created.s_3_put_object_url == UPLOAD and created.upload_url is UNSET
    assert created.to_dict() == LEGACY
    assert recorder.requests[0].headers["x-api-version"] == "2024-06-01"
    assert json.loads(recorder.requests[0].content)["content_type"] == "image/png"
    raw = client.images.with_raw_response.create(image_name="x")
    assert raw.parsed.s_3_put_object_url == UPLOAD and raw.http_response.json() == LEGACY


@pytest.mark.anyio
@pytest.mark.parametrize(("version", "body"), [("2024-06-01", LEGACY), ("2025-05-08", None)])
async def test_either_version_s_answer_is_read_async(version: str, body: Any) -> None:
    body = body or image_json(upload_url=UPLOAD)
    async with async_client(Recorder(reply(200, body)), api_version=version) as client:
        created = await client.images.create(image_name="x")
        raw = await client.images.with_raw_response.create(image_name="x")
    assert created.to_dict() == body == raw.parsed.to_dict()


def test_an_empty_content_type_is_sent_as_given() -> None:
    """The spec sets no length on content_type: the SDK refuses nothing it allows."""
    recorder = Recorder(reply(200, image_json(upload_url=UPLOAD)))
    sync_client(recorder).images.create(image_name="x", content_type="")
    assert json.loads(recorder.requests[0].content)["content_type"] == ""


def test_both_keys_are_left_as_they_came() -> None:
    both = image_json(upload_url=UPLOAD, s3PutObjectUrl="https://uploads.test/other")  # never both, but if
    created = sync_client(Recorder(reply(200, both))).images.create(image_name="x")
    assert created.upload_url == UPLOAD and created.s_3_put_object_url == "https://uploads.test/other"


@pytest.mark.parametrize("strict", [False, True])
def test_an_answer_with_neither_upload_url_is_still_read(strict: bool) -> None:
    created = sync_client(Recorder(reply(200, image_json())), strict_response_validation=strict).images.create(
        image_name="x"
    )
    assert created.upload_url is UNSET and created.s_3_put_object_url is UNSET and created.image_id == "img-1"


def test_a_created_image_missing_a_required_field_reads_tolerantly(caplog: pytest.LogCaptureFixture) -> None:
    body = {k: v for k, v in image_json(upload_url=UPLOAD).items() if k != "status"}
    created = sync_client(Recorder(reply(200, body))).images.create(image_name="x")
    assert created.status is None and created.upload_url == UPLOAD
    assert "create_image" in caplog.text and "'status'" in caplog.text
    with pytest.raises(sdk.APIResponseValidationError, match="'status'"):
        sync_client(Recorder(reply(200, body)), strict_response_validation=True).images.create(image_name="x")


def test_retrieve_works_without_a_key_and_delete_needs_one() -> None:
    recorder = Recorder(reply(200, image_json(status="processed")), httpx.Response(204))
    client = sync_client(recorder, api_key=None)
    image = client.images.retrieve("img-1")
    assert isinstance(image, sdk.ImageOut) and image.status == sdk.ImageStatus.PROCESSED
    assert "x-api-key" not in recorder.requests[0].headers
    with pytest.raises(sdk.MissingAPIKeyError, match="delete_image needs an API key"):
        client.images.delete("img-1")
    assert sync_client(recorder).images.delete("img-1") is None
    assert [(r.method, r.url.path) for r in recorder.requests] == [
        ("GET", "/v3/images/img-1"),
        ("DELETE", "/v3/images/img-1"),
    ]


def test_process_sends_only_the_options_given() -> None:
    recorder = Recorder(reply(200, image_json(status="processing")))
    client = sync_client(recorder)
    image = client.images.process("img-1", enhance_type="neutral", sky_replacement=False)
    client.images.process("img-1")
    assert isinstance(image, sdk.ImageOut)
    assert [(r.method, r.url.path) for r in recorder.requests] == [("POST", "/v3/images/img-1/process")] * 2
    # nothing else: ImageInUpdate's own defaults (enhance, lens and vertical correction true) would
    # overwrite the image's values
    assert recorder.body(0) == {"enhance_type": "neutral", "sky_replacement": False}
    assert recorder.body(1) == {}


def test_report_sends_the_categories_and_reads_the_report() -> None:
    recorder = Recorder(reply(200, report_json(comment=None, score=2)))
    report = sync_client(recorder).images.report(
        "img-1",
        categories=["SKY_REPLACEMENT", sdk.ReportCategory.EXPOSURE],
        comment="too bright",
        score=2,
        source="API",
    )
    assert isinstance(report, sdk.ReportOut) and report.categories == ["SKY_REPLACEMENT"] and report.score == 2
    assert recorder.requests[0].url.path == "/v3/images/img-1/report"
    assert recorder.body() == {
        "categories": ["SKY_REPLACEMENT", "EXPOSURE"],
        "comment": "too bright",
        "score": 2,
        "source": "API",
    }
    sync_client(recorder).images.report("img-1", categories=("NO_COMPLAINTS",))
    assert recorder.body() == {"categories": ["NO_COMPLAINTS"]}


def test_brackets_create() -> None:
    recorder = Recorder(reply(200, bracket_json()))
    client = sync_client(recorder)
    bracket = client.brackets.create(order_id="o-1", name="IMG_0001.CR2", metadata={"exposure_bias": -2})
    assert isinstance(bracket, sdk.BracketCreatedOut) and bracket.upload_url.startswith("https://uploads.test/")
    assert bracket.image_id is None
    assert (recorder.requests[0].method, recorder.requests[0].url.path) == ("POST", "/v3/brackets/")
    assert recorder.body() == {"name": "IMG_0001.CR2", "order_id": "o-1", "metadata": {"exposure_bias": -2}}
    client.brackets.create(order_id="o-1", name="IMG_0002.CR2")
    assert recorder.body() == {"name": "IMG_0002.CR2", "order_id": "o-1"}
    with pytest.raises(sdk.MissingAPIKeyError):
        sync_client(recorder, api_key=None).brackets.create(order_id="o-1", name="x")


def test_download_enhanced_sends_its_query_and_dev_mode_and_returns_bytes() -> None:
    recorder = Recorder(jpeg())
    client = sync_client(recorder)
    data = client.images.download_enhanced(
        "img-1",
        preview=False,
        watermark=False,
        format=sdk.ImageFormat.PNG,
        quality=80,
        max_width=1920,
        scale=0.5,
        finetune=True,
        dev_mode=True,
    )
    assert data == JPEG
    request = recorder.requests[0]
    assert (request.method, request.url.path) == ("GET", "/v3/images/img-1/enhanced")
    assert dict(request.url.params) == {
        "preview": "false",
        "watermark": "false",
        "format": "png",
        "quality": "80",
        "max_width": "1920",
        "scale": "0.5",
        "finetune": "true",
    }
    assert request.headers["x-dev-mode"] == "true" and request.headers["x-api-key"] == KEY
    assert request.headers["accept"].startswith("image/*")
    client.images.download_enhanced("img-1")
    plain = recorder.requests[1]
    assert plain.url.query == b"" and "x-dev-mode" not in plain.headers  # dev_mode=False: no header


def test_download_original_works_without_a_key() -> None:
    recorder = Recorder(httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"}))
    data = sync_client(recorder, api_key=None).images.download_original("img-1", preview=True, format="png")
    assert data == b"\x89PNG"
    request = recorder.requests[0]
    assert request.url.path == "/v3/images/img-1/original" and dict(request.url.params) == {
        "preview": "true",
        "format": "png",
    }
    assert "x-api-key" not in request.headers and "x-dev-mode" not in request.headers
    with pytest.raises(sdk.MissingAPIKeyError):
        sync_client(recorder, api_key=None).images.download_enhanced("img-1")


def test_raw_views_give_the_whole_answer() -> None:
    recorder = Recorder(jpeg(**{"x-request-id": "r-1"}))
    client = sync_client(recorder)
    raw = client.images.with_raw_response.download_enhanced("img-1")
    assert isinstance(raw, sdk.RawResponse) and raw.parsed == JPEG and raw.request_id == "r-1"
    assert raw.headers["content-type"] == "image/jpeg" and raw.status_code == 200
    recorder.answers = [reply(200, bracket_json())]
    raw_bracket = client.brackets.with_raw_response.create(order_id="o-1", name="b")
    assert isinstance(raw_bracket.parsed, sdk.BracketCreatedOut)
    recorder.answers = [httpx.Response(204)]
    assert client.images.with_raw_response.delete("img-1").parsed is None


@pytest.mark.anyio
async def test_async_every_operation() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.method == "DELETE":
            return httpx.Response(204)
        if path.endswith(("/enhanced", "/original")):
            return jpeg()
        if path.endswith("/report"):
            return reply(200, report_json())
        if path.startswith("/v3/brackets"):
            return reply(200, bracket_json())
        return reply(200, image_json(upload_url=UPLOAD))

    recorder = Recorder(answer)
    async with async_client(recorder) as client:
        images = client.images
        assert (await images.create(image_name="x")).upload_url == UPLOAD
        assert (await images.retrieve("img-1")).image_id == "img-1"
        assert await images.delete("img-1") is None
        assert (await images.process("img-1", rating=3)).image_id == "img-1"
        assert await images.download_enhanced("img-1", dev_mode=True) == JPEG
        assert await images.download_original("img-1") == JPEG
        assert (await images.report("img-1", categories=["OTHER"])).image_id == "img-1"
        assert (await client.brackets.create(order_id="o-1", name="b")).bracket_id == "b-1"
        raw = await images.with_raw_response.download_original("img-1", max_width=10)
        assert raw.parsed == JPEG and raw.attempts == 1
        raw_bracket = await client.brackets.with_raw_response.create(order_id="o-1", name="b")
        assert isinstance(raw_bracket.parsed, sdk.BracketCreatedOut)
    assert [f"{r.method} {r.url.path}" for r in recorder.requests] == [
        "POST /v3/images/",
        "GET /v3/images/img-1",
        "DELETE /v3/images/img-1",
        "POST /v3/images/img-1/process",
        "GET /v3/images/img-1/enhanced",
        "GET /v3/images/img-1/original",
        "POST /v3/images/img-1/report",
        "POST /v3/brackets/",
        "GET /v3/images/img-1/original",
        "POST /v3/brackets/",
    ]


# --- arguments are checked before anything is sent ------------------------------------------

BAD_IDS = ["", ".", "..", "a/b", "../x", "/", "x" * 129, "\ud800", 5, None, b"bytes"]


def _image_id_calls(client: sdk.Autoenhance) -> list[Any]:
    i = client.images
    return [
        i.retrieve,
        i.delete,
        i.process,
        i.download_enhanced,
        i.download_original,
        lambda image_id: i.report(image_id, categories=["OTHER"]),
    ]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
def test_an_unaddressable_image_id_is_refused(bad: object) -> None:
    recorder = Recorder(reply(200, image_json()))
    for call in _image_id_calls(sync_client(recorder)):
        with pytest.raises(sdk.InvalidInputError, match="image_id"):
            call(bad)
    assert recorder.requests == []


@pytest.mark.parametrize("image_id", ["a?b", "a#b", "100%", "%2e%2e", "...", "a b", "ünï", "a\\b", "x" * 128])
def test_an_image_id_names_exactly_one_image(image_id: str) -> None:
    recorder = Recorder(lambda r: jpeg() if r.url.path.endswith("/enhanced") else reply(200, image_json()))
    client = sync_client(recorder)
    client.images.retrieve(image_id)
    client.images.download_enhanced(image_id)
    first, second = recorder.requests
    assert first.url.raw_path.decode() == "/v3/images/" + quote(image_id, safe="")
    assert second.url.raw_path.decode().split("?")[0] == "/v3/images/" + quote(image_id, safe="") + "/enhanced"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"image_name": ""}, "image_name must be 1 to 255 characters long, got 0"),
        ({"image_name": None}, "image_name must be a str, got NoneType"),
        ({"image_name": "x" * 256}, "image_name must be 1 to 255"),
        ({"image_name": "\ud800"}, "image_name is not valid Unicode text"),
        ({"order_id": "a/b"}, "order_id must not contain '/'"),
        ({"ai_version": "6.x"}, "ai_version must be one of .*'5.x'.*; got '6.x'"),
        ({"enhance": "yes"}, "enhance must be True or False, got 'yes'"),
        ({"enhance_type": "vivid"}, "enhance_type must be one of"),
        ({"cloud_type": "clear"}, "cloud_type must be one of 'CLEAR'"),
        ({"sky_replacement": 1}, "sky_replacement must be True or False"),
        ({"privacy": "no"}, "privacy must be True or False"),
        ({"rating": 6}, "rating must be a whole number from 0 to 5, got 6"),
        ({"rating": -1}, "rating must be a whole number of at least 0"),
        ({"rating": True}, "rating must be a whole number"),
        ({"metadata": ["a"]}, "metadata must be a dict with str keys, got list"),
        ({"metadata": {1: "a"}}, "metadata must be a dict with str keys"),
        ({"metadata": {"a": object()}}, "metadata must hold only what JSON can carry"),
        ({"metadata": {"a": float("nan")}}, "metadata must hold only what JSON can carry"),
        ({"metadata": {"a": "\ud800"}}, "metadata must hold only what JSON can carry"),
        ({"finetune_settings": "warm"}, "finetune_settings must be a dict"),
        ({"content_type": 3}, "content_type must be a str"),
    ],
)
def test_create_refuses_a_bad_field_naming_it(kwargs: dict[str, Any], message: str) -> None:
    recorder = Recorder(reply(200, image_json()))
    client = sync_client(recorder)
    arguments = {"image_name": "x"} | kwargs
    with pytest.raises(sdk.InvalidInputError, match=message):
        client.images.create(**arguments)
    if "image_name" not in kwargs:
        with pytest.raises(sdk.InvalidInputError, match=message.split(" ")[0]):
            client.images.process("img-1", **kwargs)
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"preview": "false"}, "preview must be True or False"),
        ({"watermark": 0}, "watermark must be True or False"),
        ({"finetune": None, "format": "gif"}, "format must be one of 'jpeg', 'png', 'webp'; got 'gif'"),
        ({"quality": 0}, "quality must be a whole number of at least 1"),
        ({"quality": 91}, "quality must be a whole number from 1 to 90, got 91"),
        ({"quality": 80.0}, "quality must be a whole number"),
        ({"max_width": 0}, "max_width must be a whole number of at least 1"),
        ({"scale": 1.5}, "scale must be a number from 0 to 1, got 1.5"),
        ({"scale": -0.1}, "scale must be a number from 0 to 1"),
        ({"scale": float("nan")}, "scale must be a number from 0 to 1"),
        ({"scale": True}, "scale must be a number"),
        ({"scale": "0.5"}, "scale must be a number"),
    ],
)
def test_downloads_refuse_a_bad_option_naming_it(kwargs: dict[str, Any], message: str) -> None:
    recorder = Recorder(jpeg())
    client = sync_client(recorder)
    for download in (client.images.download_enhanced, client.images.download_original):
        with pytest.raises(sdk.InvalidInputError, match=message):
            download("img-1", **kwargs)
    with pytest.raises(sdk.InvalidInputError, match="dev_mode must be True or False"):
        client.images.download_enhanced("img-1", dev_mode="true")  # type: ignore[arg-type]
    assert recorder.requests == []
    assert client.images.download_enhanced("img-1", scale=0, quality=1) == JPEG  # the bounds are allowed
    assert dict(recorder.requests[0].url.params) == {"scale": "0.0", "quality": "1"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"categories": []}, "categories must name at least one category"),
        ({"categories": "SKY_REPLACEMENT"}, "categories must be a list of categories, got str"),
        ({"categories": {"OTHER": 1}}, "categories must be a list of categories, got dict"),
        ({"categories": 5}, "categories must be a list, got int"),
        ({"categories": ["SKY"]}, r"categories\[0\] must be one of 'AUTO_PRIVACY'"),
        ({"categories": ["OTHER"], "comment": "x" * 2001}, "comment must be 0 to 2000 characters long"),
        ({"categories": ["OTHER"], "comment": 5}, "comment must be a str"),
        ({"categories": ["OTHER"], "score": 6}, "score must be a whole number from 0 to 5"),
        ({"categories": ["OTHER"], "source": "CLI"}, "source must be one of"),
    ],
)
def test_report_refuses_a_bad_field_naming_it(kwargs: dict[str, Any], message: str) -> None:
    recorder = Recorder(reply(200, report_json()))
    with pytest.raises(sdk.InvalidInputError, match=message):
        sync_client(recorder).images.report("img-1", **kwargs)
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "raw/IMG_1.CR2"}, "name must not contain '/'"),
        ({"name": ""}, "name must be 1 to 255 characters long"),
        ({"name": 5}, "name must be a str"),
        ({"order_id": ".."}, "order_id cannot be '..'"),
        ({"order_id": None}, "order_id must be a str, got NoneType"),
        ({"metadata": {"a": {1, 2}}}, "metadata must hold only what JSON can carry"),
    ],
)
def test_brackets_create_refuses_a_bad_field_naming_it(kwargs: dict[str, Any], message: str) -> None:
    recorder = Recorder(reply(200, bracket_json()))
    with pytest.raises(sdk.InvalidInputError, match=message):
        sync_client(recorder).brackets.create(**({"order_id": "o-1", "name": "b"} | kwargs))
    assert recorder.requests == []


def test_metadata_is_sent_as_given_and_the_caller_s_dict_is_not_kept() -> None:
    recorder = Recorder(reply(200, bracket_json()))
    metadata: dict[str, Any] = {"nested": {"list": [1, 2.5, None, "ü"]}}
    sync_client(recorder).brackets.create(order_id="o-1", name="b", metadata=metadata)
    metadata["nested"] = "changed"
    assert json.loads(recorder.requests[0].content)["metadata"] == {"nested": {"list": [1, 2.5, None, "ü"]}}


# --- errors of the new operations ------------------------------------------------------------


def test_no_credit_left_is_a_payment_required_error() -> None:
    body = {"message": "Payment Required", "detail": {"credits": "No credit left for a full-size download."}}
    recorder = Recorder(reply(402, body))
    with pytest.raises(sdk.PaymentRequiredError, match="402 Payment Required: Payment Required") as info:
        sync_client(recorder).images.download_enhanced("img-1", preview=False)
    assert isinstance(info.value, sdk.APIStatusError) and info.value.status_code == 402
    assert len(recorder.requests) == 1  # not retried


def test_a_download_retries_as_any_call_does() -> None:
    recorder = Recorder(httpx.Response(503), httpx.ReadTimeout("slow"), jpeg())
    client = sync_client(recorder)
    raw = client.images.with_raw_response.download_enhanced("img-1", timeout=3)
    assert raw.parsed == JPEG and raw.attempts == 3
    assert [r.extensions["timeout"]["read"] for r in recorder.requests] == [3.0, 3.0, 3.0]
