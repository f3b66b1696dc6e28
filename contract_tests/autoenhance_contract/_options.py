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

__all__ = [
    "DEV_MODE",
    "OPTIONS",
    "Option",
    "api_version",
    "credit_operations",
    "flag_of",
    "mutating_operations",
    "operation_ids",
    "operations",
    "path_resources",
]

DEV_MODE = "x-dev-mode"  # the header that runs a paid download without spending a credit
_METHODS = ("get", "put", "post", "delete", "patch")


@cache
def _document() -> dict[str, Any]:
    from autoenhance_mock import spec_path  # the mock carries the spec; loaded only when asked

    with spec_path().open(encoding="utf-8") as fh:
        document: dict[str, Any] = yaml.safe_load(fh)
    return document


def api_version() -> str:
    """The API version the spec describes (``info.x-api-version``): what the suite's SDK clients
    send, whatever ``AUTOENHANCE_API_VERSION`` the caller's environment holds."""
    return str(_document()["info"]["x-api-version"])


@cache
def operations() -> tuple[tuple[str, str, str], ...]:
    """(operationId, METHOD, path) of every operation of the spec, in the spec's order."""
    return tuple(
        (item[m]["operationId"], m.upper(), path)
        for path, item in _document()["paths"].items()
        for m in _METHODS
        if m in item
    )


@cache
def path_resources() -> dict[str, tuple[tuple[str, str], ...]]:
    """operationId -> (path parameter, the collection it is an id of) for each id in its path,
    read from the path itself: ``/v3/images/{id}/enhanced`` -> ``(("id", "images"),)``,
    ``/v3/orders/{order_id}/brackets`` -> ``(("order_id", "orders"),)``."""
    found = {}
    for operation, _, path in operations():
        segments = path.strip("/").split("/")
        found[operation] = tuple(
            (segment[1:-1], segments[index - 1])
            for index, segment in enumerate(segments)
            if index and segment.startswith("{") and segment.endswith("}")
        )
    return found


def _parameters(path: str, method: str) -> list[dict[str, Any]]:
    document = _document()
    item = document["paths"][path]
    found = []
    for parameter in item.get("parameters", []) + item[method.lower()].get("parameters", []):
        if "$ref" in parameter:
            parameter = document["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        found.append(parameter)
    return found


@cache
def credit_operations() -> frozenset[str]:
    """Operations that can spend the account's credits: those the spec lets take ``x-dev-mode``
    (the full-size enhanced download). On a real server, without --allow-credits, the suite sends
    every request to them with ``x-dev-mode: true``."""
    return frozenset(
        operation
        for operation, method, path in operations()
        if any(p["in"] == "header" and p["name"].lower() == DEV_MODE for p in _parameters(path, method))
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
    Option(
        "allow-credits",
        "let full-size downloads spend the account's credits on a real server (default: every enhanced "
        "download is sent with x-dev-mode: true, which spends none; the bundled mock's credits are free)",
        "flag",
    ),
    Option("include", "check only this operation (repeatable)", "append", metavar="OPERATION", choices=True),
    Option("exclude", "never send this operation (repeatable)", "append", metavar="OPERATION", choices=True),
    Option("rate-limit", "at most this many requests to the target, e.g. 10/s, 300/m", _rate, metavar="N/UNIT"),
)


def flag_of(option: Option) -> str:
    return f"--autoenhance-{option.name}"
