"""When to retry, and how long to wait first.

Retried: connection errors, timeouts, 408, 429 and 5xx. The wait is ``0.5 s * 2**n`` capped at
8 s, less up to 25 % jitter; a ``Retry-After`` (or ``retry-after-ms``) header replaces it when it
is no longer than ``max_retry_after``, and a longer one is not waited for at all.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from ._constants import INITIAL_RETRY_DELAY, MAX_RETRY_DELAY

__all__ = ["RetryTiming", "is_retryable_status", "parse_retry_after"]


def is_retryable_status(status: int) -> bool:
    return status in (408, 429) or status >= 500


def parse_retry_after(headers: httpx.Headers, now: float) -> float | None:
    """Seconds to wait as the server asked, from ``retry-after-ms`` or ``Retry-After``; None if absent."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        return max(0.0, float(email.utils.mktime_tz(parsed)) - now)


@dataclass(frozen=True)
class RetryTiming:
    """Backoff with injectable randomness, so tests know every wait in advance."""

    jitter: Callable[[], float]  # uniform in [0, 1)
    max_retry_after: float

    def backoff(self, retries_done: int) -> float:
        base: float = min(INITIAL_RETRY_DELAY * 2.0**retries_done, MAX_RETRY_DELAY)
        return base * (1 - 0.25 * self.jitter())

    def delay(self, retries_done: int, retry_after: float | None) -> float | None:
        """How long to wait before the next try; None when the server asked for more than the cap."""
        if retry_after is None:
            return self.backoff(retries_done)
        if retry_after > self.max_retry_after:
            return None
        return retry_after
