"""Upload URLs: real JPEG and PNG files PUT over a real socket and in process; S3-shaped refusals."""

from __future__ import annotations

import httpx
import pytest
from autoenhance_mock import InProcessTransport, MockApp, create_app

from tests.mock.helpers import A, FakeTime, decode, new_image, photo, put


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_a_real_file_uploaded_over_the_socket_is_the_original(http: httpx.Client, fmt: str, server) -> None:
    data = photo(1200, 800, fmt)
    image = new_image(http)
    assert image["upload_url"].startswith(server.url)  # the mock's own origin, on its real port
    with httpx.Client(trust_env=False) as plain:  # no base URL, no key: the URL alone
        resp = put(plain, image["upload_url"], data)
    assert (resp.status_code, resp.content) == (200, b"")
    assert resp.headers["etag"].startswith('"') and resp.headers["content-length"] == "0"
    original = http.get(f"/v3/images/{image['image_id']}/original", params={"format": "png"})
    assert original.status_code == 200 and decode(original.content).size == (1200, 800)


def test_uploads_in_process_use_the_base_url_the_client_chose() -> None:
    app = create_app(api_keys=["k"])
    with httpx.Client(transport=InProcessTransport(app), base_url="http://photos.test:9999") as client:
        image = client.post("/v3/images/", json={"image_name": "in"}, headers={"x-api-key": "k"}).json()
        assert image["upload_url"].startswith("http://photos.test:9999/__uploads__/")
        assert put(client, image["upload_url"], photo(64, 48, "PNG")).status_code == 200
        assert client.get(f"/v3/images/{image['image_id']}").json()["status"] == "processing"


def _error(resp: httpx.Response) -> tuple[int, str]:
    assert resp.headers["content-type"] == "application/xml" and resp.text.startswith("<?xml")
    return resp.status_code, resp.text.split("<Code>")[1].split("</Code>")[0]


def test_another_content_type_is_signature_does_not_match(http: httpx.Client) -> None:
    image = new_image(http)
    for content_type in ("image/jpeg", "", "application/octet-stream; charset=x"):
        resp = put(http, image["upload_url"], photo(), content_type)
        assert _error(resp) == (403, "SignatureDoesNotMatch")
        assert "application/octet-stream" in resp.text
    assert http.get(f"/v3/images/{image['image_id']}").json()["status"] == "waiting"


def test_an_expired_url_is_access_denied(http: httpx.Client, fake_time: FakeTime) -> None:
    image = new_image(http)
    fake_time.now += 3600
    resp = put(http, image["upload_url"], photo())
    assert _error(resp) == (403, "AccessDenied") and "Request has expired" in resp.text
    assert "<Expires>" in resp.text and "<ServerTime>" in resp.text


def test_the_lifetime_is_a_setting(http: httpx.Client, fake_time: FakeTime) -> None:
    http.post("/__mock__/settings", json={"url_seconds": 60})
    image = new_image(http)
    fake_time.now += 59
    assert put(http, image["upload_url"], photo()).status_code == 200
    late = new_image(http)
    fake_time.now += 60
    assert _error(put(http, late["upload_url"], photo())) == (403, "AccessDenied")
    assert http.get(f"/v3/images/{late['image_id']}").json()["status"] == "expired"


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"), lambda t: "x" + t, lambda t: t[:20], lambda t: ""]
)
def test_an_altered_or_unknown_token_is_refused(http: httpx.Client, mangle) -> None:
    image = new_image(http)
    prefix, token = image["upload_url"].rsplit("/", 1)
    assert _error(put(http, f"{prefix}/{mangle(token)}", photo())) == (403, "SignatureDoesNotMatch")


def test_another_method_is_405_with_allow(http: httpx.Client) -> None:
    image = new_image(http)
    for method in ("GET", "POST", "DELETE"):
        resp = http.request(method, image["upload_url"])
        assert _error(resp) == (405, "MethodNotAllowed") and resp.headers["allow"] == "PUT"


def test_size_rules(http: httpx.Client) -> None:
    http.post("/__mock__/settings", json={"upload_max_bytes": 1000})
    image = new_image(http)
    resp = put(http, image["upload_url"], b"x" * 1001)
    assert _error(resp) == (400, "EntityTooLarge") and "<MaxSizeAllowed>1000</MaxSizeAllowed>" in resp.text
    assert _error(put(http, image["upload_url"], b"")) == (400, "EntityTooSmall")
    chunked = http.put(
        image["upload_url"], content=iter([b"abc"]), headers={"content-type": "application/octet-stream"}
    )
    assert _error(chunked) == (411, "MissingContentLength")
    assert put(http, image["upload_url"], b"x" * 1000).status_code == 200  # not an image: still stored


def test_uploads_bigger_than_the_api_json_limit_are_accepted(http: httpx.Client) -> None:
    image = new_image(http)
    big = photo(64, 64) + b"\0" * (3 * 1024 * 1024)  # 3 MiB: the API's bodies stop at 1 MiB
    assert put(http, image["upload_url"], big).status_code == 200


def test_a_second_upload_replaces_the_bytes_and_restarts_enhancing(http: httpx.Client, fake_time: FakeTime) -> None:
    image = new_image(http)
    put(http, image["upload_url"], photo(300, 200))
    fake_time.now += 3
    put(http, image["upload_url"], photo(200, 300))
    assert http.get(f"/v3/images/{image['image_id']}").json()["status"] == "processing"
    fake_time.now += 3
    original = http.get(f"/v3/images/{image['image_id']}/original")
    assert decode(original.content).size == (200, 300)


def test_uploads_are_in_the_request_log_without_keys(http: httpx.Client) -> None:
    image = new_image(http)
    put(http, image["upload_url"], photo(), "image/jpeg")
    put(http, image["upload_url"], photo())
    log = [e for e in http.get("/__mock__/requests").json()["requests"] if e["verdict"] == "upload"]
    assert [(e["method"], e["status"], e["operation"]) for e in log] == [("PUT", 403, None), ("PUT", 200, None)]
    assert log[0]["problems"]["upload"][0].startswith("SignatureDoesNotMatch: ")
    assert log[1]["problems"] == {} and log[1]["path"].startswith("/__uploads__/")


def test_a_bracket_url_accepts_the_bytes(http: httpx.Client) -> None:
    http.post("/v3/orders/", json={"order_id": "hdr"}, headers=A)
    bracket = http.post("/v3/brackets/", json={"order_id": "hdr", "name": "IMG_1.CR2"}, headers=A).json()
    assert bracket["is_uploaded"] is False and bracket["image_id"] is None
    assert put(http, bracket["upload_url"], b"raw camera bytes").status_code == 200
    [listed] = http.get("/v3/orders/hdr/brackets").json()["brackets"]
    assert listed["is_uploaded"] is True
    http.delete("/v3/orders/hdr", headers=A)
    assert _error(put(http, bracket["upload_url"], b"again")) == (404, "NoSuchKey")


def test_tokens_of_one_app_mean_nothing_to_another(app: MockApp, http: httpx.Client) -> None:
    other = create_app(api_keys=["key-a"])
    with httpx.Client(transport=InProcessTransport(other), base_url="http://other") as client:
        url = new_image(http)["upload_url"]
        assert _error(put(client, "http://other/__uploads__/" + url.rsplit("/", 1)[1], photo())) == (
            403,
            "SignatureDoesNotMatch",
        )
