"""Data shared by the tests: one valid order, as the API sends it."""

from __future__ import annotations

from typing import Any

ORDER: dict[str, Any] = {
    "order_id": "o-1",
    "name": "12 Elm St",
    "created_at": "2026-11-30T09:15:00+00:00",
    "last_updated_at": "2026-11-30T09:15:00+00:00",
    "images": [],
    "status": "waiting",
    "is_processing": False,
    "is_merging": False,
    "is_deleted": False,
    "total_images": 0,
}


def order_json(**overrides: Any) -> dict[str, Any]:
    return {**ORDER, **overrides}
