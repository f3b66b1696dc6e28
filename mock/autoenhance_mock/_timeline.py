"""When which order next changes on the clock: what lets webhooks fire without a read.

The store puts an order here whenever its next due moment changes; ``due(now)`` pops the orders
whose moment has come. The webhook thread's poll settles just those, so a webhook does not wait
for a client to read the order, and nothing settles orders that have nothing due. A stale entry
(an order deleted, or settled by a read before its moment) costs one lookup when it is popped.
"""

from __future__ import annotations

import heapq
import itertools

__all__ = ["Timeline"]


class Timeline:
    """A heap of (moment, order); not locked: the store calls it under its own lock."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, str, str]] = []
        self._seq = itertools.count()

    def __len__(self) -> int:
        return len(self._heap)

    def add(self, moment: float, owner: str, order_id: str) -> None:
        heapq.heappush(self._heap, (moment, next(self._seq), owner, order_id))

    def next_moment(self) -> float | None:
        return self._heap[0][0] if self._heap else None

    def due(self, now: float) -> list[tuple[str, str]]:
        """Pop every (owner, order_id) due by ``now``, each once, earliest first."""
        found: dict[tuple[str, str], None] = {}
        while self._heap and self._heap[0][0] <= now:
            _, _, owner, order_id = heapq.heappop(self._heap)
            found[(owner, order_id)] = None
        return list(found)

    def clear(self) -> None:
        self._heap.clear()
