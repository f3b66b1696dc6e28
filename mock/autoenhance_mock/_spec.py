"""Load the OpenAPI spec once and compile what the server needs from it.

Everything the mock knows about routes, parameters, bodies, auth and documented statuses comes
from here, so a change to ``spec/openapi.yaml`` changes the mock's validation without touching
any handler.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema_rs
import yaml

__all__ = ["Operation", "Parameter", "Spec", "load_spec", "spec_path"]

_HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def spec_path() -> Path:
    """The spec shipped inside the package, else the repository's (editable installs)."""
    bundled = Path(__file__).resolve().parent / "openapi.yaml"
    if bundled.is_file():
        return bundled
    return Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"


def _validator(root: dict[str, Any], pointer: str) -> jsonschema_rs.Validator:
    # The whole spec is the root resource, so "#/components/..." refs resolve in place.
    return jsonschema_rs.Draft202012Validator({**root, "$ref": pointer}, validate_formats=True)


def _pointer(*tokens: str) -> str:
    """A URI fragment JSON pointer; tokens are escaped, then percent-encoded (``{id}`` -> ``%7Bid%7D``)."""
    return "#/" + "/".join(quote(t.replace("~", "~0").replace("/", "~1"), safe="~") for t in tokens)


def _deref(root: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = root
        for token in node["$ref"].lstrip("#/").split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


@dataclass(frozen=True)
class Parameter:
    """One path, query or header parameter and its compiled schema."""

    name: str
    location: str  # "path", "query" or "header"
    required: bool
    schema: dict[str, Any]
    validator: jsonschema_rs.Validator

    @property
    def json_type(self) -> str:
        kind = self.schema.get("type", "string")
        return kind if isinstance(kind, str) else "string"


@dataclass(frozen=True)
class Operation:
    """One operation: its route, inputs, auth rule and documented answers."""

    operation_id: str
    method: str
    path: str
    segments: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    auth: str  # "required" or "optional"
    body_required: bool
    body_media_types: tuple[str, ...]
    body_validator: jsonschema_rs.Validator | None
    statuses: frozenset[int]
    response_validators: dict[int, jsonschema_rs.Validator] = field(repr=False)


@dataclass(frozen=True)
class Spec:
    """The compiled spec: every operation, indexed for routing."""

    document: dict[str, Any]
    operations: tuple[Operation, ...]


def _compile_operation(doc: dict[str, Any], path: str, method: str) -> Operation:
    item = doc["paths"][path]
    raw = item[method]
    params: dict[tuple[str, str], Parameter] = {}
    for source, entries in (("item", item.get("parameters", [])), ("op", raw.get("parameters", []))):
        for index, entry in enumerate(entries):
            param = _deref(doc, entry)
            if "$ref" in entry:
                schema_ptr = entry["$ref"] + "/schema"
            elif source == "item":
                schema_ptr = _pointer("paths", path, "parameters", str(index), "schema")
            else:
                schema_ptr = _pointer("paths", path, method, "parameters", str(index), "schema")
            params[(param["in"], param["name"].lower() if param["in"] == "header" else param["name"])] = Parameter(
                name=param["name"].lower() if param["in"] == "header" else param["name"],
                location=param["in"],
                required=bool(param.get("required", False)),
                schema=_deref(doc, param["schema"]),
                validator=_validator(doc, schema_ptr),
            )
    security = raw.get("security", doc.get("security", []))
    auth = "optional" if (not security or {} in security) else "required"
    body = raw.get("requestBody")
    body_validator = None
    media_types: tuple[str, ...] = ()
    if body is not None:
        media_types = tuple(body["content"])
        body_validator = _validator(
            doc, _pointer("paths", path, method, "requestBody", "content", media_types[0], "schema")
        )
    responses: dict[int, jsonschema_rs.Validator] = {}
    for status, resp in raw["responses"].items():
        content = _deref(doc, resp).get("content", {})
        if "application/json" in content:
            ref = content["application/json"]["schema"]
            responses[int(status)] = (
                _validator(doc, ref["$ref"])
                if "$ref" in ref
                else _validator(
                    doc,
                    _pointer("paths", path, method, "responses", status, "content", "application/json", "schema"),
                )
            )
    return Operation(
        operation_id=raw["operationId"],
        method=method.upper(),
        path=path,
        segments=tuple(s for s in path.strip("/").split("/")),
        parameters=tuple(params.values()),
        auth=auth,
        body_required=bool(body and body.get("required", False)),
        body_media_types=media_types,
        body_validator=body_validator,
        statuses=frozenset(int(s) for s in raw["responses"]),
        response_validators=responses,
    )


def load_spec(path: str | os.PathLike[str] | None = None) -> Spec:
    """Parse and compile a spec file: the bundled one by default (cached: start-up pays it once).

    Another file is read afresh on every call, so a test may rewrite it between two apps.
    ``ValueError`` says why a file is no spec the mock can serve (not YAML, no ``paths``, an
    operation without ``operationId``, or two operations sharing one: the mock finds each
    operation's handler by it).
    """
    return _bundled_spec() if path is None else _compile(Path(path))


@cache
def _bundled_spec() -> Spec:
    return _compile(spec_path())


def _compile(path: Path) -> Spec:
    try:
        with path.open(encoding="utf-8") as fh:
            doc: Any = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise ValueError(f"the spec {str(path)!r} is not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("paths"), dict):
        raise ValueError(f"the spec {str(path)!r} is no OpenAPI document: it has no 'paths' mapping")
    for p, item in doc["paths"].items():
        for m in _HTTP_METHODS:
            if m in item and not isinstance(item[m].get("operationId"), str):
                raise ValueError(f"the spec {str(path)!r}: {m.upper()} {p} has no operationId, which the mock needs")
    ops = tuple(_compile_operation(doc, p, m) for p, item in doc["paths"].items() for m in _HTTP_METHODS if m in item)
    _check_unique_ids(ops, path)
    return Spec(document=doc, operations=ops)


def _check_unique_ids(ops: tuple[Operation, ...], path: Path) -> None:
    """Refuse two operations with one operationId: the mock dispatches by it (so would send one
    operation's requests to the other's handler), and OpenAPI requires ids to be unique."""
    seen: dict[str, list[str]] = {}
    for op in ops:
        seen.setdefault(op.operation_id, []).append(f"{op.method} {op.path}")
    shared = {op_id: where for op_id, where in seen.items() if len(where) > 1}
    if shared:
        described = "; ".join(
            f"{op_id!r} is the operationId of {' and '.join(where)}" for op_id, where in shared.items()
        )
        raise ValueError(
            f"the spec {str(path)!r}: {described}; each operation needs its own operationId, "
            "by which the mock finds its handler"
        )
