"""The spec is valid OpenAPI 3.1 and describes exactly the Orders API of the reference."""

from __future__ import annotations

import warnings

import pytest
import schemathesis
from openapi_spec_validator import validate

from tests.spec_walk import deref, load_spec, operations

OPERATIONS = {
    # operationId: (method, path, auth, documented statuses)
    "create_order": ("post", "/v3/orders/", "required", {"200", "401", "409", "422"}),
    "list_orders": ("get", "/v3/orders/", "required", {"200", "401", "422"}),
    "retrieve_order": ("get", "/v3/orders/{id}", "optional", {"200", "404", "422"}),
    "update_order": ("patch", "/v3/orders/{id}", "required", {"200", "401", "404", "422"}),
    "delete_order": ("delete", "/v3/orders/{id}", "required", {"204", "401", "404"}),
    "process_order": ("post", "/v3/orders/{id}/process", "required", {"200", "401", "404", "422"}),
    "merge_order": ("post", "/v3/orders/{id}/merge", "required", {"200", "401", "404", "422"}),
    "list_order_brackets": ("get", "/v3/orders/{order_id}/brackets", "optional", {"200", "404"}),
}
SCHEMAS = {
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
}
BODIES = {
    "create_order": "OrderIn",
    "update_order": "OrderIn",
    "process_order": "OrderHDRProcessIn",
    "merge_order": "OrderHDRMerge",
}
OK_BODIES = {
    "create_order": "OrderOut",
    "list_orders": "OrdersOut",
    "retrieve_order": "OrderOut",
    "update_order": "OrderOut",
    "process_order": "OrderOut",
    "merge_order": "OrderOut",
    "list_order_brackets": "OrderBracketsOut",
}
BY_ID = {op["operationId"]: (path, method, op) for path, method, op in operations()}


def _params(path: str, op: dict) -> dict[tuple[str, str], dict]:
    item = load_spec()["paths"][path]
    params = [deref(p) for p in item.get("parameters", []) + op.get("parameters", [])]
    return {(p["in"], p["name"]): p for p in params}


def _ref_name(schema: dict) -> str:
    return str(schema["$ref"].rsplit("/", 1)[1])


def test_spec_is_valid_openapi_3_1() -> None:
    spec = load_spec()
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_exactly_the_reference_operations() -> None:
    assert set(BY_ID) == set(OPERATIONS)


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_operation_method_path_statuses_and_auth(op_id: str) -> None:
    method, path, auth, statuses = OPERATIONS[op_id]
    found_path, found_method, op = BY_ID[op_id]
    assert (found_method, found_path) == (method, path)
    assert statuses <= set(op["responses"]), "every status of the reference is documented"
    assert "429" in op["responses"]
    security = op.get("security", load_spec()["security"])
    if auth == "required":
        assert security == [{"ApiKeyAuth": []}]
    else:
        assert {"ApiKeyAuth": []} in security and {} in security
        assert "401" in op["responses"], "an unknown key is 401 (decision)"


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_bodies_and_schemas_are_the_named_components(op_id: str) -> None:
    _, _, op = BY_ID[op_id]
    if op_id in BODIES:
        body = op["requestBody"]
        assert body.get("required", False) is False, "the reference makes every body optional"
        assert _ref_name(body["content"]["application/json"]["schema"]) == BODIES[op_id]
    else:
        assert "requestBody" not in op
    if op_id == "delete_order":
        assert "content" not in op["responses"]["204"]
    else:
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert _ref_name(ok) == OK_BODIES[op_id]
    for status, resp in op["responses"].items():
        if status.startswith("4"):
            schema = deref(resp)["content"]["application/json"]["schema"]
            assert _ref_name(schema) == ("ValidationError" if status == "422" else "HTTPError")


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_every_operation_takes_the_optional_api_version_header(op_id: str) -> None:
    path, _, op = BY_ID[op_id]
    header = _params(path, op)[("header", "x-api-version")]
    assert header["required"] is False


def test_order_id_parameters_share_the_id_rules() -> None:
    for op_id, (path, _, op) in BY_ID.items():
        path_params = {name: p for (where, name), p in _params(path, op).items() if where == "path"}
        if "{" not in path:
            assert not path_params, op_id
            continue
        (param,) = path_params.values()
        assert param["required"] is True
        assert param["schema"] == {"$ref": "#/components/schemas/OrderId"}
    order_id = load_spec()["components"]["schemas"]["OrderId"]
    assert (order_id["minLength"], order_id["maxLength"]) == (1, 128)
    assert order_id["pattern"] == "^[^/]+$"
    assert order_id["not"] == {"enum": [".", ".."]}


