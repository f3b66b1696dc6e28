"""The /__mock__/ control surface: reset, seed, state, request log with verdicts, faults."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from autoenhance_mock import InProcessTransport, MockApp, create_app, fingerprint
from autoenhance_mock._handlers import Call
from autoenhance_mock._responses import Reply
from autoenhance_mock._spec import load_spec

from tests.mock.helpers import KEY_A, A, FakeTime, create


def test_health_and_openapi(http: httpx.Client) -> None:
    assert http.get("/__mock__/health").json() == {"status": "ok", "operations": len(load_spec().operations)}
    assert http.get("/__mock__/openapi.json").json()["info"]["title"] == load_spec().document["info"]["title"]


def test_reset_forgets_everything(http: httpx.Client, app: MockApp, fake_time: FakeTime) -> None:
    create(http, order_id="gone")
    http.post("/__mock__/faults", json={"kind": "latency", "latency_ms": 1})
    http.post("/__mock__/clock/advance", json={"seconds": 100})
    assert http.post("/__mock__/reset").json() == {"reset": True}
    assert http.get("/v3/orders/gone", headers=A).status_code == 404
    assert http.get("/__mock__/faults").json() == {"faults": []}
    assert app.clock.now() == fake_time.now
    logged = [r["path"] for r in http.get("/__mock__/requests").json()["requests"]]
    assert logged == ["/__mock__/reset", "/v3/orders/gone", "/__mock__/faults"]


def test_seed_and_state(http: httpx.Client) -> None:
    resp = http.post("/__mock__/seed", json={"orders": [{"order_id": "s1", "name": "Seeded"}, {}], "api_key": KEY_A})
    assert resp.status_code == 200
    seeded = resp.json()["orders"]
    assert seeded[0]["name"] == "Seeded" and seeded[1]["order_id"]
    state = http.get("/__mock__/state").json()["accounts"]
    assert [o["order_id"] for o in state[fingerprint(KEY_A)]] == ["s1", seeded[1]["order_id"]]
    assert KEY_A not in str(state)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"orders": {}}, "orders"),
        ({"orders": [], "api_key": "unknown"}, "api_key"),
        ({"orders": [{"order_id": "a/b"}]}, "orders.0.order_id"),
        ({"orders": [{"name": 3}]}, "orders.0.name"),
        ({"orders": [{"colour": 3}]}, "orders.0"),
        ({"orders": [{"images": [{"rating": 9}]}]}, "orders.0.images.0"),
        ({"orders": [{"brackets": "x"}]}, "orders.0.brackets"),
    ],
)
def test_seed_errors_name_the_field_and_seed_nothing(http: httpx.Client, body: dict, field: str) -> None:
    body = {"api_key": KEY_A, **body}
    resp = http.post("/__mock__/seed", json=body)
    assert resp.status_code == 400
    assert field in resp.json()["detail"]
    assert http.get("/__mock__/state").json()["accounts"] in ({}, {fingerprint(KEY_A): []})


def test_seed_with_a_taken_id_is_409_and_atomic(http: httpx.Client) -> None:
    create(http, order_id="taken")
    resp = http.post("/__mock__/seed", json={"api_key": KEY_A, "orders": [{"order_id": "new"}, {"order_id": "taken"}]})
    assert resp.status_code == 409
    assert http.get("/v3/orders/new", headers=A).status_code == 404


def test_clock_cannot_go_back(http: httpx.Client) -> None:
    for body in ({"seconds": -1}, {"seconds": "5"}, {}):
        assert http.post("/__mock__/clock/advance", json=body).status_code == 400


def test_control_errors(http: httpx.Client) -> None:
    assert http.get("/__mock__/nothing").status_code == 404
    resp = http.put("/__mock__/faults")
    assert resp.status_code == 405 and resp.headers["allow"] == "DELETE, GET, POST"
    assert http.post("/__mock__/seed", content=b"{bad").status_code == 400


def test_request_log_has_verdicts_and_no_keys(http: httpx.Client) -> None:
    http.post("/v3/orders/", json={"name": "ok"}, headers=A)
    http.post("/v3/orders/", json={"name": 5}, headers=A)
    http.get("/v3/orders/", headers={"x-api-key": "secret-wrong-key"})
    http.get("/nowhere")
    http.put("/v3/orders/")
    log = http.get("/__mock__/requests").json()["requests"]
    assert [(r["operation"], r["verdict"], r["status"]) for r in log] == [
        ("create_order", "valid", 200),
        ("create_order", "invalid", 422),
        ("list_orders", "invalid", 401),
        (None, "unknown-path", 404),
        (None, "method-not-allowed", 405),
    ]
    assert log[1]["problems"] == {"json": {"name": ['5 is not of type "string"']}}
    assert log[0]["key"] == fingerprint(KEY_A)
    assert KEY_A not in str(log) and "secret-wrong-key" not in str(log)
    since = http.get("/__mock__/requests", params={"since": log[3]["seq"]}).json()["requests"]
    assert [r["seq"] for r in since] == [log[4]["seq"]]  # reading the log is not logged
    assert http.delete("/__mock__/requests").status_code == 200
    cleared = http.get("/__mock__/requests").json()["requests"]
    assert [(r["method"], r["verdict"]) for r in cleared] == [("DELETE", "control")]  # logged once it cleared


def test_request_log_is_bounded() -> None:
    from autoenhance_mock._requestlog import Entry, RequestLog

    log = RequestLog(size=3)
    for _ in range(5):
        log.append(Entry(log.next_seq(), 0.0, "GET", "/", "", None, None, "valid"))
    assert [e["seq"] for e in log.since()] == [3, 4, 5]
    assert [e["seq"] for e in log.since(3, 1)] == [4]
    for bad in (0, -1):
        with pytest.raises(ValueError, match="limit is 1 or more"):
            log.since(0, bad)


def test_request_log_pages_forward_from_since(http: httpx.Client) -> None:
    for name in "abcde":
        create(http, order_id=name)
    first = http.get("/__mock__/requests", params={"since": 0, "limit": 3}).json()["requests"]
    start = first[0]["seq"]  # the oldest three, not the newest
    assert [r["seq"] for r in first] == [start, start + 1, start + 2]
    assert [r["path"] for r in first] == ["/v3/orders/"] * 3 and first[0]["verdict"] == "valid"
    rest = http.get("/__mock__/requests", params={"since": first[-1]["seq"], "limit": 3}).json()["requests"]
    assert [r["seq"] for r in rest] == [start + 3, start + 4]  # the two other creates; the reads are not logged
    assert [r["verdict"] for r in rest] == ["valid", "valid"]
    assert http.get("/__mock__/requests", params={"since": rest[-1]["seq"]}).json() == {"requests": []}
    http.get("/__mock__/requests/")  # nor with a trailing slash, nor when refused
    http.get("/__mock__/requests", params={"limit": "0"})
    assert http.get("/__mock__/requests", params={"since": rest[-1]["seq"]}).json() == {"requests": []}


def test_other_control_calls_are_logged_as_control(http: httpx.Client) -> None:
    http.get("/__mock__/health")
    http.get("/__mock__/faults/1")
    http.delete("/__mock__/requests/")
    http.post("/__mock__/clock/advance", json={"seconds": 1})
    log = http.get("/__mock__/requests").json()["requests"]
    assert [(r["method"], r["path"], r["verdict"], r["status"]) for r in log] == [
        ("DELETE", "/__mock__/requests/", "control", 200),
        ("POST", "/__mock__/clock/advance", "control", 200),
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": "-5"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "x"}, "limit"),
        ({"limit": ""}, "limit"),
        ({"limit": "1.5"}, "limit"),
        ({"since": "0", "limit": "+3"}, "limit"),
        ({"since": "x", "limit": "3"}, "since"),
        ({"since": "-1"}, "since"),
    ],
)
def test_a_bad_since_or_limit_is_400_naming_it(http: httpx.Client, query: dict[str, str], field: str) -> None:
    create(http, order_id="one")
    resp = http.get("/__mock__/requests", params=query)
    assert resp.status_code == 400, resp.text
    detail = resp.json()["detail"]
    assert list(detail) == [field] and detail[field].startswith(f"{field} is a whole number")


def test_limit_takes_the_first_entries(http: httpx.Client) -> None:
    for name in "abc":
        create(http, order_id=name)
    assert len(http.get("/__mock__/requests", params={"limit": 1}).json()["requests"]) == 1
    assert len(http.get("/__mock__/requests", params={"since": 0}).json()["requests"]) == 3


def test_one_fault_is_cleared_by_its_id(http: httpx.Client) -> None:
    first = http.post("/__mock__/faults", json={"kind": "status", "status": 503}).json()
    second = http.post("/__mock__/faults", json={"kind": "latency", "latency_ms": 1}).json()
    assert http.delete(f"/__mock__/faults/{first['id']}").json() == {"cleared": first["id"]}
    assert [f["id"] for f in http.get("/__mock__/faults").json()["faults"]] == [second["id"]]
    assert http.get("/v3/orders/", headers=A).status_code == 200
    gone = http.delete(f"/__mock__/faults/{first['id']}")
    assert gone.status_code == 404 and "No active fault" in gone.text
    assert http.delete("/__mock__/faults/x").status_code == 404


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH"])
def test_a_fault_by_id_allows_delete_alone(http: httpx.Client, method: str) -> None:
    fault = http.post("/__mock__/faults", json={"kind": "latency", "latency_ms": 1}).json()
    resp = http.request(method, f"/__mock__/faults/{fault['id']}")
    assert resp.status_code == 405 and resp.headers["allow"] == "DELETE"
    assert resp.json() == {"message": "Method Not Allowed", "detail": {"method": "Allowed: DELETE."}}
    assert [f["id"] for f in http.get("/__mock__/faults").json()["faults"]] == [fault["id"]]
    assert http.get("/__mock__/faults/1/more").status_code == 404  # no such control endpoint


def _crash(call: Call) -> Reply:
    raise KeyError("id")


@pytest.fixture
def crashing() -> Iterator[httpx.Client]:
    """An app whose list_orders handler raises, and whose state dump does too."""
    app = create_app(api_keys=["k"])
    app.handlers["list_orders"] = _crash

    def broken_dump() -> Any:
        raise RuntimeError("state is broken")

    app.store.dump = broken_dump  # type: ignore[method-assign]
    with httpx.Client(transport=InProcessTransport(app), base_url="http://mock") as client:
        yield client


def test_a_crashing_handler_answers_a_json_500_and_is_logged(
    crashing: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="autoenhance_mock"):
        resp = crashing.get("/v3/orders/", headers={"x-api-key": "k"})
    assert resp.status_code == 500 and resp.headers["content-type"] == "application/json"
    body = resp.json()
    assert body["message"] == "Internal Server Error" and list(body["detail"]) == ["mock"]
    assert "KeyError: 'id'" in body["detail"]["mock"]
    assert "Traceback" in caplog.text and "KeyError: 'id'" in caplog.text
    log = crashing.get("/__mock__/requests").json()["requests"]
    assert [(r["operation"], r["verdict"], r["status"], r["problems"]) for r in log] == [
        ("list_orders", "error", 500, {"mock": ["KeyError: 'id'"]})
    ]
    assert crashing.get("/v3/orders/x", headers={"x-api-key": "k"}).status_code == 404  # still serving


def test_a_crash_is_not_mangled_by_a_fault(crashing: httpx.Client) -> None:
    assert crashing.post("/__mock__/faults", json={"kind": "malformed", "count": 1}).status_code == 200
    resp = crashing.get("/v3/orders/", headers={"x-api-key": "k"})
    assert resp.status_code == 500 and resp.json()["message"] == "Internal Server Error"
    entry = crashing.get("/__mock__/requests").json()["requests"][-1]
    assert (entry["verdict"], entry["faults"]) == ("error", ["malformed"])


def test_a_crashing_control_call_answers_a_json_500_and_is_logged(crashing: httpx.Client) -> None:
    resp = crashing.get("/__mock__/state")
    assert resp.status_code == 500
    assert resp.json()["detail"] == {
        "mock": "The mock failed on this request (RuntimeError: state is broken); its log has the traceback."
    }
    (entry,) = crashing.get("/__mock__/requests").json()["requests"]
    assert (entry["path"], entry["verdict"], entry["status"]) == ("/__mock__/state", "error", 500)


def test_index_lists_every_control_endpoint(http: httpx.Client) -> None:
    endpoints = http.get("/__mock__/").json()["endpoints"]
    assert endpoints["/__mock__/faults"] == ["DELETE", "GET", "POST"]
    assert endpoints["/__mock__/faults/{id}"] == ["DELETE"]
    assert {"/__mock__/health", "/__mock__/reset", "/__mock__/seed", "/__mock__/requests"} <= set(endpoints)
    for path, methods in endpoints.items():
        if "GET" in methods and "{" not in path:
            assert http.get(path).status_code == 200, path
