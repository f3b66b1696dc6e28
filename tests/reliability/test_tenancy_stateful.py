"""Tenancy under random sequences of operations from several keys (a hypothesis state machine).

A model tracks which key owns which order; after every step, no key observes another key's
order through retrieve, brackets, list, update, process, merge or delete.
"""

from __future__ import annotations

import httpx
from autoenhance_mock import MockServer
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

KEYS = ["tenant-a", "tenant-b", "tenant-c"]
SERVER = MockServer(api_keys=KEYS)


class Tenancy(RuleBasedStateMachine):
    orders = Bundle("orders")

    def __init__(self) -> None:
        super().__init__()
        self.http = httpx.Client(base_url=SERVER.url, timeout=10)
        self.http.post("/__mock__/reset")
        self.owner: dict[tuple[str, str], str] = {}  # (key, order_id) -> name, for live orders

    def teardown(self) -> None:
        self.http.close()

    def h(self, key: str) -> dict[str, str]:
        return {"x-api-key": key}

    @rule(target=orders, key=st.sampled_from(KEYS), order_id=st.sampled_from(["o1", "o2", "o3", "shared"]))
    def create(self, key: str, order_id: str) -> tuple[str, str]:
        resp = self.http.post("/v3/orders/", json={"order_id": order_id, "name": key}, headers=self.h(key))
        if (key, order_id) in self.owner:
            assert resp.status_code == 409
        else:
            assert resp.status_code == 200
            self.owner[(key, order_id)] = key
        return key, order_id

    @rule(ref=orders, actor=st.sampled_from(KEYS))
    def read(self, ref: tuple[str, str], actor: str) -> None:
        _key, order_id = ref
        for path in (f"/v3/orders/{order_id}", f"/v3/orders/{order_id}/brackets"):
            resp = self.http.get(path, headers=self.h(actor))
            assert resp.status_code == (200 if (actor, order_id) in self.owner else 404)
        resp = self.http.get(f"/v3/orders/{order_id}", headers=self.h(actor))
        if resp.status_code == 200:
            assert resp.json()["name"] == actor, "an order of another key was served"

    @rule(ref=orders, actor=st.sampled_from(KEYS), op=st.sampled_from(["update", "process", "merge", "delete"]))
    def write(self, ref: tuple[str, str], actor: str, op: str) -> None:
        _, order_id = ref
        path = f"/v3/orders/{order_id}"
        resp = {
            "update": lambda: self.http.patch(path, json={"name": actor}, headers=self.h(actor)),
            "process": lambda: self.http.post(f"{path}/process", headers=self.h(actor)),
            "merge": lambda: self.http.post(f"{path}/merge", headers=self.h(actor)),
            "delete": lambda: self.http.delete(path, headers=self.h(actor)),
        }[op]()
        mine = (actor, order_id) in self.owner
        assert resp.status_code == ((204 if op == "delete" else 200) if mine else 404)
        if mine and op == "delete":
            del self.owner[(actor, order_id)]

    @invariant()
    def lists_hold_only_own_orders(self) -> None:
        for key in KEYS:
            page = self.http.get("/v3/orders/", params={"per_page": 50}, headers=self.h(key)).json()
            listed = {o["order_id"] for o in page["orders"]}
            assert listed == {oid for (k, oid) in self.owner if k == key}
            assert all(o["name"] == key for o in page["orders"])


Tenancy.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)
)
TestTenancy = Tenancy.TestCase


def setup_module() -> None:
    SERVER.start()


def teardown_module() -> None:
    SERVER.stop()
