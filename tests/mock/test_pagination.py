"""Opaque offset tokens: a walk meets every order exactly once, even while orders are created."""

from __future__ import annotations

import httpx

from tests.mock.helpers import A, B, create


def walk(http: httpx.Client, per_page: int, headers: dict[str, str] = A, during=None) -> list[str]:
    seen: list[str] = []
    offset = None
    pages = 0
    while True:
        params: dict[str, object] = {"per_page": per_page}
        if offset is not None:
            params["offset"] = offset
        resp = http.get("/v3/orders/", params=params, headers=headers)
        assert resp.status_code == 200, resp.text
        page = resp.json()
        seen += [o["order_id"] for o in page["orders"]]
        offset = page["pagination"]["next_offset"]
        pages += 1
        if during:
            during(pages)
        if offset is None:
            return seen


def test_full_walk_yields_every_order_once_newest_first(http: httpx.Client) -> None:
    ids = [create(http, order_id=f"w{i:03d}")["order_id"] for i in range(23)]
    assert walk(http, per_page=5) == ids[::-1]


def test_walk_while_orders_are_created_and_deleted(http: httpx.Client) -> None:
    before = [create(http, order_id=f"p{i:03d}")["order_id"] for i in range(30)]

    def meanwhile(page: int) -> None:
        create(http, order_id=f"new{page}")  # newer than every cursor: never shifts the walk
        if page == 2:
            http.delete("/v3/orders/p005", headers=A)  # a deleted order simply is not met

    seen = walk(http, per_page=4, during=meanwhile)
    assert len(seen) == len(set(seen)), "no order is met twice"
    expected = [i for i in before[::-1] if i != "p005"]
    assert [i for i in seen if i.startswith("p")] == expected
    assert all(i.startswith("p") for i in seen), "orders created after the walk started are not inserted"


def test_malformed_offset_is_422(http: httpx.Client) -> None:
    for bad in ("nonsense", "b2Zmc2V0OjE3", "x" * 300):
        resp = http.get("/v3/orders/", params={"offset": bad}, headers=A)
        assert resp.status_code == 422
        assert list(resp.json()["detail"]["query"]) == ["offset"]


def test_offset_of_another_key_is_422(http: httpx.Client) -> None:
    for i in range(3):
        create(http, order_id=f"k{i}")
    token = http.get("/v3/orders/", params={"per_page": 1}, headers=A).json()["pagination"]["next_offset"]
    resp = http.get("/v3/orders/", params={"offset": token}, headers=B)
    assert resp.status_code == 422
    assert "another API key" in resp.json()["detail"]["query"]["offset"][0]


def test_forged_offset_is_422(http: httpx.Client) -> None:
    import base64

    for i in range(3):
        create(http, order_id=f"f{i}")
    token = http.get("/v3/orders/", params={"per_page": 1}, headers=A).json()["pagination"]["next_offset"]
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    seq, owner, sig = raw.split(".")
    forged = base64.urlsafe_b64encode(f"{int(seq) + 1}.{owner}.{sig}".encode()).decode().rstrip("=")
    assert http.get("/v3/orders/", params={"offset": forged}, headers=A).status_code == 422
