"""Injected faults: statuses with Retry-After, latency, dropped and cut connections, bad bodies."""

from __future__ import annotations

import httpx
import pytest
from autoenhance_mock import FaultError, MockApp, create_app
from autoenhance_mock._faults import parse_fault_option

from tests.mock.helpers import A, create


def add(http: httpx.Client, **fault: object) -> dict:
    resp = http.post("/__mock__/faults", json=fault)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_status_fault_for_the_next_n_requests(http: httpx.Client) -> None:
    add(http, kind="status", status=503, count=2)
    assert [http.get("/v3/orders/", headers=A).status_code for _ in range(3)] == [503, 503, 200]
    assert http.get("/__mock__/faults").json() == {"faults": []}


def test_429_with_retry_after_does_not_carry_the_request_out(http: httpx.Client) -> None:
    add(http, kind="status", status=429, retry_after=3, count=1, operation="create_order")
    resp = http.post("/v3/orders/", json={"order_id": "rl"}, headers=A)
    assert resp.status_code == 429 and resp.headers["retry-after"] == "3"
    assert resp.json()["message"] == "Too Many Requests"
    assert http.get("/v3/orders/rl", headers=A).status_code == 404
    assert http.get("/v3/orders/", headers=A).status_code == 200, "other operations are untouched"


def test_ratio_faults_hit_about_that_share(http: httpx.Client) -> None:
    add(http, kind="status", status=500, ratio=0.5)
    statuses = [http.get("/v3/orders/", headers=A).status_code for _ in range(200)]
    assert 60 < statuses.count(500) < 140
    assert set(statuses) == {200, 500}


def test_latency_fault_is_recorded(http: httpx.Client) -> None:
    add(http, kind="latency", latency_ms=1, count=1)
    assert http.get("/v3/orders/", headers=A).status_code == 200
    assert http.get("/__mock__/requests").json()["requests"][-1]["faults"] == ["latency"]


def test_drop_carries_the_request_out_and_answers_nothing(http: httpx.Client) -> None:
    add(http, kind="drop", count=1)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post("/v3/orders/", json={"order_id": "dropped"}, headers=A)
    assert http.get("/v3/orders/dropped", headers=A).status_code == 200


def test_truncate_cuts_the_body(http: httpx.Client) -> None:
    create(http, order_id="t")
    add(http, kind="truncate", count=1)
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/v3/orders/t", headers=A)


def test_malformed_answers_200_with_a_body_that_is_not_json(http: httpx.Client) -> None:
    add(http, kind="malformed", count=1)
    resp = http.get("/v3/orders/", headers=A)
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    with pytest.raises(ValueError):
        resp.json()


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ({"kind": "boom"}, "kind must be one of"),
        ({"kind": "status", "status": 700}, "status must be between"),
        ({"kind": "status", "count": 0}, "count must be between"),
        ({"kind": "status", "count": 1, "ratio": 0.5}, "not both"),
        ({"kind": "status", "operation": "nope"}, "operation must be"),
        ({"kind": "latency"}, "needs latency_ms"),
        ({"kind": "status", "colour": 1}, "Unknown fault field"),
        ([], "JSON object"),
    ],
)
def test_bad_fault_descriptions_are_refused(http: httpx.Client, fault: object, message: str) -> None:
    resp = http.post("/__mock__/faults", json=fault)
    assert resp.status_code == 400
    assert message in resp.json()["detail"]["fault"]


def test_faults_set_at_start_up() -> None:
    app = create_app(api_keys=["k"], faults=[parse_fault_option("kind=status,status=503,count=1,retry_after=2")])
    assert app.faults.active()[0] | {"id": 0} == {
        "id": 0,
        "kind": "status",
        "status": 503,
        "retry_after": 2,
        "latency_ms": 0.0,
        "count": 1,
        "ratio": None,
        "operation": None,
    }
    with pytest.raises(FaultError, match="name=value"):
        parse_fault_option("kind")


def test_faults_never_touch_the_control_surface(http: httpx.Client, app: MockApp) -> None:
    add(http, kind="status", status=500)
    assert http.get("/__mock__/health").status_code == 200
    assert http.delete("/__mock__/faults").status_code == 200
    assert http.get("/v3/orders/", headers=A).status_code == 200
