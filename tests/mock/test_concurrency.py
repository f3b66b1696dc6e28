"""Racing requests: the store's lock makes each create atomic."""

from __future__ import annotations

import threading

import httpx
from autoenhance_mock import MockServer

from tests.mock.helpers import A


def test_two_creates_racing_for_one_id_give_one_200_and_one_409(server: MockServer, http: httpx.Client) -> None:
    rounds = 40
    results: dict[str, list[int]] = {f"race-{i}": [] for i in range(rounds)}
    barrier = threading.Barrier(2)

    def racer() -> None:
        with httpx.Client(base_url=server.url, headers=A, timeout=10) as client:
            for order_id, statuses in results.items():
                barrier.wait()
                statuses.append(client.post("/v3/orders/", json={"order_id": order_id}).status_code)

    threads = [threading.Thread(target=racer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert all(sorted(statuses) == [200, 409] for statuses in results.values()), results
    listed = []
    offset = None
    while True:
        params = {"per_page": 50, **({"offset": offset} if offset else {})}
        page = http.get("/v3/orders/", params=params, headers=A).json()
        listed += [o["order_id"] for o in page["orders"]]
        offset = page["pagination"]["next_offset"]
        if not offset:
            break
    assert sorted(listed) == sorted(results), "exactly one order per id"
