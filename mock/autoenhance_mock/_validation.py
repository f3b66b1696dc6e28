"""Check a request against its operation in the spec, the way the provider's backend does.

The rules are the compiled schemas of ``_spec``; nothing here knows a field by name. Problems are
reported per location (``path``, ``query``, ``headers``, ``json``) and field, as the API's
``ValidationError`` body does, so a client always learns which field was wrong and why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import jsonschema_rs

from ._responses import Reply, http_error, validation_error
from ._spec import Operation, Parameter

__all__ = ["MAX_BODY_BYTES", "Problems", "check_body", "check_parameters"]

MAX_BODY_BYTES = 1024 * 1024
MAX_MESSAGE_CHARS = 200  # error messages quote the value; a 10,000-character id must not echo back whole
_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")

Problems = dict[str, dict[str, list[str]]]


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE_CHARS else message[: MAX_MESSAGE_CHARS - 1] + "…"


def _field(base: str, error: jsonschema_rs.ValidationError) -> str:
    parts = [base, *(str(p) for p in error.instance_path)] if base else [str(p) for p in error.instance_path]
    return ".".join(parts) or "_schema"


def schema_problems(validator: jsonschema_rs.Validator, value: Any, base: str = "") -> dict[str, list[str]]:
    """Field -> messages for every way ``value`` breaks the schema; unexpected fields are named."""
    found: dict[str, list[str]] = {}
    for error in validator.iter_errors(value):
        unexpected = getattr(error.kind, "unexpected", None)
        if unexpected:
            for name in unexpected:
                prefix = _field(base, error)
                key = name if prefix == "_schema" else f"{prefix}.{name}"
                found.setdefault(key, []).append("Unknown field.")
            continue
        found.setdefault(_field(base, error), []).append(_short(error.message))
    return found


def _coerce(param: Parameter, raw: str) -> Any:
    """Query and header values arrive as text; read them as the schema's type when they are one."""
    kind = param.json_type
    if kind == "integer" and _INTEGER.fullmatch(raw):
        return int(raw)
    if kind == "number" and _NUMBER.fullmatch(raw):
        return float(raw)
    if kind == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw


def check_parameters(
    op: Operation,
    path_values: dict[str, str],
    query: Iterable[tuple[str, str]],
    headers: dict[str, list[str]],
) -> tuple[dict[str, Any], Problems]:
    """Validate path, query and header parameters; return the typed values and any problems."""
    values: dict[str, Any] = {}
    problems: Problems = {}
    query_values: dict[str, list[str]] = {}
    for key, value in query:
        query_values.setdefault(key, []).append(value)
    sources = {"path": {k: [v] for k, v in path_values.items()}, "query": query_values, "header": headers}
    for param in op.parameters:
        location = "headers" if param.location == "header" else param.location
        given = sources[param.location].get(param.name)
        if not given:
            if param.required:
                problems.setdefault(location, {})[param.name] = ["Missing data for required field."]
            elif "default" in param.schema:
                values[param.name] = param.schema["default"]
            continue
        if len(given) > 1:
            problems.setdefault(location, {})[param.name] = [f"Given {len(given)} times; send it once."]
            continue
        value = _coerce(param, given[0])
        found = schema_problems(param.validator, value, param.name)
        if found:
            problems.setdefault(location, {}).update(found)
        else:
            values[param.name] = value
    return values, problems


class _BadJson(ValueError):
    pass


def _no_constants(name: str) -> Any:
    raise _BadJson(f"{name} is not valid JSON")


def check_body(op: Operation, raw: bytes, content_type: str | None) -> tuple[Any, Reply | None]:
    """Parse and validate the body. ``(None, None)`` means no body was sent (and none is needed)."""
    if op.body_validator is None:
        return None, None  # bodies on GET/DELETE carry no meaning and are ignored
    if not raw:
        if op.body_required:
            return None, validation_error({"json": {"_schema": ["A JSON body is required."]}})
        return None, None
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media not in op.body_media_types:
        got = media or "no Content-Type"
        expected = ", ".join(op.body_media_types)
        return None, http_error(415, {"content-type": f"Expected {expected}, got {got}."})
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except UnicodeDecodeError as exc:
        return None, http_error(400, {"json": f"The body is not UTF-8: {exc.reason} at byte {exc.start}."})
    except RecursionError:
        return None, http_error(400, {"json": "The body nests too deeply."})
    except ValueError as exc:
        return None, http_error(400, {"json": f"Invalid JSON body: {_short(str(exc))}."})
    found = schema_problems(op.body_validator, data)
    if found:
        return data, validation_error({"json": found})
    return data, None
