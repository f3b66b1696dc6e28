"""The suite's options, declared once: ``autoenhance-contract --NAME`` and pytest ``--autoenhance-NAME``.

Under a service's own pytest the options carry the ``autoenhance-`` prefix, so they cannot clash
with the service's (or pytest-base-url's ``--base-url``).
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

__all__ = ["OPTIONS", "Option", "flag_of", "mutating_operations", "operation_ids", "operations"]


@cache
def operations() -> tuple[tuple[str, str, str], ...]:
    """(operationId, METHOD, path) of every operation of the spec, in the spec's order."""
    from autoenhance_mock import spec_path  # the mock carries the spec; loaded only when asked

    with spec_path().open(encoding="utf-8") as fh:
        document = yaml.safe_load(fh)
    methods = ("get", "put", "post", "delete", "patch")
    return tuple(
        (item[m]["operationId"], m.upper(), path)
        for path, item in document["paths"].items()
        for m in methods
        if m in item
    )


def operation_ids() -> tuple[str, ...]:
    """Every operationId of the spec, in the spec's order: what --include/--exclude take."""
    return tuple(op for op, _, _ in operations())


def mutating_operations() -> frozenset[str]:
    """Operations that change or remove something that already exists: a write method on a path
    that names it (``PATCH /v3/orders/{id}``; not a create on the collection). On a real server
    the suite lets these touch only what it created itself."""
    return frozenset(op for op, method, path in operations() if method != "GET" and "{" in path)


@dataclass(frozen=True)
class Option:
    name: str
    help: str
    type: Any = str  # str, int, "flag" or "append"
    default: Any = None
    env: str | None = None
    metavar: str | None = None
    choices: bool = False  # takes an operationId

    def kwargs(self, choices: bool = True) -> dict[str, Any]:
        """argparse / pytest ``addoption`` keywords (the two accept the same); ``choices=False``
        leaves operationIds unchecked (pytest: checked when the suite starts, not at every start)."""
        if self.type == "flag":
            return {"action": "store_true", "help": self.help}
        kwargs: dict[str, Any] = {"help": self.help, "metavar": self.metavar or self.name.split("-")[-1].upper()}
        if self.choices and choices:
            kwargs["choices"] = operation_ids()
        if self.type == "append":
            kwargs.update(action="append", default=[])
        else:
            kwargs.update(type=self.type, default=os.environ.get(self.env) if self.env else self.default)
        return kwargs


def _rate(value: str) -> str:
    number, _, unit = value.partition("/")
    if not number.isdigit() or int(number) < 1 or unit not in ("s", "m", "h"):
        raise argparse.ArgumentTypeError(f"expected N/s, N/m or N/h (e.g. 10/s), got {value!r}")
    return value


OPTIONS = (
    Option("base-url", "server to check (default: start the bundled mock on a free loopback port)", metavar="URL"),
    Option("api-key", "the account's key (default: $AUTOENHANCE_API_KEY)", env="AUTOENHANCE_API_KEY", metavar="KEY"),
    Option(
        "api-key-2",
        "a second account's key, for the tenancy checks (default: $AUTOENHANCE_API_KEY_2)",
        env="AUTOENHANCE_API_KEY_2",
        metavar="KEY",
    ),
    Option("max-examples", "schemathesis cases per operation and phase (default 25)", int, 25, metavar="N"),
    Option("walk-orders", "orders created for the pagination walk (default 250)", int, 250, metavar="N"),
    Option("seed", "seed for schemathesis and hypothesis, to replay a run exactly", int, metavar="N"),
    Option("read-only", "send no request that could change anything (GET only)", "flag"),
    Option("include", "check only this operation (repeatable)", "append", metavar="OPERATION", choices=True),
    Option("exclude", "never send this operation (repeatable)", "append", metavar="OPERATION", choices=True),
    Option("rate-limit", "at most this many requests to the target, e.g. 10/s, 300/m", _rate, metavar="N/UNIT"),
)


def flag_of(option: Option) -> str:
    return f"--autoenhance-{option.name}"
