"""Hypothesis strategies for the JSON Schema subset the spec uses.

hypothesis-jsonschema does not run on current hypothesis, and the spec needs few keywords, so
this builds values directly. A keyword it does not know fails loudly: if the spec grows one,
this module must learn it rather than silently generate values that ignore it.
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

__all__ = ["from_schema"]

_IGNORED = {"description", "title", "default", "examples", "readOnly", "writeOnly", "deprecated", "format"}
_KNOWN = _IGNORED | {
    "type",
    "allOf",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "anyOf",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "propertyNames",
    "not",
}
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)
_DATETIMES = st.datetimes(
    min_value=datetime.datetime(1970, 1, 2), max_value=datetime.datetime(2100, 1, 1), timezones=st.timezones()
).map(lambda d: d.isoformat())


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    unknown = set(schema) - _KNOWN
    if unknown:
        raise NotImplementedError(f"schema keywords not supported here: {sorted(unknown)}")
    if "allOf" in schema:
        return from_schema(_merged([*schema["allOf"], {k: v for k, v in schema.items() if k != "allOf"}]))
    if "anyOf" in schema and all(set(branch) == {"required"} for branch in schema["anyOf"]):
        # "one of these must be present" (ImageCreatedOut: upload_url or s3PutObjectUrl)
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        return st.sampled_from(schema["anyOf"]).flatmap(lambda branch: from_schema(_merged([rest, branch])))
    if "anyOf" in schema:
        return st.one_of(*(from_schema(branch) for branch in schema["anyOf"]))
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of(*(from_schema({**schema, "type": k}) for k in kind))
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum", -(2**53)), schema.get("maximum", 2**53))
    if kind == "number":
        return st.floats(schema.get("minimum"), schema.get("maximum"), allow_nan=False, allow_infinity=False)
    if kind == "string":
        return _string(schema)
    if kind == "array":
        return st.lists(
            from_schema(schema["items"]), min_size=schema.get("minItems", 0), max_size=schema.get("maxItems", 4)
        )
    if kind == "object":
        return _object(schema)
    if kind is None and not set(schema) - _IGNORED:
        return _JSON
    raise NotImplementedError(f"schema not supported here: {schema}")


def _merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One schema holding every part (allOf): properties and required lists joined."""
    merged: dict[str, Any] = {}
    for part in parts:
        for key, value in part.items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = [
                    *merged.get("required", []),
                    *(v for v in value if v not in merged.get("required", [])),
                ]
            elif key == "type" and merged.get("type", value) != value:
                raise NotImplementedError(f"allOf of different types: {merged['type']} and {value}")
            else:
                merged[key] = value
    return merged


def _string(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    if schema.get("format") == "date-time":
        return _DATETIMES
    low, high = schema.get("minLength", 0), schema.get("maxLength", 40)
    if "pattern" in schema:
        strategy = st.from_regex(schema["pattern"], fullmatch=True).filter(lambda s: low <= len(s) <= high)
    else:
        strategy = st.text(min_size=low, max_size=min(high, 300))
    if "not" in schema:
        barred = schema["not"].get("enum", [])
        strategy = strategy.filter(lambda s: s not in barred)
    return strategy


def _object(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    extra = schema.get("additionalProperties", True)
    base = st.fixed_dictionaries(
        {name: from_schema(sub) for name, sub in props.items() if name in required},
        optional={name: from_schema(sub) for name, sub in props.items() if name not in required},
    )
    if extra is False:
        return base
    keys = from_schema(schema["propertyNames"]) if "propertyNames" in schema else st.text(min_size=1, max_size=12)
    values = _JSON if extra is True else from_schema(extra)
    more = st.dictionaries(keys.filter(lambda k: k not in props), values, max_size=3)
    return st.tuples(base, more).map(lambda pair: {**pair[1], **pair[0]})
