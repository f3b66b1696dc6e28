"""Small shared types: the "not given" sentinel and the accepted timeout forms."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final, TypeAlias

import httpx

__all__ = ["NOT_GIVEN", "NO_API_VERSION", "AsyncSleep", "NoAPIVersion", "NotGiven", "Sleep", "TimeoutTypes"]


class NotGiven:
    """Marks an argument that was not passed, so that "not given" differs from ``None``.

    A per-call ``timeout=NOT_GIVEN`` means "use the client's"; ``None`` would mean "no timeout",
    which this SDK refuses, since an unbounded wait is never what a service wants by accident.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


class NoAPIVersion:
    """``api_version=NO_API_VERSION``: send no ``x-api-version`` header at all.

    The SDK pins the API version it is written for; ``None`` (the argument's default) means
    "not given": ``AUTOENHANCE_API_VERSION``, else that pin. Without the header the API answers
    as the account's default version, which may be older than the models here describe.
    """

    _instance: NoAPIVersion | None = None

    def __new__(cls) -> NoAPIVersion:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NO_API_VERSION"


NO_API_VERSION: Final = NoAPIVersion()
TimeoutTypes: TypeAlias = float | httpx.Timeout
Sleep: TypeAlias = Callable[[float], None]
AsyncSleep: TypeAlias = Callable[[float], Awaitable[None]]
