"""``_generated``: the one seam to the generated layer, typed, found by operation id."""

from __future__ import annotations

import pytest
from autoenhance_api.models import OrderIn
from autoenhance_sdk._generated import Endpoint, endpoint, operation_ids

from tests.spec_walk import operations


def test_the_generated_layer_has_exactly_the_specs_operations() -> None:
    assert operation_ids() == {op["operationId"] for _, _, op in operations()}


def test_an_endpoint_is_typed_and_encodes_ids_as_the_generator_does() -> None:
    built = endpoint("update_order", "a/b c", body=OrderIn(name="n"))
    assert built == Endpoint(
        operation="update_order",
        method="PATCH",
        path="/v3/orders/a%2Fb%20c",
        params={},
        json={"name": "n"},
        headers={"Content-Type": "application/json"},
    )
    listed = endpoint("list_orders", per_page=5)
    assert (listed.method, listed.path, dict(listed.params), listed.json) == (
        "GET",
        "/v3/orders/",
        {"per_page": 5},
        None,
    )


def test_an_operation_the_generated_layer_lacks_says_so() -> None:
    expected = r"no operation 'list_images': a typo \(it has create_bracket, .*create_order, .*scripts/generate.py\)"
    with pytest.raises(LookupError, match=expected):
        endpoint("list_images")
