"""The generated models read every example of their schema and write back the same JSON.

Also pins down how the generated layer treats what the provider adds over time (unknown fields
and enum values) and what it cannot read, which the wrapper must turn into a typed error.
"""

from __future__ import annotations

import datetime
import enum
import json
from typing import Any

import pytest
from autoenhance_api import models

from tests.fixtures import ORDER
from tests.spec_walk import Example, all_examples, load_spec, schema_names

# Component schemas that are plain strings (no enum): no model class is generated for them.
SCALAR_SCHEMAS = {
    name
    for name, schema in load_spec()["components"]["schemas"].items()
    if schema.get("type") == "string" and "enum" not in schema
}
MODEL_EXAMPLES = [ex for ex in all_examples() if ex.schema_name and ex.schema_name not in SCALAR_SCHEMAS]


def _round_trip(name: str, value: Any) -> Any:
    cls = getattr(models, name)
    if issubclass(cls, enum.Enum):
        return cls(value).value
    return cls.from_dict(value).to_dict()


@pytest.mark.parametrize("example", MODEL_EXAMPLES, ids=lambda ex: ex.where)
def test_model_reads_and_writes_back_the_same_json(example: Example) -> None:
    assert example.schema_name is not None
    written = _round_trip(example.schema_name, example.value)
    assert json.dumps(written, sort_keys=True) == json.dumps(example.value, sort_keys=True)


def test_every_named_schema_has_a_model_example() -> None:
    assert SCALAR_SCHEMAS, "the spec's plain-string schemas (OrderId, AiVersion ...) are found"
    with_model = schema_names() - SCALAR_SCHEMAS
    missing = with_model - {ex.schema_name for ex in MODEL_EXAMPLES}
    assert not missing, f"schemas whose model no example exercises: {sorted(missing)}"
    assert all(hasattr(models, name) for name in with_model)


def test_unknown_fields_are_kept_and_written_back() -> None:
    data = {**ORDER, "priority": "high", "tags": ["a", "b"]}
    order = models.OrderOut.from_dict(data)
    assert order["priority"] == "high"
    assert order.additional_properties == {"priority": "high", "tags": ["a", "b"]}
    assert order.to_dict() == data


def test_unknown_enum_values_are_read_as_plain_strings() -> None:
    image = {
        "image_id": "i",
        "image_name": "n",
        "order_id": "o-1",
        "status": "rendering",
        "enhance_type": "cinematic",
        "cloud_type": "STORMY",
        "ai_version": "7.3",
    }
    order = models.OrderOut.from_dict({**ORDER, "status": "archived", "images": [image]})
    assert order.status == "archived" and not isinstance(order.status, models.OrderStatus)
    read = order.images[0]
    assert (read.status, read.enhance_type, read.cloud_type) == ("rendering", "cinematic", "STORMY")
    assert order.to_dict()["images"][0] == image


def test_known_enum_values_become_enum_members_and_null_status_is_allowed() -> None:
    assert models.OrderOut.from_dict(ORDER).status is models.OrderStatus.WAITING
    assert models.OrderOut.from_dict({**ORDER, "status": None}).status is None


def test_utc_z_suffix_is_read() -> None:
    order = models.OrderOut.from_dict({**ORDER, "created_at": "2026-11-30T09:15:00Z"})
    assert order.created_at == datetime.datetime(2026, 11, 30, 9, 15, tzinfo=datetime.UTC)


# What the generated layer cannot read. The wrapper (autoenhance_sdk) must catch these exact
# exception types from ``from_dict`` and raise APIResponseValidationError naming the body.
@pytest.mark.parametrize(
    ("body", "raised"),
    [
        ({k: v for k, v in ORDER.items() if k != "order_id"}, KeyError),  # a required field is missing
        ({**ORDER, "created_at": "yesterday"}, ValueError),  # a date-time that is not one
        ({**ORDER, "images": 3}, TypeError),  # a list that is not one
    ],
    ids=["missing-field", "bad-date-time", "wrong-type"],
)
def test_what_the_wrapper_must_handle(body: dict[str, Any], raised: type[Exception]) -> None:
    with pytest.raises(raised):
        models.OrderOut.from_dict(body)


def test_request_models_drop_unknown_fields() -> None:
    """OrderIn forbids extra fields (additionalProperties: false), so nothing unknown is sent."""
    body = models.OrderIn.from_dict({"name": "x", "colour": "red"})
    assert body.to_dict() == {"name": "x"}