def test_list_query_parameters() -> None:
    path, _, op = BY_ID["list_orders"]
    params = _params(path, op)
    assert params[("query", "offset")]["schema"]["type"] == "string"
    per_page = params[("query", "per_page")]["schema"]
    assert per_page == {"type": "integer", "minimum": 1, "default": 5}
    path, _, op = BY_ID["retrieve_order"]
    sort = deref(_params(path, op)[("query", "sort_images_by")]["schema"])
    assert sort["enum"] == ["name", "-name", "date_added", "-date_added", "custom"]


def test_named_component_schemas_exist() -> None:
    assert set(load_spec()["components"]["schemas"]) >= SCHEMAS


def test_rate_limit_answer_carries_retry_after() -> None:
    resp = load_spec()["components"]["responses"]["RateLimited"]
    header = resp["headers"]["Retry-After"]
    assert header["required"] is True
    assert header["schema"]["type"] == "integer"


def test_merge_is_deprecated_and_nothing_else_is() -> None:
    assert [op_id for op_id, (_, _, op) in BY_ID.items() if op.get("deprecated")] == ["merge_order"]


def test_schema_constraints_from_the_reference() -> None:
    schemas = load_spec()["components"]["schemas"]
    assert schemas["OrderIn"]["properties"]["name"]["maxLength"] == 255
    assert schemas["OrderIn"]["additionalProperties"] is False
    out = schemas["OrderOut"]
    assert out["properties"]["created_at"]["format"] == "date-time"
    assert {"type": "null"} in out["properties"]["status"]["anyOf"], "status is nullable"
    assert out["properties"]["order_id"]["readOnly"] is True
    image = schemas["ImageOut"]["properties"]
    assert (image["rating"]["minimum"], image["rating"]["maximum"]) == (0, 5)
    assert image["date_added"]["type"] == "integer"
    process = schemas["OrderHDRProcessIn"]["properties"]
    merge = schemas["OrderHDRMerge"]["properties"]
    assert set(process) - set(merge) == {"images"}
    for flag in ("enhance", "lens_correction", "vertical_correction"):
        assert process[flag]["default"] is True
    assert set(deref(process["enhance_type"])["enum"]) == {
        "property",
        "property_usa",
        "warm",
        "neutral",
        "modern",
    }
    assert set(deref(process["cloud_type"])["enum"]) == {"CLEAR", "LOW_CLOUD", "HIGH_CLOUD"}
    assert schemas["Pagination"]["properties"]["next_offset"]["type"] == ["string", "null"]


def test_create_links_to_every_operation_that_takes_an_order_id() -> None:
    _, _, create = BY_ID["create_order"]
    links = create["responses"]["200"]["links"]
    targets = {link["operationId"]: link["parameters"] for link in links.values()}
    takes_id = {op_id for op_id, (path, _, _) in BY_ID.items() if "{" in path}
    assert set(targets) == takes_id
    for op_id, params in targets.items():
        (name,) = params
        assert name in BY_ID[op_id][0]
        assert params[name] == "$response.body#/order_id"


def test_every_decision_is_recorded_in_the_spec() -> None:
    spec = load_spec()
    assert len(spec["info"]["x-decisions"]) >= 10
    decided = {op_id for op_id, (_, _, op) in BY_ID.items() if "x-decision" in op}
    assert {
        "create_order",
        "list_orders",
        "retrieve_order",
        "update_order",
        "process_order",
        "merge_order",
        "list_order_brackets",
    } <= decided
    comps = spec["components"]
    assert "x-decision" in comps["schemas"]["OrderId"]
    assert "x-decision" in comps["responses"]["RateLimited"]
    assert "x-decision" in BY_ID["create_order"][2]["responses"]["409"]


def test_schemathesis_loads_every_operation_and_follows_the_links() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        schema = schemathesis.openapi.from_path("spec/openapi.yaml")
        results = list(schema.get_all_operations())
    labels = {result.ok().label for result in results}
    assert labels == {f"{method.upper()} {path}" for method, path, _, _ in OPERATIONS.values()}
    rules = {name for name in dir(schema.as_state_machine()) if name.startswith("POST_v3_orders___200_")}
    for link in ("Retrieve", "Update", "Delete", "Process", "Merge", "ListOrderBrackets"):
        assert any(f"_{link}" in rule for rule in rules), link
