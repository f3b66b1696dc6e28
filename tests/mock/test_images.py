"""Images: register, retrieve, reprocess, delete, report; tenancy; orders implied by uploads; limits.

The session server's clock is ``fake_time`` (moved by hand, never slept on); uploads go through
real upload URLs over the loopback socket.
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.mock.helpers import A, B, FakeTime, create, new_image, photo, put, uploaded_image


def test_create_answers_a_waiting_image_in_a_new_order_with_an_upload_url(http: httpx.Client, server) -> None:
    image = new_image(http, image_name="living-room", enhance_type="warm", cloud_type=None, privacy=None)
    assert uuid.UUID(image["image_id"]).version == 4 and uuid.UUID(image["order_id"]).version == 4
    assert (image["status"], image["image_name"], image["downloaded"]) == ("waiting", "living-room", False)
    assert (image["enhance_type"], image["cloud_type"], image["privacy"]) == ("warm", "CLEAR", False)
    assert image["upload_url"].startswith(f"{server.url}/__uploads__/") and "s3PutObjectUrl" not in image
    order = http.get(f"/v3/orders/{image['order_id']}", headers=A).json()
    assert (order["status"], order["total_images"], order["is_processing"]) == ("waiting", 1, False)
    assert order["images"][0]["image_id"] == image["image_id"]


def test_an_order_id_no_order_has_yet_is_created_and_an_existing_one_used(http: httpx.Client) -> None:
    first = new_image(http, order_id="elm-12")
    second = new_image(http, order_id="elm-12", image_name="kitchen")
    assert first["order_id"] == second["order_id"] == "elm-12"
    order = http.get("/v3/orders/elm-12", headers=A).json()
    assert [i["image_name"] for i in order["images"]] == ["room", "kitchen"] and order["total_images"] == 2


def test_another_accounts_order_is_404_and_nothing_is_created(http: httpx.Client) -> None:
    create(http, B, order_id="theirs")
    resp = http.post("/v3/images/", json={"image_name": "x", "order_id": "theirs"}, headers=A)
    assert resp.status_code == 404 and "theirs" in resp.json()["detail"]["order_id"]
    assert http.get("/v3/orders/", headers=A).json()["orders"] == []
    assert http.get("/v3/orders/theirs", headers=B).json()["total_images"] == 0
    create(http, A, order_id="theirs")  # once the caller has its own, that one is used
    assert new_image(http, order_id="theirs")["order_id"] == "theirs"


def test_retrieve_tenancy_as_for_orders(http: httpx.Client) -> None:
    image = new_image(http)
    path = f"/v3/images/{image['image_id']}"
    assert http.get(path).json()["image_id"] == image["image_id"]  # keyless: any image by id
    assert http.get(path, headers=A).status_code == 200
    assert http.get(path, headers=B).status_code == 404
    assert http.get(path, headers={"x-api-key": "nope"}).status_code == 401
    for method, sub in (("DELETE", ""), ("POST", "/process"), ("GET", "/enhanced")):
        assert http.request(method, path + sub, headers=B, json={} if method == "POST" else None).status_code == 404
        assert http.request(method, path + sub, json={} if method == "POST" else None).status_code == 401
    assert http.post(path + "/report", json={"categories": ["NOISE"]}, headers=B).status_code == 404


def test_life_cycle_waiting_processing_processed(http: httpx.Client, fake_time: FakeTime) -> None:
    image = new_image(http)
    path = f"/v3/images/{image['image_id']}"
    assert put(http, image["upload_url"], photo()).status_code == 200
    assert http.get(path).json()["status"] == "processing"
    order = http.get(f"/v3/orders/{image['order_id']}").json()
    assert (order["status"], order["is_processing"]) == ("processing", True)
    fake_time.now += 2.9
    assert http.get(path).json()["status"] == "processing"
    fake_time.now += 0.1
    assert http.get(path).json()["status"] == "processed"
    order = http.get(f"/v3/orders/{image['order_id']}").json()
    assert (order["status"], order["is_processing"], order["total_images"]) == ("processed", False, 1)


def test_never_uploaded_within_the_url_lifetime_is_expired(http: httpx.Client, fake_time: FakeTime) -> None:
    image = new_image(http, order_id="late")
    fake_time.now += 3599
    assert http.get(f"/v3/images/{image['image_id']}").json()["status"] == "waiting"
    fake_time.now += 1
    expired = http.get(f"/v3/images/{image['image_id']}").json()
    assert expired["status"] == "expired" and "expired" in expired["status_reason"]
    assert put(http, image["upload_url"], photo()).status_code == 403
    assert http.get("/v3/orders/late").json()["status"] == "error"  # finished, none processed


def test_order_status_follows_its_images(http: httpx.Client, fake_time: FakeTime, app) -> None:
    done = uploaded_image(http, order_id="mix")
    fake_time.now += 3
    waiting = new_image(http, order_id="mix")
    assert http.get("/v3/orders/mix").json()["status"] == "waiting"  # one still waits for bytes
    put(http, waiting["upload_url"], photo())
    assert http.get("/v3/orders/mix").json()["status"] == "processing"
    resp = http.post("/__mock__/images/fail", json={"image_id": waiting["image_id"], "reason": "Too dark."})
    assert resp.status_code == 200 and resp.json()["image"]["status_reason"] == "Too dark."
    order = http.get("/v3/orders/mix").json()
    assert (order["status"], order["is_processing"]) == ("processed", False)  # one processed, one in error
    http.post("/__mock__/images/fail", json={"image_id": done["image_id"]})
    assert http.get("/v3/orders/mix").json()["status"] == "error"  # all in error


def test_process_image_reprocesses_with_the_options_given_and_keeps_the_rest(
    http: httpx.Client, fake_time: FakeTime
) -> None:
    image = uploaded_image(http, enhance_type="warm", sky_replacement=True)
    fake_time.now += 3
    path = f"/v3/images/{image['image_id']}"
    resp = http.post(f"{path}/process", json={"enhance_type": "neutral", "cloud_type": "LOW_CLOUD"}, headers=A)
    assert resp.status_code == 200
    body = resp.json()
    assert (body["status"], body["enhance_type"], body["cloud_type"], body["sky_replacement"]) == (
        "processing",
        "neutral",
        "LOW_CLOUD",
        True,
    )
    fake_time.now += 3
    assert http.get(path).json()["status"] == "processed"
    assert http.post(f"{path}/process", headers=A).json()["enhance_type"] == "neutral"  # no body: same options


def test_process_image_not_uploaded_keeps_waiting_and_refuses_another_order(http: httpx.Client) -> None:
    image = new_image(http, order_id="o1")
    path = f"/v3/images/{image['image_id']}/process"
    body = http.post(path, json={"upscale": True}, headers=A).json()
    assert (body["status"], body["upscale"]) == ("waiting", True)
    resp = http.post(path, json={"order_id": "o2"}, headers=A)
    assert resp.status_code == 422 and "order_id" in resp.json()["detail"]["json"]
    assert http.post(path, json={"order_id": "o1"}, headers=A).status_code == 200


def test_delete_image_then_404_and_the_order_follows(http: httpx.Client) -> None:
    image = new_image(http, order_id="d")
    keep = new_image(http, order_id="d")
    path = f"/v3/images/{image['image_id']}"
    resp = http.delete(path, headers=A)
    assert resp.status_code == 204 and resp.content == b""
    for method in ("GET", "DELETE"):
        assert http.request(method, path, headers=A).status_code == 404
    assert http.get(path).status_code == 404
    order = http.get("/v3/orders/d").json()
    assert [i["image_id"] for i in order["images"]] == [keep["image_id"]] and order["total_images"] == 1
    upload = put(http, image["upload_url"], photo())
    assert upload.status_code == 404 and "<Code>NoSuchKey</Code>" in upload.text


def test_deleting_the_order_deletes_its_images(http: httpx.Client) -> None:
    image = new_image(http, order_id="gone")
    http.delete("/v3/orders/gone", headers=A)
    assert http.get(f"/v3/images/{image['image_id']}").status_code == 404


def test_report_echoes_the_report_with_the_image_id(http: httpx.Client) -> None:
    image = new_image(http)
    body = {"categories": ["SKY_REPLACEMENT", "NOISE"], "comment": "Too bright.", "score": 2, "source": "API"}
    resp = http.post(f"/v3/images/{image['image_id']}/report", json=body, headers=A)
    assert resp.status_code == 200 and resp.json() == {"image_id": image["image_id"], **body}
    short = http.post(f"/v3/images/{image['image_id']}/report", json={"categories": ["OTHER"]}, headers=A).json()
    assert short == {
        "image_id": image["image_id"],
        "categories": ["OTHER"],
        "comment": None,
        "score": None,
        "source": None,
    }
    bad = http.post(f"/v3/images/{image['image_id']}/report", json={"categories": []}, headers=A)
    assert bad.status_code == 422 and "categories" in bad.json()["detail"]["json"]


@pytest.mark.parametrize(
    ("version", "key"),
    [
        ("2024-11-01", "s3PutObjectUrl"),
        ("2025-05-07", "s3PutObjectUrl"),
        ("2025-05-08", "upload_url"),
        ("2026-01-01", "upload_url"),
        ("latest", "upload_url"),
        ("2024-02-29", "s3PutObjectUrl"),  # a leap day
        ("2024-13-45", "upload_url"),  # no such date: another value, not an old version
        ("2023-02-29", "upload_url"),
        ("2024-04-31", "upload_url"),
        ("0000-01-01", "upload_url"),
        ("20240101", "upload_url"),  # fromisoformat would take it; the header's form is YYYY-MM-DD
        ("2024-01-01T00:00", "upload_url"),
    ],
)
def test_the_api_version_header_names_the_upload_url(http: httpx.Client, version: str, key: str) -> None:
    resp = http.post("/v3/images/", json={"image_name": "v"}, headers={**A, "x-api-version": version})
    body = resp.json()
    assert key in body and ({"upload_url", "s3PutObjectUrl"} - {key}).isdisjoint(body)


def test_a_legacy_url_is_signed_for_the_declared_content_type(http: httpx.Client) -> None:
    legacy = {**A, "x-api-version": "2024-06-01"}
    for field in ("content_type", "contentType"):
        url = http.post("/v3/images/", json={"image_name": "l", field: "image/png"}, headers=legacy).json()[
            "s3PutObjectUrl"
        ]
        refused = put(http, url, photo(fmt="PNG"))  # application/octet-stream: not what it was signed for
        assert refused.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in refused.text
        assert "image/png" in refused.text
        assert put(http, url, photo(fmt="PNG"), "image/png").status_code == 200


def test_over_30_images_with_one_name_per_hour_is_429(http: httpx.Client, fake_time: FakeTime) -> None:
    for _ in range(30):
        new_image(http, image_name="same")
        fake_time.now += 60
    resp = http.post("/v3/images/", json={"image_name": "same"}, headers=A)
    assert resp.status_code == 429 and resp.headers["retry-after"] == "1800"
    assert "same" in resp.json()["detail"]["image_name"]
    assert http.post("/v3/images/", json={"image_name": "same"}, headers=B).status_code == 200  # per account
    new_image(http, image_name="other")
    fake_time.now += 1800
    new_image(http, image_name="same")  # the oldest left the hour


def test_the_daily_cap_puts_new_images_in_error(http: httpx.Client, fake_time: FakeTime) -> None:
    assert http.post("/__mock__/settings", json={"daily_cap": 2}).status_code == 200
    first, second, third = (uploaded_image(http, image_name=f"n{i}") for i in range(3))
    assert http.get(f"/v3/images/{second['image_id']}").json()["status"] == "processing"
    capped = http.get(f"/v3/images/{third['image_id']}").json()
    assert capped["status"] == "error" and "Daily enhancement limit" in capped["status_reason"]
    fake_time.now += 86400  # the next UTC day of the mock clock
    assert uploaded_image(http, image_name="n3")["status"] == "waiting"
    assert http.get(f"/v3/images/{first['image_id']}").json()["status"] == "processed"


def test_images_and_paths_accept_both_slash_forms(http: httpx.Client) -> None:
    resp = http.post("/v3/images", json={"image_name": "noslash"}, headers=A)
    assert resp.status_code == 200
    assert http.get(f"/v3/images/{resp.json()['image_id']}/").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "image_name"),
        ({"image_name": ""}, "image_name"),
        ({"image_name": "x", "order_id": "a/b"}, "order_id"),
        ({"image_name": "x", "ai_version": "9.9"}, "ai_version"),
        ({"image_name": "x", "rating": 6}, "rating"),
    ],
)
def test_bad_input_is_422_naming_the_field(http: httpx.Client, body: dict, field: str) -> None:
    resp = http.post("/v3/images/", json=body, headers=A)
    assert resp.status_code == 422
    assert field in str(resp.json()["detail"]["json"]), resp.text  # a missing field: under _schema, named
