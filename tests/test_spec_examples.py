"""Every example in the spec is valid against the schema it illustrates."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tests.spec_walk import Example, all_examples, deref, escape, load_spec, operations, schema_names

EXAMPLES = all_examples()


def _validator(pointer: str) -> Draft202012Validator:
    # The whole spec is the root resource, so "#/components/..." refs resolve in place.
    root = {**load_spec(), "$ref": pointer}
    return Draft202012Validator(root, format_checker=FormatChecker())


def test_the_walk_finds_examples_everywhere() -> None:
    where = {ex.where.split("/")[1] for ex in EXAMPLES}
    assert where == {"components", "paths"}
    assert len(EXAMPLES) >= 55
    named = {ex.schema_name for ex in EXAMPLES}
    assert schema_names() <= named, f"schemas whose examples the walk missed: {sorted(schema_names() - named)}"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda ex: ex.where)
def test_example_is_valid(example: Example) -> None:
    errors = sorted(_validator(example.schema_pointer).iter_errors(example.value), key=str)
    assert not errors, "\n".join(e.message for e in errors)


def test_the_validator_rejects_a_broken_example() -> None:
    """Guards the test above: a wrong type and a bad date-time must both be caught."""
    validator = _validator("#/components/schemas/OrderOut")
    good = next(ex.value for ex in EXAMPLES if ex.schema_name == "OrderOut")
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "total_images": "three"})
    assert not validator.is_valid({**good, "created_at": "yesterday"})


def test_every_schema_and_operation_has_examples() -> None:
    """The spec is the user's documentation: no schema or operation without an example."""
    spec = load_spec()
    bare = [name for name, schema in spec["components"]["schemas"].items() if not schema.get("examples")]
    assert not bare, f"schemas without examples: {bare}"
    with_examples = {ex.where.split("/responses/")[0].split("/requestBody")[0] for ex in EXAMPLES}
    for path, method, op in operations():
        pointer = f"#/paths/{escape(path)}/{method}"
        params = spec["paths"][path].get("parameters", []) + op.get("parameters", [])
        answer = deref(op["responses"]["200"]).get("content", {}) if "200" in op["responses"] else {}
        if "requestBody" not in op and "application/json" not in answer:
            # No JSON in or out (a delete, a download): its parameters carry the examples.
            assert all("example" in deref(p) for p in params), f"{method} {path}"
            continue
        assert pointer in with_examples, f"{method.upper()} {path} has no example"
