"""The one seam to the generated layer: each operation's HTTP request, as the generator builds it.

The generated endpoint modules (``autoenhance_api.api.<tag>.<operation_id>``) own the paths,
the percent-encoding of path ids and the query and body serialization, and expose it through a
private ``_get_kwargs`` that returns an untyped dict. Nothing else in the SDK touches that:
it asks here for a typed ``Endpoint``, so a generator upgrade that changes the private shape is
fixed in this module alone. Endpoint modules are found by operation id and imported on first use.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from functools import cache
from typing import Any

import autoenhance_api.api

__all__ = ["Endpoint", "endpoint", "operation_ids"]


class Endpoint:
    """One operation's request, ready to send to a base URL. Read-only by convention: made on
    every call, so a plain class with slots (a frozen dataclass costs a ``object.__setattr__``
    per field)."""

    __slots__ = ("headers", "json", "method", "operation", "params", "path")

    def __init__(
        self,
        operation: str,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.operation = operation  # the spec's operationId
        self.method = method  # upper case
        self.path = path  # path ids already percent-encoded
        self.params: Mapping[str, Any] = params or {}
        self.json = json  # the JSON body, or None for no body
        self.headers: Mapping[str, str] = headers or {}

    def _fields(self) -> tuple[Any, ...]:
        return (self.operation, self.method, self.path, self.params, self.json, self.headers)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Endpoint) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # equal by (mutable) value

    def __repr__(self) -> str:
        return "Endpoint({!r}, {!r}, {!r}, params={!r}, json={!r}, headers={!r})".format(*self._fields())


@cache
def _modules() -> dict[str, str]:
    """operationId -> the generated module that builds its request (one package per tag)."""
    found: dict[str, str] = {}
    for tag in pkgutil.iter_modules(autoenhance_api.api.__path__):
        package = importlib.import_module(f"{autoenhance_api.api.__name__}.{tag.name}")
        for module in pkgutil.iter_modules(package.__path__):
            found[module.name] = f"{package.__name__}.{module.name}"
    return found


def operation_ids() -> frozenset[str]:
    """Every operation the generated layer has (the spec's, when it is up to date)."""
    return frozenset(_modules())


@cache
def _module(operation: str) -> Any:
    try:
        return importlib.import_module(_modules()[operation])
    except KeyError:
        known = ", ".join(sorted(_modules()))
        raise LookupError(
            f"the generated client has no operation {operation!r}: a typo (it has {known}), "
            "or a spec operation not generated yet (run scripts/generate.py)"
        ) from None


def endpoint(operation: str, *path: str, **arguments: object) -> Endpoint:
    """The request of ``operation`` for these path ids and keyword arguments (generated models)."""
    built: dict[str, Any] = _module(operation)._get_kwargs(*path, **arguments)
    return Endpoint(
        operation,
        str(built["method"]).upper(),
        str(built["url"]),
        built.get("params"),
        built.get("json"),
        built.get("headers"),
    )
