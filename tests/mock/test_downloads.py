"""Downloads: real images (decoded with Pillow), previews, credits, dev mode, redirect mode, caching."""

from __future__ import annotations

import httpx
import pytest
from autoenhance_mock import MockApp, fingerprint

from tests.mock.helpers import A, B, FakeTime, decode, new_image, photo, put, uploaded_image


def processed(http: httpx.Client, fake_time: FakeTime, data: bytes | None = None, **body: object) -> str:
    image = uploaded_image(http, data, **body)
    fake_time.now += 3
    return str(image["image_id"])


def test_the_default_is_a_watermarked_jpeg_preview_at_most_1024(http: httpx.Client, fake_time: FakeTime) -> None:
    image_id = processed(http, fake_time, photo(2400, 1600))
    resp = http.get(f"/v3/images/{image_id}/enhanced", headers=A)
    assert resp.status_code == 200 and resp.headers["content-type"] == "image/jpeg"
    preview = decode(resp.content)
    assert (preview.format, preview.size) == ("JPEG", (1024, 683))
    full = decode(http.get(f"/v3/images/{image_id}/enhanced", params={"preview": False}, headers=A).content)
    assert full.size == (2400, 1600)
    plain = full.resize(preview.size).convert("L")
    marked = preview.convert("L")
    diff = sum(abs(a - b) for a, b in zip(plain.tobytes(), marked.tobytes(), strict=True)) / (1024 * 683)
    assert diff > 3, "the preview carries a visible watermark the full-size image has not"


@pytest.mark.parametrize(
    ("fmt", "media", "pil"),
    [("jpeg", "image/jpeg", "JPEG"), ("png", "image/png", "PNG"), ("webp", "image/webp", "WEBP")],
)
def test_formats(http: httpx.Client, fake_time: FakeTime, fmt: str, media: str, pil: str) -> None:
    image_id = processed(http, fake_time, photo(640, 480, "PNG"))
    resp = http.get(f"/v3/images/{image_id}/enhanced", params={"format": fmt}, headers=A)
    assert resp.headers["content-type"] == media and int(resp.headers["content-length"]) == len(resp.content)
    assert decode(resp.content).format == pil


def test_width_scale_and_quality(http: httpx.Client, fake_time: FakeTime) -> None:
    image_id = processed(http, fake_time, photo(2000, 1000))
    path = f"/v3/images/{image_id}/enhanced"

    def size(**params: object) -> tuple[int, int]:
        return decode(http.get(path, params={"preview": "false", **params}, headers=A).content).size

    assert size(max_width=500) == (500, 250)
    assert size(scale=0.5) == (1000, 500)
    assert size(scale="0.25", max_width=400) == (400, 200)  # scale first, then max_width
    assert size(max_width=5000) == (2000, 1000)  # never enlarged
    assert size(scale=0) == (1, 1)
    small = http.get(path, params={"preview": "false", "quality": 5}, headers=A).content
    fine = http.get(path, params={"preview": "false", "quality": 90}, headers=A).content
    assert len(small) < len(fine)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"preview": "yes"}, "preview"),
        ({"format": "gif"}, "format"),
        ({"quality": 91}, "quality"),
        ({"scale": 2}, "scale"),
        ({"max_width": 0}, "max_width"),
        ({"scale": "half"}, "scale"),
    ],
)
def test_bad_parameters_are_422_naming_them(http: httpx.Client, params: dict, field: str) -> None:
    image = new_image(http)
    resp = http.get(f"/v3/images/{image['image_id']}/enhanced", params=params, headers=A)
    assert resp.status_code == 422 and field in resp.json()["detail"]["query"]


