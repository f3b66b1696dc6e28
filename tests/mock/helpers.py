"""Helpers for the mock server's tests: the two tenants' keys and headers, a hand-driven wall
clock, and a shortcut to create an order.

Import from here (``from tests.mock.helpers import ...``); ``conftest.py`` holds fixtures only.
"""

from __future__ import annotations

import httpx

__all__ = ["KEY_A", "KEY_B", "A", "B", "key", "FakeTime", "create"]

KEY_A, KEY_B = "key-a", "key-b"
"""The API keys of the session server's two tenants."""


def key(k: str) -> dict[str, str]:
    """The request headers that authenticate with API key ``k``."""
    return {"x-api-key": k}


A, B = key(KEY_A), key(KEY_B)
"""Request headers for tenant A and tenant B."""


class FakeTime:
    """A wall clock that only moves when a test says so (set ``now``)."""

    def __init__(self) -> None:
        self.now = 1_796_000_000.0

    def __call__(self) -> float:
        return self.now


def create(http: httpx.Client, headers: dict[str, str] = A, **body: object) -> dict[str, object]:
    """Create an order as tenant A (or ``headers``) with ``body``; assert it succeeded and return its JSON."""
    resp = http.post("/v3/orders/", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    data: dict[str, object] = resp.json()
    return data
