"""When ``orders.wait()`` stops polling, and how long it waits between polls."""

from __future__ import annotations

import math

import httpx
from autoenhance_api.models import OrderOut

from ._exceptions import APIConnectionError, APIError, APIStatusError, InvalidInputError
from ._retry import is_retryable_status
from ._types import NOT_GIVEN, NotGiven

__all__ = [
    "check_wait_args",
    "is_finished",
    "never_started",
    "poll_delay",
    "poll_timeout_for",
    "status_text",
    "worth_polling_again",
]

FINISHED = ("processed", "error")
MAX_POLL_INTERVAL = 15.0
MIN_POLL_TIMEOUT = 1.0


def is_finished(order: OrderOut) -> bool:
    """Processed or failed, and no job running. ``status`` may be an enum member or a plain str.

    A null status (the provider's examples show one) with nothing in flight is finished too: no
    job runs, so no poll would ever see anything else.
    """
    status = status_text(order)
    in_flight = order.is_processing or order.is_merging
    return not in_flight and (status in FINISHED or status is None)


def status_text(order: OrderOut) -> object:
    """``'processing'``, not ``<OrderStatus.PROCESSING: 'processing'>``, for messages."""
    return getattr(order.status, "value", order.status)


def never_started(order: OrderOut) -> bool:
    """``waiting`` with nothing in flight: no poll will ever see it finish.

    The API marks an order ``is_processing`` in the answer to process/merge itself, so an order
    still like this on a poll after them was never sent for processing.
    """
    return status_text(order) == "waiting" and not order.is_processing and not order.is_merging


def poll_delay(poll_interval: float, polls_done: int, remaining: float, retry_after: float | None = None) -> float:
    """Backoff x1.5 per poll up to 15 s (or the server's Retry-After), never past the deadline."""
    delay = min(poll_interval * 1.5**polls_done, MAX_POLL_INTERVAL)
    return max(0.0, min(max(delay, retry_after or 0.0), remaining))


def worth_polling_again(error: APIError) -> bool:
    """What a retry would retry: no answer, or 408, 429, 5xx."""
    if isinstance(error, APIConnectionError):
        return True
    return isinstance(error, APIStatusError) and is_retryable_status(error.status_code)


def poll_timeout_for(left: float, client_timeout: httpx.Timeout) -> float | NotGiven:
    """The timeout of one poll: the client's, unless less than that is left of the wait (at
    least a second, so a poll near the deadline can still be answered)."""
    longest = max(t for t in (client_timeout.read, client_timeout.connect) if t is not None)
    return max(left, MIN_POLL_TIMEOUT) if left < longest else NOT_GIVEN


def check_wait_args(timeout: object, poll_interval: object) -> tuple[float, float]:
    for name, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
            raise InvalidInputError(f"{name} must be a positive number of seconds, got {value!r}.")
    return float(timeout), float(poll_interval)  # type: ignore[arg-type]
