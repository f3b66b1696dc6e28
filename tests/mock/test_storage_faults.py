"""Faults on the storage URLs: uploads (``/__uploads__/``) and asset fetches (``/__assets__/``).

A fault without ``operation`` hits them as it hits API calls; ``operation: "upload"`` or
``"asset"`` hits them alone. Statuses answer S3's XML error and store nothing.
"""

from __future__ import annotations

import httpx
import pytest
from autoenhance_mock import AutoenhanceMock, InProcessTransport, MockServer, create_app
from autoenhance_mock._faults import parse_fault_option
from autoenhance_mock._uploads import storage_fault_error

from tests.mock.helpers import A, FakeTime, decode, new_image, photo, put, uploaded_image


def add(http: httpx.Client, **fault: object) -> dict:
    resp = http.post("/__mock__/faults", json=fault)
    assert resp.status_code == 200, resp.text
    return resp.json()


def logged(http: httpx.Client, verdict: str) -> list[dict]:
    return [e for e in http.get("/__mock__/requests").json()["requests"] if e["verdict"] == verdict]


def status_of(http: httpx.Client, image_id: str) -> str:
    return str(http.get(f"/v3/images/{image_id}", headers=A).json()["status"])


def code_of(resp: httpx.Response) -> str:
    assert resp.headers["content-type"] == "application/xml" and resp.text.startswith("<?xml")
    return resp.text.split("<Code>")[1].split("</Code>")[0]


def test_latency_on_an_upload_is_waited_before_it_is_handled_and_logged(http: httpx.Client) -> None:
    image = new_image(http)
    add(http, kind="latency", latency_ms=40, count=1, operation="upload")
    assert put(http, image["upload_url"], photo(64, 48)).status_code == 200
    assert put(http, image["upload_url"], photo(64, 48)).status_code == 200
    first, second = logged(http, "upload")
    assert first["faults"] == ["latency"] and first["duration_ms"] >= 40
    assert second["faults"] == [], "count=1: the first upload used it up"
    assert status_of(http, image["image_id"]) == "processing"


def test_a_fault_without_operation_hits_every_request_uploads_included(http: httpx.Client) -> None:
    add(http, kind="latency", latency_ms=1)  # the benchmarks' "round trip on every request"
    image = new_image(http)
    assert put(http, image["upload_url"], photo(64, 48)).status_code == 200
    entries = [e for e in http.get("/__mock__/requests").json()["requests"] if e["verdict"] != "control"]
    assert [(e["verdict"], e["faults"]) for e in entries] == [("valid", ["latency"]), ("upload", ["latency"])]


def test_503_on_an_upload_answers_s3_xml_stores_nothing_and_the_retry_succeeds(http: httpx.Client) -> None:
    image = new_image(http)
    add(http, kind="status", status=503, retry_after=2, count=1, operation="upload")
    resp = put(http, image["upload_url"], photo(64, 48))
    assert resp.status_code == 503 and code_of(resp) == "SlowDown"
    assert resp.headers["retry-after"] == "2" and "<Fault>Injected by the mock.</Fault>" in resp.text
    assert status_of(http, image["image_id"]) == "waiting", "the bytes were not stored"
    retry = put(http, image["upload_url"], photo(64, 48))  # the same URL, as a client retries
    assert (retry.status_code, retry.content) == (200, b"")
    assert status_of(http, image["image_id"]) == "processing"
    failed, landed = logged(http, "upload")
    assert (failed["status"], failed["faults"], failed["problems"]) == (503, ["status"], {})
    assert (landed["status"], landed["faults"]) == (200, [])


def test_a_status_fault_without_operation_and_count_1_is_used_up_by_the_upload(http: httpx.Client) -> None:
    image = new_image(http)
    add(http, kind="status", status=500, count=1)
    resp = put(http, image["upload_url"], photo(64, 48))
    assert resp.status_code == 500 and code_of(resp) == "InternalError"
    assert http.get("/__mock__/faults").json() == {"faults": []}
    assert status_of(http, image["image_id"]) == "waiting"
    assert put(http, image["upload_url"], photo(64, 48)).status_code == 200


def test_upload_faults_leave_api_calls_alone_and_api_faults_leave_uploads_alone(http: httpx.Client) -> None:
    add(http, kind="status", status=500, operation="upload")
    image = new_image(http)  # create_image is not an upload
    assert http.get("/v3/orders/", headers=A).status_code == 200
    assert put(http, image["upload_url"], photo(64, 48)).status_code == 500
    assert http.delete("/__mock__/faults").status_code == 200

    add(http, kind="status", status=500, operation="create_image")
    assert put(http, image["upload_url"], photo(64, 48)).status_code == 200
    assert http.post("/v3/images/", json={"image_name": "x"}, headers=A).status_code == 500


def test_drop_on_an_upload_stores_it_then_closes_without_answering(http: httpx.Client) -> None:
    image = new_image(http)
    add(http, kind="drop", count=1, operation="upload")
    with pytest.raises(httpx.RemoteProtocolError):
        put(http, image["upload_url"], photo(64, 48))
    assert status_of(http, image["image_id"]) == "processing", "carried out, then dropped"
    assert logged(http, "upload")[0]["faults"] == ["drop"]


