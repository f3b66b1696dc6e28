"""The mock's sense of time: the wall clock plus an offset that tests move forward.

Processing (waiting -> processing -> processed) is derived from this clock when an order is
read, so a test advances time through ``/__mock__/clock/advance`` (or passes its own ``source``)
instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache

__all__ = ["Clock", "iso"]


class Clock:
    """Seconds since the epoch, as ``source()`` plus everything ``advance`` added."""

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        return self._source() + self._offset

    def advance(self, seconds: float) -> float:
        """Move time forward (never back: orders' timestamps must stay ordered); return the new now."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0


@lru_cache(maxsize=65_536)
def iso(seconds: float) -> str:
    """RFC 3339 date-time in UTC, the form the generated client writes back unchanged.

    Cached: every list page formats each order's two timestamps again (a third of the mock's
    own time under load, before the cache)."""
    return datetime.fromtimestamp(seconds, UTC).isoformat()
