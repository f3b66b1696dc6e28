"""Which session the suite runs with: set up by the plugin, made on first use.

Kept apart from ``_session`` so that the plugin, loaded into every pytest run where the suite is
installed, imports nothing heavy (the SDK, schemathesis) until the suite's own tests are collected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._session import Session

__all__ = ["configure", "current", "started"]

_factory: list[Callable[[], Session]] = []
_current: list[Session] = []


def configure(factory: Callable[[], Session] | None) -> None:
    """Set (or, with None, forget) how the session is made; it is made on first use."""
    _factory.clear()
    _current.clear()
    if factory is not None:
        _factory.append(factory)


def started() -> bool:
    return bool(_current)


def current() -> Session:
    if not _current:
        if not _factory:
            raise RuntimeError("the contract suite runs under pytest: `pytest --pyargs autoenhance_contract`")
        _current.append(_factory[0]())
    return _current[0]