def test_not_processed_is_404_naming_the_state(http: httpx.Client, fake_time: FakeTime) -> None:
    image = new_image(http)
    path = f"/v3/images/{image['image_id']}"
    resp = http.get(f"{path}/enhanced", headers=A)
    assert resp.status_code == 404 and "'waiting'" in resp.json()["detail"]["id"]
    assert "not uploaded" in http.get(f"{path}/original").json()["detail"]["id"]
    put(http, image["upload_url"], photo())
    assert "'processing'" in http.get(f"{path}/enhanced", headers=A).json()["detail"]["id"]
    assert http.get(f"{path}/original").status_code == 200  # the original is there as soon as uploaded
    http.post("/__mock__/images/fail", json={"image_id": image["image_id"], "reason": "Blurred."})
    assert "'error' (Blurred.)" in http.get(f"{path}/enhanced", headers=A).json()["detail"]["id"]
    assert http.get("/v3/images/unknown/enhanced", headers=A).status_code == 404


def test_the_first_full_size_download_costs_one_credit_once(http: httpx.Client, fake_time: FakeTime) -> None:
    image_id = processed(http, fake_time)
    path = f"/v3/images/{image_id}"
    http.post("/__mock__/credits", json={"api_key": "key-a", "credits": 2})
    for _ in range(3):
        assert http.get(f"{path}/enhanced", headers=A).status_code == 200  # previews are free
    assert http.get(f"{path}", headers=A).json()["downloaded"] is False
    for _ in range(3):
        assert http.get(f"{path}/enhanced", params={"preview": "false"}, headers=A).status_code == 200
    assert http.get(f"{path}", headers=A).json()["downloaded"] is True
    credits = http.get("/__mock__/credits").json()["credits"]
    assert sorted(credits.values()) == [1, 100]  # key-a spent one; key-b has the default


def test_a_second_upload_is_a_new_original_whose_full_size_download_costs_again(
    http: httpx.Client, fake_time: FakeTime
) -> None:
    image = uploaded_image(http, photo(64, 64))
    fake_time.now += 3
    path = f"/v3/images/{image['image_id']}"
    http.post("/__mock__/credits", json={"api_key": "key-a", "credits": 2})
    assert http.get(f"{path}/enhanced", params={"preview": "false"}, headers=A).status_code == 200
    assert http.get(path, headers=A).json()["downloaded"] is True
    assert put(http, image["upload_url"], photo(80, 60)).status_code == 200
    assert http.get(path, headers=A).json()["downloaded"] is False
    fake_time.now += 3
    full = http.get(f"{path}/enhanced", params={"preview": "false"}, headers=A)
    assert full.status_code == 200 and decode(full.content).size == (80, 60)
    assert http.get(path, headers=A).json()["downloaded"] is True
    assert http.get("/__mock__/credits").json()["credits"][fingerprint("key-a")] == 0  # one per original
    assert http.get(f"{path}/enhanced", params={"preview": "false"}, headers=A).status_code == 200  # then free


def test_no_credit_left_is_402_and_dev_mode_is_free_and_watermarked(http: httpx.Client, fake_time: FakeTime) -> None:
    image_id = processed(http, fake_time, photo(1600, 1200))
    path = f"/v3/images/{image_id}/enhanced"
    http.post("/__mock__/credits", json={"api_key": "key-a", "credits": 0})
    resp = http.get(path, params={"preview": "false"}, headers=A)
    assert resp.status_code == 402 and resp.json()["detail"]["credits"].startswith("No credit left")
    dev = http.get(path, params={"preview": "false"}, headers={**A, "x-dev-mode": "true"})
    assert dev.status_code == 200 and decode(dev.content).size == (1600, 1200)
    assert http.get(f"/v3/images/{image_id}", headers=A).json()["downloaded"] is False
    full_marked = decode(dev.content)
    http.post("/__mock__/credits", json={"api_key": "key-a", "credits": 1})
    full = decode(http.get(path, params={"preview": "false"}, headers=A).content)
    assert full_marked.convert("L").tobytes() != full.convert("L").tobytes()
    assert http.get(path, params={"preview": "false"}, headers={**A, "x-dev-mode": "no"}).status_code == 422


