"""Credits per account: what a first full-size download costs (images.md: one credit each).

An account starts with the ``credits`` setting (100 unless changed) the first time it is asked
about; the control surface sets a balance. Previews and ``x-dev-mode`` downloads cost nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

__all__ = ["Credits"]


class Credits:
    """Thread-safe balances by account fingerprint; an unknown account has the starting amount."""

    def __init__(self, starting: Callable[[], int]) -> None:
        self._starting = starting
        self._balances: dict[str, int] = {}
        self._lock = threading.Lock()

    def balance(self, owner: str) -> int:
        with self._lock:
            return self._balances.get(owner, self._starting())

    def set(self, owner: str, amount: int) -> int:
        with self._lock:
            self._balances[owner] = amount
            return amount

    def take(self, owner: str) -> bool:
        """Spend one credit of ``owner``; False (and nothing spent) when none is left."""
        with self._lock:
            left = self._balances.get(owner, self._starting())
            if left <= 0:
                return False
            self._balances[owner] = left - 1
            return True

    def reset(self) -> None:
        with self._lock:
            self._balances.clear()