def test_truncate_on_an_upload_has_no_body_to_cut_so_closes_like_drop(http: httpx.Client) -> None:
    image = new_image(http)
    add(http, kind="truncate", count=1, operation="upload")
    with pytest.raises(httpx.RemoteProtocolError):
        put(http, image["upload_url"], photo(64, 48))
    assert status_of(http, image["image_id"]) == "processing"


def test_truncate_on_an_api_redirect_closes_like_drop(http: httpx.Client, fake_time: FakeTime) -> None:
    image_id = uploaded_image(http, photo(64, 48))["image_id"]
    fake_time.now += 3
    http.post("/__mock__/settings", json={"redirect_downloads": True})
    add(http, kind="truncate", count=1, operation="download_enhanced_image")
    with pytest.raises(httpx.RemoteProtocolError):  # a 302 has no body: before, it arrived whole
        http.get(f"/v3/images/{image_id}/enhanced", headers=A)


def test_malformed_never_applies_to_uploads(http: httpx.Client) -> None:
    image = new_image(http)
    add(http, kind="malformed", count=1)
    resp = put(http, image["upload_url"], photo(64, 48))
    assert (resp.status_code, resp.content) == (200, b"")
    assert logged(http, "upload")[0]["faults"] == []
    assert len(http.get("/__mock__/faults").json()["faults"]) == 1, "left for the next API call or asset"
    with pytest.raises(ValueError):
        http.get("/v3/orders/", headers=A).json()
    refused = http.post("/__mock__/faults", json={"kind": "malformed", "operation": "upload"})
    assert refused.status_code == 400 and "cannot apply to upload" in refused.json()["detail"]["fault"]


def test_asset_faults_in_redirect_mode(http: httpx.Client, fake_time: FakeTime) -> None:
    image_id = uploaded_image(http, photo(320, 240))["image_id"]
    fake_time.now += 3
    http.post("/__mock__/settings", json={"redirect_downloads": True})
    add(http, kind="status", status=503, count=1, operation="asset")
    resp = http.get(f"/v3/images/{image_id}/enhanced", params={"format": "png"}, headers=A)
    assert resp.status_code == 302, "the API call is not an asset fetch"
    location = resp.headers["location"]
    failed = http.get(location)
    assert failed.status_code == 503 and code_of(failed) == "SlowDown" and "retry-after" not in failed.headers
    whole = http.get(location)
    assert whole.status_code == 200 and decode(whole.content).size == (320, 240)

    add(http, kind="truncate", count=1, operation="asset")
    with pytest.raises(httpx.RemoteProtocolError):
        http.get(location)

    add(http, kind="malformed", count=1, operation="asset")
    cut = http.get(location)
    assert cut.status_code == 200 and cut.headers["content-type"] == "image/png"
    assert cut.content == whole.content[: len(whole.content) // 2]
    with pytest.raises(OSError):
        decode(cut.content)
    assert [e["faults"] for e in logged(http, "asset")] == [["status"], [], ["truncate"], ["malformed"]]


def test_every_way_of_adding_a_fault_accepts_upload_and_asset(http: httpx.Client, server: MockServer) -> None:
    assert add(http, kind="latency", latency_ms=50, operation="upload")["operation"] == "upload"
    helper = AutoenhanceMock(server.app, server.url, inprocess=False)  # the fixture's value
    assert helper.fault("drop", operation="asset", count=1)["operation"] == "asset"
    app = create_app(api_keys=["k"], faults=[parse_fault_option("kind=status,status=503,operation=upload")])
    assert app.faults.active()[0]["operation"] == "upload"  # the --fault option's path
    refused = http.post("/__mock__/faults", json={"kind": "status", "operation": "uploads"})
    message = refused.json()["detail"]["fault"]
    names = message.split("(")[1].split(")")[0].split(", ")
    assert refused.status_code == 400 and {"upload", "asset", "create_order"} <= set(names)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (503, "SlowDown"),
        (500, "InternalError"),
        (429, "SlowDown"),
        (404, "NoSuchKey"),
        (502, "BadGateway"),
        (504, "GatewayTimeout"),
        (520, "Http520"),
    ],
)
def test_status_faults_answer_s3_codes(status: int, code: str) -> None:
    reply = storage_fault_error(status, None)
    assert reply.status == status and reply.data["code"] == code
    assert f"<Code>{code}</Code>" in reply.body.decode() and (b"retry-after", b"1") not in reply.headers
    assert (b"retry-after", b"1") in storage_fault_error(status, 1).headers


def test_storage_faults_in_process() -> None:
    app = create_app(api_keys=["k"])
    with httpx.Client(transport=InProcessTransport(app), base_url="http://mock.test") as client:
        image = client.post("/v3/images/", json={"image_name": "in"}, headers={"x-api-key": "k"}).json()
        app.faults.add({"kind": "status", "status": 503, "count": 1, "operation": "upload"})
        app.faults.add({"kind": "drop", "count": 1, "operation": "upload"})
        with pytest.raises(httpx.RemoteProtocolError):  # both hit: refused, then the answer dropped
            put(client, image["upload_url"], photo(64, 48))
        assert client.get(f"/v3/images/{image['image_id']}").json()["status"] == "waiting"
        assert put(client, image["upload_url"], photo(64, 48)).status_code == 200
        assert client.get(f"/v3/images/{image['image_id']}").json()["status"] == "processing"
