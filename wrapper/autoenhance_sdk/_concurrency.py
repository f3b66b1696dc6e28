"""Run one job per item, at most ``limit`` at a time: threads for the sync client, tasks for async.

Each job's exception is kept as its result, so one failed file never stops the others; what
is not an ``Exception`` (Ctrl-C, cancellation) stops the whole batch at once. Results come back
in the items' order.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import threading
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from ._exceptions import InvalidInputError

__all__ = ["BatchStopped", "async_map_bounded", "check_concurrency", "check_stop", "map_bounded"]

T = TypeVar("T")
R = TypeVar("R")
MAX_CONCURRENCY = 64


def check_concurrency(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CONCURRENCY:
        raise InvalidInputError(f"concurrency must be a whole number from 1 to {MAX_CONCURRENCY}, got {value!r}.")
    return value


_STOP: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar("autoenhance_batch_stop", default=None)


class BatchStopped(BaseException):
    """Raised in a worker thread whose batch was interrupted (Ctrl-C in the thread that waits):
    not an ``Exception``, so nothing on the way mistakes it for one file's failure."""


def check_stop() -> None:
    """Stop a worker's transfer at its next chunk once its batch was interrupted."""
    stop = _STOP.get()
    if stop is not None and stop.is_set():
        raise BatchStopped


def map_bounded(job: Callable[[T], R], items: Sequence[T], limit: int) -> list[R | Exception]:
    if limit == 1 or len(items) <= 1:
        return [_run(job, item) for item in items]
    stop = threading.Event()

    def stoppable(item: T) -> R | Exception:
        _STOP.set(stop)
        return _run(job, item)

    pool = concurrent.futures.ThreadPoolExecutor(min(limit, len(items)), "autoenhance-batch")
    try:
        futures = [pool.submit(contextvars.copy_context().run, stoppable, item) for item in items]
        results = [future.result() for future in futures]
    except BaseException:
        # Ctrl-C: jobs not started are dropped, running transfers stop at their next chunk
        # (their temporary files removed); the caller gets the interrupt now, not after them
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return results


def _run(job: Callable[[T], R], item: T) -> R | Exception:
    try:
        return job(item)
    except Exception as exc:
        return exc


async def async_map_bounded(job: Callable[[T], Awaitable[R]], items: Sequence[T], limit: int) -> list[R | Exception]:
    gate = asyncio.Semaphore(limit)

    async def run(item: T) -> R | Exception:
        async with gate:
            try:
                return await job(item)
            except Exception as exc:
                return exc

    return list(await asyncio.gather(*(run(item) for item in items)))
