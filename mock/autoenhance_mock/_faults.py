"""Faults injected on purpose, so clients can be tested against a server that misbehaves.

A fault applies to the next ``count`` matching requests, or to a ``ratio`` of them, or (neither
given) to every matching request until cleared. It matches the requests of its ``operation``:
an operationId, or ``upload`` (PUTs to ``/__uploads__/``) or ``asset`` (fetches of
``/__assets__/``), the storage URLs outside the spec. Without ``operation`` it matches every
request, storage ones included; never the control surface. Kinds:

- ``status``: answer ``status`` (e.g. 429, 500, 503), and ``Retry-After`` when ``retry_after`` is
  set; the request is not carried out (an upload's bytes are read and thrown away, not stored).
  The API answers an HTTPError body; storage answers S3's XML error (``storage_fault_error``:
  503 ``SlowDown``, 500 ``InternalError``, ...).
- ``latency``: wait ``latency_ms`` before handling (combines with the other kinds).
- ``drop``: carry the request out, then close the connection without answering.
- ``truncate``: carry it out, announce the full body, send half of it, close the connection. An
  answer with no body (an upload's 200, a redirect) has nothing to cut: it is closed as ``drop``.
- ``malformed``: carry it out, then answer 200 with a body that is not what it claims: for the
  API, JSON cut inside a string; for an asset, the first half of the file (or of its XML error)
  announced as the whole, under its own content type. Uploads never take it: their 200 has no body
  a client reads, so there is nothing to mangle; a malformed fault without ``operation`` is left
  for the next API call or asset, and ``operation: "upload"`` with it is refused.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["KINDS", "STORAGE_OPERATIONS", "Fault", "FaultBoard", "FaultError", "parse_fault_option"]

KINDS = ("status", "latency", "drop", "truncate", "malformed")
STORAGE_OPERATIONS = ("upload", "asset")  # what ``operation`` names the storage URLs by
_NOT_TAKEN = {"upload": frozenset({"malformed"})}  # kinds that never apply to these requests
_FIELDS = {"kind", "status", "retry_after", "latency_ms", "count", "ratio", "operation"}


class FaultError(ValueError):
    """A fault description that cannot be used; the message says which field and why."""


@dataclass
class Fault:
    id: int
    kind: str
    status: int = 503
    retry_after: int | None = None
    latency_ms: float = 0.0
    count: int | None = None  # how many more matching requests it applies to; None = no limit
    ratio: float | None = None
    operation: str | None = None  # an operationId, "upload" or "asset"; None = every request

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _number(data: dict[str, Any], name: str, kind: type, low: float, high: float) -> Any:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = kind(value)
        except (TypeError, ValueError):
            raise FaultError(f"{name} must be a number, got {value!r}.") from None
    if kind is int and value != int(value):
        raise FaultError(f"{name} must be a whole number, got {value!r}.")
    if not low <= value <= high:
        raise FaultError(f"{name} must be between {low:g} and {high:g}, got {value!r}.")
    return kind(value)


def build_fault(fault_id: int, data: Any, operations: set[str]) -> Fault:
    """Validate a fault description (JSON from the control surface or a --fault option)."""
    if not isinstance(data, dict):
        raise FaultError('A fault is a JSON object such as {"kind": "status", "status": 503}.')
    unknown = set(data) - _FIELDS
    if unknown:
        raise FaultError(f"Unknown fault field(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(_FIELDS))}.")
    kind = data.get("kind")
    if kind not in KINDS:
        raise FaultError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}.")
    operation = data.get("operation")
    if operation is not None and operation not in operations:
        names = ", ".join(sorted(operations))
        raise FaultError(
            f"operation must be an operationId, or upload or asset for the storage URLs ({names}), got {operation!r}."
        )
    if kind in _NOT_TAKEN.get(operation or "", ()):
        raise FaultError(f"A {kind} fault cannot apply to {operation}: its 200 has no body to mangle.")
    count = _number(data, "count", int, 1, 1_000_000)
    ratio = _number(data, "ratio", float, 0.0, 1.0)
    if count is not None and ratio is not None:
        raise FaultError("Give count or ratio, not both.")
    status = _number(data, "status", int, 100, 599)
    latency = _number(data, "latency_ms", float, 0, 600_000)
    if kind == "latency" and latency is None:
        raise FaultError("A latency fault needs latency_ms.")
    return Fault(
        id=fault_id,
        kind=kind,
        status=503 if status is None else status,
        retry_after=_number(data, "retry_after", int, 0, 86_400),
        latency_ms=latency or 0.0,
        count=count,
        ratio=ratio,
        operation=operation,
    )


def parse_fault_option(text: str) -> dict[str, Any]:
    """``kind=status,status=503,count=2`` (the --fault command-line form) as a dict."""
    data: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise FaultError(f"Expected name=value in --fault, got {part!r}.")
        data[name.strip()] = value.strip()
    return data


class FaultBoard:
    """The active faults; ``take`` decides which apply to one request and uses them up."""

    def __init__(self, operations: set[str], seed: int | None = None) -> None:
        self._operations = set(operations) | set(STORAGE_OPERATIONS)
        self._faults: list[Fault] = []
        self._next_id = 1
        self._lock = threading.Lock()
        self._random = random.Random(seed)

    def add(self, data: Any) -> Fault:
        with self._lock:
            fault = build_fault(self._next_id, data, self._operations)
            self._next_id += 1
            self._faults.append(fault)
            return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def remove(self, fault_id: int) -> bool:
        """Clear one fault by its id; False if no active fault has it."""
        with self._lock:
            kept = [f for f in self._faults if f.id != fault_id]
            found, self._faults[:] = len(kept) != len(self._faults), kept
        return found

    def active(self) -> list[dict[str, Any]]:
        with self._lock:
            return [f.to_json() for f in self._faults]

    def take(self, operation: str | None) -> list[Fault]:
        """The faults that hit this request (at most one of each kind), oldest first.

        ``operation`` is the request's operationId, or ``upload`` / ``asset`` for storage."""
        if not self._faults:  # the common case costs no lock
            return []
        skipped = _NOT_TAKEN.get(operation or "", frozenset())
        hit: list[Fault] = []
        with self._lock:
            for fault in list(self._faults):
                if fault.operation is not None and fault.operation != operation:
                    continue
                if fault.kind in skipped:
                    continue
                if any(h.kind == fault.kind for h in hit):
                    continue
                if fault.ratio is not None and self._random.random() >= fault.ratio:
                    continue
                hit.append(fault)
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
        return hit
