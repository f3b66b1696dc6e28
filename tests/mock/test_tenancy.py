"""Every key is its own account; a missing or unknown key is 401 wherever the spec requires one."""

from __future__ import annotations

import hashlib
import re

import httpx
import pytest
from autoenhance_mock import MockApp, create_app, fingerprint

from tests.mock.helpers import KEY_A, A, B, create, new_image, photo, put

# (method, path template, json body) for every operation that takes an order id.
BY_ID = [
    ("GET", "/v3/orders/{id}", None),
    ("PATCH", "/v3/orders/{id}", {"name": "stolen"}),
    ("DELETE", "/v3/orders/{id}", None),
    ("POST", "/v3/orders/{id}/process", {}),
    ("POST", "/v3/orders/{id}/merge", {}),
    ("GET", "/v3/orders/{id}/brackets", None),
]
ALL = [("POST", "/v3/orders/", {}), ("GET", "/v3/orders/", None), *BY_ID]
KEYLESS_OK = {("GET", "/v3/orders/{id}"), ("GET", "/v3/orders/{id}/brackets")}


@pytest.mark.parametrize(("method", "path", "body"), BY_ID, ids=[f"{m} {p}" for m, p, _ in BY_ID])
def test_another_key_never_reaches_the_order(http: httpx.Client, method: str, path: str, body: object) -> None:
    before = create(http, order_id="mine", name="A's order")
    resp = http.request(method, path.format(id="mine"), json=body, headers=B)
    assert resp.status_code == 404, resp.text
    after = http.get("/v3/orders/mine", headers=A).json()
    assert after == before, "B's request changed nothing"


def test_another_key_never_lists_the_order(http: httpx.Client) -> None:
    create(http, order_id="mine")
    assert http.get("/v3/orders/", headers=B).json()["orders"] == []


def test_same_id_in_two_accounts_are_two_orders(http: httpx.Client) -> None:
    create(http, A, order_id="shared", name="A")
    create(http, B, order_id="shared", name="B")
    assert http.get("/v3/orders/shared", headers=A).json()["name"] == "A"
    assert http.get("/v3/orders/shared", headers=B).json()["name"] == "B"
    http.delete("/v3/orders/shared", headers=B)
    assert http.get("/v3/orders/shared", headers=A).json()["name"] == "A"


def test_keyless_reads_any_order_by_id(http: httpx.Client) -> None:
    create(http, order_id="public", name="P")
    assert http.get("/v3/orders/public").json()["name"] == "P"
    assert http.get("/v3/orders/public/brackets").json() == {"brackets": []}


@pytest.mark.parametrize(("method", "path", "body"), ALL, ids=[f"{m} {p}" for m, p, _ in ALL])
def test_unknown_key_is_401_everywhere(http: httpx.Client, method: str, path: str, body: object) -> None:
    create(http, order_id="x")
    for bad in ({"x-api-key": "not-a-key"}, {"x-api-key": ""}):
        resp = http.request(method, path.format(id="x"), json=body, headers=bad)
        assert resp.status_code == 401
        assert resp.json()["message"] == "Unauthorized"
        assert "not-a-key" not in resp.text


@pytest.mark.parametrize(("method", "path", "body"), ALL, ids=[f"{m} {p}" for m, p, _ in ALL])
def test_missing_key(http: httpx.Client, method: str, path: str, body: object) -> None:
    create(http, order_id="x", name="unchanged")
    resp = http.request(method, path.format(id="x"), json=body)
    if (method, path) in KEYLESS_OK:
        assert resp.status_code == 200
    else:
        assert resp.status_code == 401
        assert "x-api-key" in resp.json()["detail"]
    assert http.get("/v3/orders/x", headers=A).json()["name"] == "unchanged"


def test_user_id_is_a_keyed_hash_of_the_account_never_the_key_fingerprint(http: httpx.Client, app: MockApp) -> None:
    image = new_image(http, order_id="u")
    user_id = image["user_id"]
    assert re.fullmatch(r"user-[0-9a-f]{12}", user_id)
    key_hash = hashlib.sha256(KEY_A.encode()).hexdigest()
    assert user_id.removeprefix("user-") not in key_hash and fingerprint(KEY_A) not in user_id
    keyless = http.get(f"/v3/images/{image['image_id']}").json()  # readable without a key: leaks nothing
    assert keyless["user_id"] == user_id
    # Stable per account: every image of A, however made (created, merged from a bracket, seeded).
    made = http.post("/v3/brackets/", json={"order_id": "u", "name": "b.jpg"}, headers=A).json()
    put(http, made["upload_url"], photo(32, 32))
    http.post("/v3/orders/u/process", headers=A)
    app.clock.advance(2)
    seeded = http.post("/__mock__/seed", json={"api_key": KEY_A, "orders": [{"order_id": "s", "images": [{}]}]})
    images = http.get("/v3/orders/u", headers=A).json()["images"] + seeded.json()["orders"][0]["images"]
    assert [i["user_id"] for i in images] == [user_id] * 3
    assert new_image(http, order_id="u")["user_id"] == user_id
    other = new_image(http, B, order_id="theirs")["user_id"]
    assert other != user_id and re.fullmatch(r"user-[0-9a-f]{12}", other)
    app.store.reset()  # the app's secret lives as long as the app: the same id after a reset
    assert new_image(http, order_id="u")["user_id"] == user_id
    # Another mock (another secret) gives the same key another user_id: nothing ties it to the key.
    assert create_app(api_keys=[KEY_A]).store.signer.user_id(fingerprint(KEY_A)) != user_id


def test_an_accounts_user_id_is_made_once_and_never_changes() -> None:
    from autoenhance_mock._signing import Signer

    signer = Signer(b"s" * 32)
    first = signer.user_id("acct-1")
    many = {signer.user_id(f"acct-{n}") for n in range(5000)}  # more than it keeps: it starts over
    assert len(many) == 5000 and signer.user_id("acct-1") == first == Signer(b"s" * 32).user_id("acct-1")
    assert len(signer._user_ids) <= 4096
