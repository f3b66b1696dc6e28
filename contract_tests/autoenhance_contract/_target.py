"""The server under test, and the orders this run created on it (so it can delete them after)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx

__all__ = ["CreatedOrders", "Target", "MOCK_KEYS"]

MOCK_KEYS = ("contract-key-a", "contract-key-b")


class CreatedOrders:
    """Order ids this run created, per key. Only these may be changed or deleted on a real server."""

    def __init__(self) -> None:
        self._ids: dict[str, set[str]] = {}
        self._lock = threading.Lock()
        self.total = 0  # every order recorded in this run, deleted or not

    def __repr__(self) -> str:  # keyed by API key: never shown
        return f"<CreatedOrders: {self.count()} pending>"

    def add(self, api_key: str, order_id: str) -> None:
        with self._lock:
            ids = self._ids.setdefault(api_key, set())
            self.total += order_id not in ids
            ids.add(order_id)

    def owns(self, api_key: str, order_id: str) -> bool:
        with self._lock:
            return order_id in self._ids.get(api_key, set())

    def count(self) -> int:
        with self._lock:
            return sum(len(ids) for ids in self._ids.values())

    def delete_all(self, base_url: str, before: Callable[[], None] = lambda: None) -> tuple[int, list[str]]:
        """Delete every order this run created; (deleted, problems). 404 counts as already gone."""
        deleted, problems = 0, []
        with self._lock:
            pending = [(key, order_id) for key, ids in self._ids.items() for order_id in ids]
            self._ids.clear()
        with httpx.Client(base_url=base_url, timeout=30) as http:
            for key, order_id in pending:
                before()
                try:
                    resp = http.delete(f"/v3/orders/{_quote(order_id)}", headers={"x-api-key": key})
                except httpx.HTTPError as exc:
                    problems.append(f"{order_id}: {type(exc).__name__}")
                    continue
                if resp.status_code in (204, 404):
                    deleted += resp.status_code == 204
                else:
                    problems.append(f"{order_id}: {resp.status_code}")
        return deleted, problems


def _quote(order_id: str) -> str:
    return quote(order_id, safe="")


@dataclass
class Target:
    """Where the suite points, with which keys, and how careful it must be."""

    base_url: str
    api_key: str = field(repr=False)
    api_key_2: str | None = field(repr=False)
    bundled: bool  # the mock this run started: nothing there belongs to anyone
    read_only: bool
    created: CreatedOrders = field(default_factory=CreatedOrders)
    sent: int = 0  # requests sent to the target by this process

    @property
    def careful(self) -> bool:
        """On anything but our own mock, touch only what this run created."""
        return not self.bundled