def test_original_renders_the_upload_without_enhancement(http: httpx.Client, fake_time: FakeTime) -> None:
    image_id = processed(http, fake_time, photo(1500, 1000, "PNG"))
    path = f"/v3/images/{image_id}"
    original = http.get(f"{path}/original", params={"format": "png"})  # keyless: like retrieve
    assert decode(original.content).size == (1500, 1000)
    preview = decode(http.get(f"{path}/original", params={"preview": "true"}, headers=A).content)
    assert max(preview.size) == 1024
    assert http.get(f"{path}/original", headers=B).status_code == 404
    assert http.get(f"{path}/original", headers={"x-api-key": "bad"}).status_code == 401
    enhanced = decode(http.get(f"{path}/enhanced", params={"preview": "false", "format": "png"}, headers=A).content)
    assert enhanced.convert("RGB").tobytes() != decode(original.content).convert("RGB").tobytes()


def test_an_undecodable_original_renders_a_placeholder(http: httpx.Client, fake_time: FakeTime) -> None:
    image_id = processed(http, fake_time, b"II*\0 pretend this is a camera RAW (CR2) file")
    for sub, params in (("enhanced", {"preview": "false"}), ("original", {"format": "webp"})):
        resp = http.get(f"/v3/images/{image_id}/{sub}", params=params, headers=A)
        assert resp.status_code == 200 and decode(resp.content).size == (1200, 800)


def test_a_seeded_processed_image_downloads_a_placeholder(http: httpx.Client) -> None:
    seeded = http.post(
        "/__mock__/seed",
        json={
            "api_key": "key-a",
            "orders": [{"order_id": "s", "images": [{"image_id": "img-s", "status": "processed"}]}],
        },
    )
    assert seeded.status_code == 200
    assert decode(http.get("/v3/images/img-s/enhanced", headers=A).content).format == "JPEG"


def test_repeated_downloads_are_rendered_once(http: httpx.Client, fake_time: FakeTime, app: MockApp) -> None:
    image_id = processed(http, fake_time)
    before = app.store.renders.renders
    bodies = {
        http.get(f"/v3/images/{image_id}/enhanced", params={"format": "png"}, headers=A).content for _ in range(5)
    }
    assert len(bodies) == 1 and app.store.renders.renders == before + 1


def test_redirect_mode_answers_302_to_an_asset_without_a_key(http: httpx.Client, fake_time: FakeTime, server) -> None:
    image_id = processed(http, fake_time, photo(800, 600))
    http.post("/__mock__/credits", json={"api_key": "key-a", "credits": 1})
    assert http.post("/__mock__/settings", json={"redirect_downloads": True}).json()["redirect_downloads"] is True
    resp = http.get(f"/v3/images/{image_id}/enhanced", params={"preview": "false", "format": "png"}, headers=A)
    assert resp.status_code == 302 and resp.content == b""
    location = resp.headers["location"]
    assert location.startswith(f"{server.url}/__assets__/")
    assert sorted(http.get("/__mock__/credits").json()["credits"].values()) == [0, 100]  # charged at the API call
    with httpx.Client(trust_env=False) as plain:
        asset = plain.get(location)
        assert asset.status_code == 200 and asset.headers["content-type"] == "image/png"
        assert decode(asset.content).size == (800, 600)
        assert plain.get(location).status_code == 200  # fetching again costs nothing and needs no credit
        fake_time.now += 3600
        expired = plain.get(location)
        assert expired.status_code == 403 and "Request has expired" in expired.text
        assert plain.post(location).status_code == 405
        assert plain.get(location[:-2] + "00").status_code == 403
    followed = http.get(f"/v3/images/{image_id}/original", headers=A, follow_redirects=True)
    assert followed.status_code == 200 and decode(followed.content).size == (800, 600)


def test_an_asset_of_a_deleted_image_is_no_such_key(http: httpx.Client, fake_time: FakeTime) -> None:
    image_id = processed(http, fake_time)
    http.post("/__mock__/settings", json={"redirect_downloads": True})
    location = http.get(f"/v3/images/{image_id}/enhanced", headers=A).headers["location"]
    http.delete(f"/v3/images/{image_id}", headers=A)
    resp = http.get(location)
    assert resp.status_code == 404 and "<Code>NoSuchKey</Code>" in resp.text
