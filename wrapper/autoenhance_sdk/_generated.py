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
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import autoenhance_api.api

__all__ = ["Endpoint", "endpoint", "operation_ids"]


@dataclass(frozen=True)
class Endpoint:
    """One operation's request, ready to send to a base URL."""

    operation: str  # the spec's operationId
    method: str  # upper case
    path: str  # path ids already percent-encoded
    params: Mapping[str, Any] = field(default_factory=dict)
    json: Any = None  # the JSON body, or None for no body
    headers: Mapping[str, str] = field(default_factory=dict)


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
        operation=operation,
        method=str(built["method"]).upper(),
        path=str(built["url"]),
        params=built.get("params") or {},
        json=built.get("json"),
        headers=built.get("headers") or {},
    )
