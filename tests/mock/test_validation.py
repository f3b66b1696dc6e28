"""Requests that break the spec get the documented 4xx with a message naming the field."""

from __future__ import annotations

import httpx
import pytest

from tests.mock.helpers import A, create

JSON = {**A, "content-type": "application/json"}


def test_malformed_json_is_400(http: httpx.Client) -> None:
    for body in (b"{bad", b'{"name": "x"', b"NaN", b'{"name": "\xff"}', b"[" * 100_000):
        resp = http.post("/v3/orders/", content=body, headers=JSON)
        assert resp.status_code == 400, body[:20]
        assert resp.json()["message"] == "Bad Request" and "json" in resp.json()["detail"]


def test_wrong_content_type_is_415(http: httpx.Client) -> None:
    for ctype in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {**A, "content-type": ctype} if ctype else A
        resp = http.post("/v3/orders/", content=b'{"name": "x"}', headers=headers)
        assert resp.status_code == 415
        assert "content-type" in resp.json()["detail"]
    ok = http.post(
        "/v3/orders/",
        content=b'{"name": "x"}',
        headers={**A, "content-type": "application/json; charset=utf-8"},
    )
    assert ok.status_code == 200


def test_oversized_body_is_413(http: httpx.Client) -> None:
    big = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'
    assert http.post("/v3/orders/", content=big, headers=JSON).status_code == 413


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x" * 256}, "name"),
        ({"name": 5}, "name"),
        ({"order_id": ""}, "order_id"),
        ({"order_id": "a/b"}, "order_id"),
        ({"order_id": ".."}, "order_id"),
        ({"order_id": "x" * 129}, "order_id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_create_body_violations_name_the_field(http: httpx.Client, body: dict, field: str) -> None:
    resp = http.post("/v3/orders/", json=body, headers=A)
    assert resp.status_code == 422
    assert resp.json()["message"] == "Validation error"
    assert field in resp.json()["detail"]["json"]
    assert http.get("/v3/orders/", headers=A).json()["orders"] == [], "nothing was created"


def test_nested_body_violations_name_the_path(http: httpx.Client) -> None:
    create(http, order_id="n")
    body = {"images": [{"bracket_ids": []}], "enhance_type": "sepia", "number_of_brackets_per_image": -1}
    detail = http.post("/v3/orders/n/process", json=body, headers=A).json()["detail"]["json"]
    assert set(detail) == {"images.0.bracket_ids", "enhance_type", "number_of_brackets_per_image"}


def test_a_json_body_that_is_not_an_object_is_422(http: httpx.Client) -> None:
    for body in (b"[]", b'"x"', b"null", b"3"):
        resp = http.post("/v3/orders/", content=body, headers=JSON)
        assert resp.status_code == 422, body


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/v3/orders/a%2Fb", "does not match"),
        ("/v3/orders/" + "x" * 129, "longer than 128"),
        ("/v3/orders/%2E%2E", "not allowed"),
        ("/v3/orders/%FF", "Not UTF-8"),
    ],
)
def test_ids_breaking_the_id_rules_are_422_on_the_path(http: httpx.Client, path: str, why: str) -> None:
    resp = http.get(path, headers=A)
    assert resp.status_code == 422
    assert why in resp.json()["detail"]["path"]["id"][0]


def test_query_problems_name_the_parameter(http: httpx.Client) -> None:
    cases = {
        "per_page=0": "per_page",
        "per_page=abc": "per_page",
        "per_page=1&per_page=2": "per_page",
        "offset=": "offset",
    }
    for query, name in cases.items():
        resp = http.get(f"/v3/orders/?{query}", headers=A)
        assert resp.status_code == 422, query
        assert list(resp.json()["detail"]["query"]) == [name]
    create(http, order_id="s")
    resp = http.get("/v3/orders/s?sort_images_by=size", headers=A)
    assert resp.status_code == 422 and "sort_images_by" in resp.json()["detail"]["query"]


def test_api_version_header_is_accepted(http: httpx.Client) -> None:
    assert http.get("/v3/orders/", headers={**A, "x-api-version": "2025-01-01"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/v3/orders/", "GET, POST"),
        ("/v3/orders/x", "DELETE, GET, PATCH"),
        ("/v3/orders/x/process", "POST"),
        ("/v3/orders/x/merge", "POST"),
        ("/v3/orders/x/brackets", "GET"),
    ],
)
def test_unknown_method_is_405_with_allow(http: httpx.Client, path: str, allowed: str) -> None:
    for method in ("PUT", "TRACE", "OPTIONS", "HEAD", "PATCH", "DELETE", "POST", "GET"):
        if method in allowed:
            continue
        resp = http.request(method, path, headers=A)
        assert resp.status_code == 405, (method, path)
        assert resp.headers["allow"] == allowed


def test_unknown_path_is_404(http: httpx.Client) -> None:
    for path in ("/", "/v2/orders/", "/v3/orders/x/y/z", "/v3/orders/x/unknown"):
        resp = http.get(path, headers=A)
        assert resp.status_code == 404 and resp.json()["message"] == "Not Found"
