"""Every request the mock received, with its verdict against the spec.

A client's tests read it (``GET /__mock__/requests``) to check what the client actually sent:
which operation, whether it was valid, and if not, each problem by location and field. The API
key is never stored; a short fingerprint stands in for it. Reading the log is not logged, so a
reader paging through it reaches its end.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Entry", "RequestLog"]


@dataclass
class Entry:
    seq: int
    time: float
    method: str
    path: str
    query: str
    operation: str | None
    key: str | None  # fingerprint of the x-api-key sent, never the key
    verdict: str  # "valid", "invalid", "unknown-path", "method-not-allowed", "control", "error" (the mock failed)
    problems: dict[str, Any] = field(default_factory=dict)
    status: int = 0
    faults: list[str] = field(default_factory=list)
    duration_ms: float = 0.0


class RequestLog:
    """A bounded, thread-safe log: the oldest entries go first when it is full."""

    def __init__(self, size: int = 10_000) -> None:
        self._entries: deque[Entry] = deque(maxlen=size)
        self._seq = 0
        self._lock = threading.Lock()

    def next_seq(self) -> int:
        with self._lock:
            self._seq += 1
            return self._seq

    def append(self, entry: Entry) -> None:
        with self._lock:
            self._entries.append(entry)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def since(self, seq: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """The entries after ``seq``, oldest first; with ``limit``, the first ``limit`` of them, so
        a reader pages through the log by passing the last ``seq`` it saw. ``limit`` is 1 or more:
        a slice by a negative or zero limit would drop entries from the end, or keep them all."""
        if limit is not None and limit < 1:
            raise ValueError(f"limit is 1 or more, or None for all the entries; got {limit}")
        with self._lock:
            picked = [e for e in self._entries if e.seq > seq][:limit]
            return [asdict(e) for e in picked]
