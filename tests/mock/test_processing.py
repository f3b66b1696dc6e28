"""process and merge move an order waiting -> processing -> processed over the mock's clock."""

from __future__ import annotations

import httpx
from autoenhance_mock import MockApp

from tests.mock.helpers import A, FakeTime, create


def seed(http: httpx.Client, **order: object) -> dict:
    resp = http.post("/__mock__/seed", json={"api_key": "key-a", "orders": [order]})
    assert resp.status_code == 200, resp.text
    return resp.json()["orders"][0]


def brackets(n: int, **meta: object) -> list[dict]:
    return [{"bracket_id": f"br-{i}", "name": f"IMG_{i:04d}.CR2", "metadata": dict(meta)} for i in range(n)]


def test_process_runs_through_grouping_and_enhancing(http: httpx.Client, fake_time: FakeTime) -> None:
    seed(http, order_id="hdr", brackets=brackets(6))
    resp = http.post(
        "/v3/orders/hdr/process", json={"number_of_brackets_per_image": 3, "enhance_type": "warm"}, headers=A
    )
    assert resp.status_code == 200
    order = resp.json()
    # images.md: while grouping, the order shows is_merging true and no images
    assert (order["status"], order["is_processing"], order["is_merging"]) == ("processing", True, True)
    assert order["images"] == []

    fake_time.now += 2  # grouping done: two images, being enhanced
    order = http.get("/v3/orders/hdr", headers=A).json()
    assert order["status"] == "processing" and order["total_images"] == 2
    assert (order["is_processing"], order["is_merging"]) == (True, False)
    assert {i["status"] for i in order["images"]} == {"processing"}
    assert {i["enhance_type"] for i in order["images"]} == {"warm"}
    assert order["images"][0]["metadata"] == {"bracket_ids": ["br-0", "br-1", "br-2"]}

    fake_time.now += 3
    order = http.get("/v3/orders/hdr", headers=A).json()
    assert (order["status"], order["is_processing"]) == ("processed", False)
    assert {i["status"] for i in order["images"]} == {"processed"}


def test_merge_sets_is_merging_and_groups_automatically(http: httpx.Client, fake_time: FakeTime) -> None:
    seed(http, order_id="m", brackets=[*brackets(2, group="kitchen"), {"bracket_id": "solo", "name": "x.jpg"}])
    order = http.post("/v3/orders/m/merge", headers=A).json()
    assert (order["is_processing"], order["is_merging"]) == (True, True)
    fake_time.now += 10
    order = http.get("/v3/orders/m", headers=A).json()
    assert order["is_merging"] is False and order["status"] == "processed"
    assert sorted(len(i["metadata"]["bracket_ids"]) for i in order["images"]) == [1, 2]


def test_explicit_grouping_with_unknown_brackets_gives_an_image_in_error(
    http: httpx.Client, fake_time: FakeTime
) -> None:
    seed(http, order_id="e", brackets=brackets(2))
    body = {"images": [{"bracket_ids": ["br-0", "br-1"]}, {"bracket_ids": ["ghost"]}]}
    assert http.post("/v3/orders/e/process", json=body, headers=A).status_code == 200
    fake_time.now += 5
    order = http.get("/v3/orders/e", headers=A).json()
    assert order["status"] == "processed"  # images.md: all finished, at least one processed
    statuses = sorted((i["status"], i["status_reason"] or "") for i in order["images"])
    assert statuses[0][0] == "error" and "ghost" in statuses[0][1]
    assert statuses[1] == ("processed", "")


def test_an_order_whose_images_all_fail_is_in_error(http: httpx.Client, fake_time: FakeTime) -> None:
    create(http, order_id="bad")
    body = {"images": [{"bracket_ids": ["ghost"]}, {"bracket_ids": ["phantom"]}]}
    assert http.post("/v3/orders/bad/process", json=body, headers=A).status_code == 200
    fake_time.now += 2
    order = http.get("/v3/orders/bad", headers=A).json()
    assert (order["status"], order["is_processing"], order["total_images"]) == ("error", False, 2)


def test_processing_an_order_without_brackets_finishes_empty(http: httpx.Client, fake_time: FakeTime) -> None:
    create(http, order_id="empty")
    http.post("/v3/orders/empty/process", json={}, headers=A)
    fake_time.now += 5
    order = http.get("/v3/orders/empty", headers=A).json()
    assert (order["status"], order["total_images"], order["is_processing"]) == ("processed", 0, False)


def test_a_second_process_call_while_running_changes_nothing(http: httpx.Client, fake_time: FakeTime) -> None:
    seed(http, order_id="twice", brackets=brackets(1))
    first = http.post("/v3/orders/twice/process", headers=A).json()
    fake_time.now += 1
    second = http.post("/v3/orders/twice/process", json={"enhance_type": "modern"}, headers=A).json()
    assert second == first


def test_clock_advance_through_the_control_surface(http: httpx.Client, app: MockApp) -> None:
    seed(http, order_id="ctl", brackets=brackets(1))
    http.post("/v3/orders/ctl/process", headers=A)
    resp = http.post("/__mock__/clock/advance", json={"seconds": 5})
    assert resp.status_code == 200 and resp.json()["epoch"] == app.clock.now()
    assert http.get("/v3/orders/ctl", headers=A).json()["status"] == "processed"


def test_brackets_and_sorting_of_seeded_images(http: httpx.Client) -> None:
    images = [
        {"image_name": "b-kitchen", "date_added": 2000, "status": "processed"},
        {"image_name": "a-hall", "date_added": 3000, "status": "processed"},
        {"image_name": "c-garden", "date_added": 1000, "status": "error", "status_reason": "blurred"},
    ]
    seed(http, order_id="s", status="processed", images=images, brackets=brackets(2))
    got = http.get("/v3/orders/s/brackets", headers=A).json()["brackets"]
    assert [b["bracket_id"] for b in got] == ["br-0", "br-1"] and {b["order_id"] for b in got} == {"s"}
    names = {
        key: [
            i["image_name"]
            for i in http.get("/v3/orders/s", params={"sort_images_by": key}, headers=A).json()["images"]
        ]
        for key in ("name", "-name", "date_added", "-date_added", "custom")
    }
    assert names["name"] == ["a-hall", "b-kitchen", "c-garden"]
    assert names["-name"] == names["name"][::-1]
    assert names["date_added"] == ["c-garden", "b-kitchen", "a-hall"]
    assert names["-date_added"] == names["date_added"][::-1]
    assert names["custom"] == ["b-kitchen", "a-hall", "c-garden"]
