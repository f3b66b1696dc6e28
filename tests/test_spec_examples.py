"""Every example in the spec is valid against the schema it illustrates."""

from __future__ import annotations

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from tests.spec_walk import Example, all_examples, deref, load_spec

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
    assert {
        "OrderIn",
        "OrderOut",
        "OrdersOut",
        "Pagination",
        "OrderHDRProcessIn",
        "OrderHDRMerge",
        "OrderImageIn",
        "OrderBracketsOut",
        "BracketOut",
        "ImageOut",
        "HTTPError",
        "ValidationError",
    } <= named


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
    for path, item in spec["paths"].items():
        for method in ("get", "post", "patch", "delete"):
            if method in item:
                pointer = "#/paths/" + path.replace("/", "~1") + "/" + method
                params = item.get("parameters", []) + item[method].get("parameters", [])
                if "requestBody" not in item[method] and "200" not in item[method]["responses"]:
                    # No body in or out (delete): its parameters carry the examples.
                    assert all("example" in deref(p) for p in params), f"{method} {path}"
                    continue
                assert pointer in with_examples, f"{method.upper()} {path} has no example"
