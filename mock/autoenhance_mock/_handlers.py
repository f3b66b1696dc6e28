"""Which function answers which operation: each handler registers itself where it is written.

A handler module decorates each function with ``@handles("operation_id")``, and ``_operations.py``
imports every handler module, so the registry is complete once the package is imported. Adding an
operation is one decorated function in one module: no hand-kept list can fall behind.

The registry is checked against the spec an app serves when the app is built (``resolve``): a
spec operation with no handler, or a handler named after no operation of the spec (a typo in a
decorator), stops the mock at start-up, rather than answering 500 at request time or never being
called. Two handlers for one name fail at import, where the second one is declared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

from ._responses import Reply
from ._spec import Operation
from ._store import Store

__all__ = ["HANDLERS", "Call", "Handler", "HandlerMismatchError", "HandlerRegistry", "handles"]

GUIDE = 'see "Adding an operation" in mock/README.md'


@dataclass(frozen=True)
class Call:
    """What a handler gets: inputs the app has already checked against the spec.

    ``owner`` is the caller's account (a key fingerprint), or None for a keyless call where the
    spec allows one; ``params`` are the typed parameters (headers by their lower-case names);
    ``body`` is the parsed JSON body, or None when none was sent; ``origin`` is the scheme, host
    and port the client called (URLs the mock hands out, uploads and assets, are on it).
    """

    store: Store
    owner: str | None
    params: dict[str, Any]
    body: Any
    origin: str = "http://127.0.0.1"


Handler = Callable[[Call], Reply]
_H = TypeVar("_H", bound=Handler)


def _name(handler: Handler) -> str:
    return f"{getattr(handler, '__module__', '?')}.{getattr(handler, '__qualname__', repr(handler))}"


class HandlerMismatchError(Exception):
    """The spec an app would serve and the mock's handlers do not match, so the app is not built.

    ``missing`` holds ``(operation_id, method, path)`` for each spec operation without a handler;
    ``unknown`` holds each handler's name that is no operation id of the spec.
    """

    def __init__(self, missing: Iterable[Operation], unknown: Mapping[str, Handler]) -> None:
        self.missing = tuple((op.operation_id, op.method, op.path) for op in missing)
        self.unknown = tuple(unknown)
        lines = []
        described = [f"{op_id!r} ({method} {path})" for op_id, method, path in self.missing]
        if len(described) == 1:
            lines.append(f"the spec's operation {described[0]} has no handler in the mock; add one ({GUIDE})")
        elif described:
            lines.append(
                f"{len(described)} of the spec's operations have no handler in the mock: {', '.join(described)}; "
                f"add one for each ({GUIDE})"
            )
        strays = [f"{name!r} ({_name(handler)})" for name, handler in unknown.items()]
        if len(strays) == 1:
            lines.append(
                f"the mock has a handler for {strays[0]}, but the spec has no operation {self.unknown[0]!r}; "
                "fix the name in its @handles(...), remove it, or serve a spec that has the operation"
            )
        elif strays:
            lines.append(
                f"the mock has handlers for {', '.join(strays)}, but the spec has no such operations; "
                "fix the names in their @handles(...), remove them, or serve a spec that has the operations"
            )
        super().__init__("\n".join(lines))


class HandlerRegistry:
    """Operation ids mapped to handlers, filled by ``handles`` and read through ``view``.

    The mock uses one (``REGISTRY``); tests build their own to try the checks without touching it.
    """

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}
        self.view: Mapping[str, Handler] = MappingProxyType(self._handlers)

    def handles(self, operation_id: str) -> Callable[[_H], _H]:
        """Register the decorated function as the handler of ``operation_id``; return it unchanged."""

        def register(handler: _H) -> _H:
            existing = self._handlers.get(operation_id)
            if existing is not None:
                raise ValueError(
                    f"operation {operation_id!r} is registered twice: {_name(existing)} and {_name(handler)}; keep one"
                )
            self._handlers[operation_id] = handler
            return handler

        return register

    def resolve(self, operations: Iterable[Operation]) -> dict[str, Handler]:
        """The handler of each operation, or ``HandlerMismatchError`` naming every mismatch."""
        ops = tuple(operations)
        ids = {op.operation_id for op in ops}
        missing = [op for op in ops if op.operation_id not in self._handlers]
        unknown = {name: h for name, h in sorted(self._handlers.items()) if name not in ids}
        if missing or unknown:
            raise HandlerMismatchError(missing, unknown)
        return {op.operation_id: self._handlers[op.operation_id] for op in ops}


REGISTRY = HandlerRegistry()
handles = REGISTRY.handles
HANDLERS: Mapping[str, Handler] = REGISTRY.view  # read-only; complete once _operations is imported
