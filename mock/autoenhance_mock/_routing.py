"""Match a raw request path to the spec's path templates.

Segments are split on the *raw* path and then percent-decoded one by one, so an id holding an
encoded ``/`` (``%2F``) stays one segment and is judged by the id rules instead of silently
reaching another route. Every path matches with and without a trailing slash.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from ._spec import Operation

__all__ = ["Match", "Router"]


@dataclass(frozen=True)
class Match:
    operations: dict[str, Operation]  # method -> operation, for the matched path
    values: dict[str, str]  # path parameter -> decoded value
    undecodable: tuple[str, ...] = ()  # path parameters whose bytes are not UTF-8

    @property
    def allow(self) -> str:
        return ", ".join(sorted(self.operations))


class Router:
    def __init__(self, operations: tuple[Operation, ...]) -> None:
        self._templates: dict[tuple[str, ...], dict[str, Operation]] = {}
        for op in operations:
            self._templates.setdefault(op.segments, {})[op.method] = op

    def match(self, raw_path: bytes) -> Match | None:
        parts = raw_path.split(b"/")[1:]
        if parts and parts[-1] == b"":
            parts = parts[:-1]  # the trailing-slash form of the same path
        for template, ops in self._templates.items():
            if len(template) != len(parts):
                continue
            values: dict[str, str] = {}
            undecodable: list[str] = []
            for expected, raw in zip(template, parts, strict=True):
                decoded = unquote_to_bytes(raw)
                if expected.startswith("{"):
                    name = expected[1:-1]
                    try:
                        values[name] = decoded.decode("utf-8")
                    except UnicodeDecodeError:
                        values[name] = decoded.decode("utf-8", "replace")
                        undecodable.append(name)
                elif decoded != expected.encode():
                    break
            else:
                return Match(ops, values, tuple(undecodable))
        return None
