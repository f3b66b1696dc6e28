"""Deprecation warnings that point at the user's line, however the SDK was entered.

A fixed ``stacklevel`` is right for one path only: a call through ``with_raw_response`` adds a
frame, an async method a coroutine step. So the level is counted: the first frame outside this
package is the caller's (Python 3.12's ``skip_file_prefixes`` does the same; we support 3.11).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import os
import sys
import warnings
from collections.abc import Callable
from typing import ParamSpec, TypeVar

__all__ = ["deprecated", "mark_coroutine_function", "warn_deprecated"]

P = ParamSpec("P")
R = TypeVar("R")
_PACKAGE = os.path.dirname(os.path.abspath(__file__)) + os.sep


F = TypeVar("F", bound=Callable[..., object])


def mark_coroutine_function(function: F) -> F:
    """Let a plain function that returns a coroutine pass as a coroutine function, so that
    ``inspect.iscoroutinefunction`` and ``unittest.mock.create_autospec`` treat it as async."""
    if sys.version_info >= (3, 12):  # pragma: no cover - the project's CI runs 3.11
        return inspect.markcoroutinefunction(function)  # type: ignore[no-any-return,unused-ignore]
    function._is_coroutine = asyncio.coroutines._is_coroutine  # type: ignore[attr-defined]  # what 3.11 reads
    return function


def warn_deprecated(message: str) -> None:
    """Warn, attributing the warning to the nearest frame outside the SDK."""
    frame = sys._getframe(1)
    level = 2
    while frame.f_back is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    warnings.warn(message, DeprecationWarning, stacklevel=level)


def deprecated(message: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a method deprecated: it warns when called, before its body runs (for an async
    method, when the coroutine is made, so the caller's line is still on the stack)."""

    def mark(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def warned(*args: P.args, **kwargs: P.kwargs) -> R:
            warn_deprecated(message)
            return method(*args, **kwargs)

        return mark_coroutine_function(warned) if inspect.iscoroutinefunction(method) else warned

    return mark
