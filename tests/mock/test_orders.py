"""Create, retrieve, update, delete and list behave as the reference and its decisions say."""

from __future__ import annotations

import uuid
from urllib.parse import quote

import httpx

from tests.mock.helpers import A, FakeTime, create


def test_create_with_generated_id_returns_a_new_waiting_order(http: httpx.Client) -> None:
    order = create(http, name="12 Elm St")
    assert uuid.UUID(str(order["order_id"])).version == 4
    assert order["name"] == "12 Elm St"
    assert order["status"] == "waiting"
    assert order["images"] == [] and order["total_images"] == 0
    assert not order["is_processing"] and not order["is_merging"] and not order["is_deleted"]
    assert order["created_at"] == order["last_updated_at"]


def test_create_without_body_and_with_chosen_id(http: httpx.Client) -> None:
    resp = http.post("/v3/orders/", headers=A)
    assert resp.status_code == 200 and resp.json()["name"] is None
    assert create(http, order_id="elm-12")["order_id"] == "elm-12"


def test_duplicate_id_is_409_and_keeps_the_first(http: httpx.Client) -> None:
    create(http, order_id="dup", name="first")
    resp = http.post("/v3/orders/", json={"order_id": "dup", "name": "second"}, headers=A)
    assert resp.status_code == 409
    assert resp.json() == {
        "message": "Conflict",
        "detail": {"order_id": "An order with id 'dup' already exists."},
    }
    assert http.get("/v3/orders/dup", headers=A).json()["name"] == "first"


def test_retrieve_both_path_forms(http: httpx.Client) -> None:
    create(http, order_id="o1")
    assert http.get("/v3/orders/o1", headers=A).json()["order_id"] == "o1"
    assert http.get("/v3/orders/o1/", headers=A).json()["order_id"] == "o1"
    assert http.post("/v3/orders", json={"order_id": "o2"}, headers=A).status_code == 200
    assert http.get("/v3/orders", headers=A).status_code == 200


def test_ids_with_reserved_characters_reach_exactly_their_order(http: httpx.Client) -> None:
    for order_id in ("a?b", "a#b", "100%", "ünï cödé", "a b", "%2e%2e", "..."):
        create(http, order_id=order_id)
        resp = http.get("/v3/orders/" + quote(order_id, safe=""), headers=A)
        assert resp.status_code == 200, (order_id, resp.text)
        assert resp.json()["order_id"] == order_id


def test_update_renames_and_bumps_last_updated(http: httpx.Client, fake_time: FakeTime) -> None:
    order = create(http, order_id="u1", name="old")
    fake_time.now += 60
    resp = http.patch("/v3/orders/u1", json={"name": "new"}, headers=A)
    assert resp.status_code == 200
    updated = resp.json()
    assert updated["name"] == "new"
    assert updated["created_at"] == order["created_at"]
    assert updated["last_updated_at"] > order["last_updated_at"]


def test_update_is_partial(http: httpx.Client) -> None:
    create(http, order_id="u2", name="keep me")
    for body in ({}, {"order_id": "u2"}):
        resp = http.patch("/v3/orders/u2", json=body, headers=A)
        assert resp.status_code == 200 and resp.json()["name"] == "keep me"
    assert http.patch("/v3/orders/u2", headers=A).json()["name"] == "keep me"


def test_update_cannot_change_the_id(http: httpx.Client) -> None:
    create(http, order_id="u3")
    resp = http.patch("/v3/orders/u3", json={"order_id": "other"}, headers=A)
    assert resp.status_code == 422
    assert "order_id" in resp.json()["detail"]["json"]
    assert http.get("/v3/orders/other", headers=A).status_code == 404


def test_update_of_unknown_order_is_404(http: httpx.Client) -> None:
    assert http.patch("/v3/orders/nope", json={"name": "x"}, headers=A).status_code == 404


def test_delete_then_404_everywhere(http: httpx.Client) -> None:
    create(http, order_id="d1")
    resp = http.delete("/v3/orders/d1", headers=A)
    assert resp.status_code == 204 and resp.content == b""
    assert "content-type" not in resp.headers
    assert http.get("/v3/orders/d1", headers=A).status_code == 404
    assert http.get("/v3/orders/d1").status_code == 404
    assert http.delete("/v3/orders/d1", headers=A).status_code == 404
    assert http.get("/v3/orders/d1/brackets", headers=A).status_code == 404
    listed = http.get("/v3/orders/", params={"per_page": 50}, headers=A).json()["orders"]
    assert "d1" not in [o["order_id"] for o in listed]


def test_an_id_can_be_reused_after_delete(http: httpx.Client) -> None:
    create(http, order_id="again", name="one")
    http.delete("/v3/orders/again", headers=A)
    assert create(http, order_id="again", name="two")["name"] == "two"


def test_list_is_newest_first_with_default_page_size(http: httpx.Client, fake_time: FakeTime) -> None:
    for i in range(7):
        fake_time.now += 1
        create(http, order_id=f"l{i}")
    page = http.get("/v3/orders/", headers=A).json()
    assert [o["order_id"] for o in page["orders"]] == ["l6", "l5", "l4", "l3", "l2"]
    assert page["pagination"]["per_page"] == 5
    assert page["pagination"]["next_offset"]


def test_per_page_above_50_is_clamped_and_says_so(http: httpx.Client) -> None:
    for i in range(55):
        create(http, order_id=f"c{i}")
    page = http.get("/v3/orders/", params={"per_page": 1000}, headers=A).json()
    assert page["pagination"]["per_page"] == 50
    assert len(page["orders"]) == 50


def test_last_page_has_null_next_offset(http: httpx.Client) -> None:
    create(http, order_id="only")
    page = http.get("/v3/orders/", params={"per_page": 1}, headers=A).json()
    assert page == {"orders": [page["orders"][0]], "pagination": {"per_page": 1, "next_offset": None}}
    empty = http.get("/v3/orders/", headers={"x-api-key": "key-b"}).json()
    assert empty == {"orders": [], "pagination": {"per_page": 5, "next_offset": None}}
