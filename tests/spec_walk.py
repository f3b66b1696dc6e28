"""Walk ``spec/openapi.yaml``: load it once, list its operations and schema names, find every
example and the schema it illustrates.

Schemas are addressed by JSON pointer into the whole document, so ``$ref``s inside them resolve
against the spec itself and no schema is copied or rewritten for the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SPEC_PATH = Path(__file__).resolve().parent.parent / "spec" / "openapi.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@cache
def load_spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as fh:
        spec: dict[str, Any] = yaml.safe_load(fh)
    return spec


def schema_names() -> frozenset[str]:
    """The names of the spec's component schemas: the one list the tests use, never a copy."""
    return frozenset(load_spec()["components"]["schemas"])


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def resolve(pointer: str) -> Any:
    node: Any = load_spec()
    for token in pointer.lstrip("#/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def deref(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = resolve(node["$ref"])
    return node


@dataclass(frozen=True)
class Example:
    where: str  # human-readable location of the example
    schema_pointer: str  # JSON pointer of the schema it must satisfy
    value: Any

    @property
    def schema_name(self) -> str | None:
        """Component schema name when the schema is a plain ``$ref`` to one (or is one)."""
        schema = resolve(self.schema_pointer)
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        if ref and ref.startswith("#/components/schemas/"):
            return str(ref.rsplit("/", 1)[1])
        if self.schema_pointer.startswith("#/components/schemas/") and self.schema_pointer.count("/") == 3:
            return self.schema_pointer.rsplit("/", 1)[1]
        return None


def _schema_examples(pointer: str, schema: Any) -> Iterator[Example]:
    """Examples written inside a schema and every schema nested in it (properties, items ...)."""
    if not isinstance(schema, dict):
        return
    for i, value in enumerate(schema.get("examples", [])):
        yield Example(f"{pointer}/examples/{i}", pointer, value)
    for key in ("properties", "$defs"):
        for name, sub in schema.get(key, {}).items():
            yield from _schema_examples(f"{pointer}/{key}/{escape(name)}", sub)
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict):
            yield from _schema_examples(f"{pointer}/{key}", schema[key])
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(schema.get(key, [])):
            yield from _schema_examples(f"{pointer}/{key}/{i}", sub)


def _carrier_examples(pointer: str, carrier: dict[str, Any]) -> Iterator[Example]:
    """``example``/``examples`` of a parameter, header or media type, checked against its schema."""
    schema_pointer = f"{pointer}/schema"
    if "example" in carrier:
        yield Example(f"{pointer}/example", schema_pointer, carrier["example"])
    for name, ex in carrier.get("examples", {}).items():
        yield Example(f"{pointer}/examples/{escape(name)}", schema_pointer, deref(ex)["value"])


def _content_examples(pointer: str, holder: dict[str, Any]) -> Iterator[Example]:
    for media, obj in holder.get("content", {}).items():
        yield from _carrier_examples(f"{pointer}/content/{escape(media)}", obj)


def all_examples() -> list[Example]:
    spec = load_spec()
    found: list[Example] = []
    comps = spec["components"]
    for name, schema in comps["schemas"].items():
        found += _schema_examples(f"#/components/schemas/{escape(name)}", schema)
    for name, param in comps.get("parameters", {}).items():
        found += _carrier_examples(f"#/components/parameters/{escape(name)}", param)
    for name, resp in comps.get("responses", {}).items():
        ptr = f"#/components/responses/{escape(name)}"
        found += _content_examples(ptr, resp)
        for hname, header in resp.get("headers", {}).items():
            found += _carrier_examples(f"{ptr}/headers/{escape(hname)}", header)
    for path, item in spec["paths"].items():
        base = f"#/paths/{escape(path)}"
        for i, param in enumerate(item.get("parameters", [])):
            if "$ref" not in param:
                found += _carrier_examples(f"{base}/parameters/{i}", param)
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op_ptr = f"{base}/{method}"
            op = item[method]
            for i, param in enumerate(op.get("parameters", [])):
                if "$ref" not in param:
                    found += _carrier_examples(f"{op_ptr}/parameters/{i}", param)
            if "requestBody" in op:
                found += _content_examples(f"{op_ptr}/requestBody", op["requestBody"])
            for status, resp in op["responses"].items():
                if "$ref" not in resp:
                    found += _content_examples(f"{op_ptr}/responses/{status}", resp)
    return found


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of the spec."""
    for path, item in load_spec()["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]
