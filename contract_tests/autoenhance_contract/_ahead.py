"""Uploads started when the run starts, for the tests that wait for their processing.

A server takes time to process an upload (the mock seconds by default, a real server up to
minutes), and a test that uploads, then waits, waits that long once per test. Instead, a test
marked ``@ahead(plan)`` names the set-up it will need (making an order, uploading into it,
asking for processing: no waiting); before the first test runs, the set-ups of every test about
to run are sent, together, and each test then takes its own (``take``) and waits: the servers'
processing times overlap, with each other and with the tests before.

A set-up sent ahead is the one the test would send itself, through the same SDK, counted and
recorded for the clean-up alike; the test still makes every check: what a set-up asserts or
raises is re-raised in the test that takes it. A test whose set-up was not sent ahead (its
selection skips it, a pytest-xdist worker, a test run twice) runs it itself, as before.
All set-ups have finished before the first test starts: nothing is sent behind a test's back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

import pytest

__all__ = ["Ahead", "Setups", "ahead"]

T = TypeVar("T")
Setups = dict[str, Callable[[], Any]]  # a test's set-ups, by the key it takes each under
Plan = Callable[[dict[str, Any]], Setups]
F = TypeVar("F", bound=Callable[..., Any])

WORKERS = 8  # set-ups sent at once
_PLAN = "_autoenhance_contract_ahead"


def ahead(plan: Plan) -> Callable[[F], F]:
    """Mark a test whose set-ups can be sent ahead. ``plan(params)`` (the test's parameters)
    answers each set-up by the key the test takes it under; a skip it raises (the test's own
    ``skip_unless``) means the test will skip: nothing is sent for it. Tests may plan under one
    key: each takes one of its set-ups."""

    def mark(test: F) -> F:
        setattr(test, _PLAN, plan)
        return test

    return mark


class Ahead:
    """The set-ups sent ahead, by key, until their tests take them."""

    def __init__(self) -> None:
        self._sent: dict[str, list[Future[Any]]] = {}
        self._lock = threading.Lock()

    def start(self, items: Iterable[pytest.Item]) -> int:
        """Send the set-ups of these tests (those marked with ``ahead`` and not to be skipped),
        at most WORKERS at once; return once all have answered (or failed). How many were sent."""
        setups: list[tuple[str, Callable[[], Any]]] = []
        for item in items:
            plan = getattr(getattr(item, "function", None), _PLAN, None)
            if plan is None:
                continue
            callspec = getattr(item, "callspec", None)
            try:
                setups += plan(dict(callspec.params) if callspec is not None else {}).items()
            except pytest.skip.Exception:
                continue
        if not setups:
            return 0
        pool = ThreadPoolExecutor(max_workers=min(WORKERS, len(setups)), thread_name_prefix="contract-ahead")
        try:
            futures = [(key, pool.submit(setup)) for key, setup in setups]
            wait(f for _, f in futures)
        finally:
            # on Ctrl-C: what has not begun is not sent; what has, finishes (and is recorded for the clean-up)
            pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for key, future in futures:
                if not future.cancelled():
                    self._sent.setdefault(key, []).append(future)
        return len(futures)

    def take(self, key: str, setup: Callable[[], T]) -> T:
        """What a set-up sent ahead under ``key`` answered (its error re-raised here), each once
        (tests that need the same set-up plan one each); else ``setup()``, run now."""
        with self._lock:
            sent = self._sent.get(key)
            future = sent.pop(0) if sent else None
        if future is None:
            return setup()
        return future.result()  # type: ignore[no-any-return]
