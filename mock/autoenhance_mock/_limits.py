"""The provider's two limits on new images, on the mock's clock.

- Over ``same_name_per_hour`` (30) ``create_image`` calls with one ``image_name`` in an hour, per
  account, the next is 429 with ``Retry-After``: the seconds until the oldest of them leaves the hour.
- A daily enhancement cap (500 per account) per UTC day of the mock clock: an image that would
  start enhancing beyond it is put in ``error`` with a ``status_reason`` saying so.

Both are called under the store's lock, so they need none of their own.
"""

from __future__ import annotations

import math
from collections import deque

__all__ = ["DailyCap", "NameRate"]

HOUR = 3600.0
DAY = 86400.0
_PRUNE_AT = 10_000  # distinct (account, name) pairs kept before the stale ones are dropped


class NameRate:
    """A sliding hour of create_image calls per (account, image_name)."""

    def __init__(self) -> None:
        self._calls: dict[tuple[str, str], deque[float]] = {}

    def hit(self, owner: str, name: str, now: float, limit: int) -> int | None:
        """Count a call at ``now``; or, over ``limit``, count nothing and return Retry-After (s)."""
        calls = self._calls.setdefault((owner, name), deque())
        while calls and calls[0] <= now - HOUR:
            calls.popleft()
        if len(calls) >= limit:
            oldest = calls[0] if calls else now
            return max(1, math.ceil(oldest + HOUR - now))
        calls.append(now)
        if len(self._calls) > _PRUNE_AT:
            self._calls = {k: v for k, v in self._calls.items() if v and v[-1] > now - HOUR}
        return None

    def reset(self) -> None:
        self._calls.clear()


class DailyCap:
    """Images started per account and UTC day; only the current day of each account is kept."""

    def __init__(self) -> None:
        self._days: dict[str, tuple[int, int]] = {}  # owner -> (day number, images started)

    def admit(self, owner: str, moment: float, cap: int) -> str | None:
        """Count one image starting at ``moment``; or, at the cap, the reason it may not."""
        day = int(moment // DAY)
        seen_day, count = self._days.get(owner, (day, 0))
        if seen_day != day:
            count = 0
        if count >= cap:
            return f"Daily enhancement limit reached: {cap} images per day for this account; try again tomorrow (UTC)."
        self._days[owner] = (day, count + 1)
        return None

    def reset(self) -> None:
        self._days.clear()
