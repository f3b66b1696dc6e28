"""What ``with_raw_response`` methods return, and the factories that derive them from the public ones.

As in openai-python, the public methods are the real ones (their own names, signatures and
docstrings) and each raw-response method wraps one of them: it marks the call (a context
variable, so threads and tasks do not see each other's marks) and the client, at the end of the
call, returns the whole ``RawResponse`` instead of only the parsed model.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx

from ._deprecation import mark_coroutine_function

__all__ = ["RawResponse", "async_to_raw_response_wrapper", "finish", "to_raw_response_wrapper"]

P = ParamSpec("P")
T = TypeVar("T")
_WANT_RAW: contextvars.ContextVar[bool] = contextvars.ContextVar("autoenhance_want_raw", default=False)


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """The final answer to one call (after any retries)."""

    parsed: T
    http_response: httpx.Response
    attempts: int

    @property
    def status_code(self) -> int:
        """The HTTP status of the final answer."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The headers of the final answer."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The ``x-request-id`` header, when the API sends one."""
        value: str | None = self.http_response.headers.get("x-request-id")
        return value


def finish(raw: RawResponse[T]) -> T:
    """What the public method returns: the parsed model, or everything inside a raw wrapper."""
    return cast(T, raw) if _WANT_RAW.get() else raw.parsed


def _raw_signature(wrapped: Any, method: Callable[..., Any]) -> None:
    """``help()`` and ``inspect.signature`` show ``-> RawResponse[OrderOut]``, as mypy does."""
    signature = inspect.signature(method)
    returned = signature.return_annotation
    name = returned if isinstance(returned, str) else getattr(returned, "__name__", repr(returned))
    wrapped.__signature__ = signature.replace(return_annotation=f"RawResponse[{name}]")


def to_raw_response_wrapper(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """``method`` returning its ``RawResponse``: same name, parameters and docstring."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _WANT_RAW.set(True)
        try:
            return cast(RawResponse[T], method(*args, **kwargs))
        finally:
            _WANT_RAW.reset(token)

    _raw_signature(wrapped, method)
    return wrapped


async def _raw(call: Awaitable[Any]) -> Any:
    token = _WANT_RAW.set(True)
    try:
        return await call
    finally:
        _WANT_RAW.reset(token)


def async_to_raw_response_wrapper(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The async form. The method is called at once (argument errors and deprecation warnings
    come from the caller's line, even under ``asyncio.gather``); its body runs when awaited."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> Awaitable[RawResponse[T]]:
        return cast(Awaitable[RawResponse[T]], _raw(method(*args, **kwargs)))

    _raw_signature(wrapped, method)
    return mark_coroutine_function(wrapped)
