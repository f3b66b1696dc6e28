"""The spec is valid OpenAPI 3.1, every operation it has follows the house rules, and it states the
documented facts of the Orders API (../shared/api/orders.md) and of images, brackets, uploads and
downloads (../shared/api/images.md).

The rules are parametrized over the operations read from the spec, so adding an operation needs no
edit here: it is checked as soon as it is written. Only the ``test_*_reference_*`` tests name
operations or schemas, and only to pin facts of the two references that no rule can express.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from openapi_spec_validator import validate

from tests.spec_walk import deref, load_spec, operations, schema_names

BY_ID = {op["operationId"]: (path, method, op) for path, method, op in operations() if "operationId" in op}
OPERATION_IDS = sorted(BY_ID)
SCHEMA_REF = "#/components/schemas/"


def _params(path: str, op: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The operation's parameters by (in, name), path-level ones overridden by its own."""
    item = load_spec()["paths"][path]
    params = [deref(p) for p in item.get("parameters", []) + op.get("parameters", [])]
    return {(p["in"], p["name"]): p for p in params}


def _ref_name(schema: dict[str, Any]) -> str:
    """The component schema a ``$ref`` names; fails unless it is a ref to an existing one."""
    ref = schema.get("$ref", "")
    assert ref.startswith(SCHEMA_REF), f"not a reference to a component schema: {schema}"
    name = ref.removeprefix(SCHEMA_REF)
    assert name in schema_names(), f"{ref} names no component schema"
    return name


def _security(op: dict[str, Any]) -> list[dict[str, list[str]]]:
    security: list[dict[str, list[str]]] = op.get("security", load_spec().get("security", []))
    return security


def _auth(op: dict[str, Any]) -> str:
    """``required`` (a key must be sent), ``optional`` (one may be) or ``none`` (none is read)."""
    security = _security(op)
    with_key = [req for req in security if req]
    if not with_key:
        return "none"
    return "optional" if {} in security else "required"


def _order_id_param(path: str) -> str | None:
    """The path parameter naming an order: the segment right after ``/v3/orders/``, if templated."""
    match = re.search(r"/v3/orders/\{([^}]+)\}", path)
    return match.group(1) if match else None


def _fields(schema: dict[str, Any]) -> set[str]:
    """The properties an object schema names, its ``allOf`` parts' included."""
    schema = deref(schema)
    found = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        found |= _fields(part)
    return found


def _success(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {status: deref(resp) for status, resp in op["responses"].items() if status.startswith("2")}


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


# -- the document ----------------------------------------------------------------------------------


def test_spec_is_valid_openapi_3_1() -> None:
    spec = load_spec()
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_every_operation_has_a_unique_operation_id() -> None:
    found = list(operations())
    assert found, "the spec has operations"
    missing = [f"{method.upper()} {path}" for path, method, op in found if "operationId" not in op]
    assert not missing, f"operations without an operationId: {missing}"
    assert len(BY_ID) == len(found), "operationIds are unique"


def test_every_component_schema_is_used_by_an_operation() -> None:
    """No orphan schema: each is reachable, through refs, from some operation or webhook."""
    spec = load_spec()
    seen: set[str] = set()
    todo = list(_refs(spec["paths"])) + list(_refs(spec.get("webhooks", {})))
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        node: Any = spec
        for token in ref.lstrip("#/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        todo.extend(_refs(node))
    used = {ref.removeprefix(SCHEMA_REF) for ref in seen if ref.startswith(SCHEMA_REF)}
    assert schema_names() - used == set(), "schemas no operation uses"


# -- rules every operation follows -----------------------------------------------------------------


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_operation_is_named_tagged_and_summarized(op_id: str) -> None:
    _, _, op = BY_ID[op_id]
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", op_id), "operationId is snake_case"
    declared = {tag["name"] for tag in load_spec().get("tags", [])}
    assert op.get("tags"), "at least one tag"
    assert set(op["tags"]) <= declared, "tags are declared at the top of the spec"
    assert isinstance(op.get("summary"), str) and op["summary"].strip(), "a summary"


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_security_and_401(op_id: str) -> None:
    """A key is required, optional, or not read; where one can be sent, an unknown one is 401
    (decision), and where none is read there is no 401 to document."""
    _, _, op = BY_ID[op_id]
    security = _security(op)
    schemes = load_spec()["components"]["securitySchemes"]
    for requirement in security:
        assert set(requirement) <= set(schemes), f"unknown security scheme in {requirement}"
    if _auth(op) == "none":
        assert "401" not in op["responses"], "no key is read, so none is refused"
    else:
        assert "401" in op["responses"], "an unknown (or, where required, missing) key is 401"


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_every_operation_may_be_rate_limited(op_id: str) -> None:
    """429 may answer any operation (decision), with a Retry-After header in whole seconds."""
    _, _, op = BY_ID[op_id]
    assert "429" in op["responses"]
    header = deref(op["responses"]["429"])["headers"]["Retry-After"]
    assert header["required"] is True
    assert header["schema"]["type"] == "integer"


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_every_operation_takes_the_optional_api_version_header(op_id: str) -> None:
    path, _, op = BY_ID[op_id]
    header = _params(path, op)[("header", "x-api-version")]
    assert header["required"] is False


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_path_parameters_match_the_path_and_document_404(op_id: str) -> None:
    path, _, op = BY_ID[op_id]
    path_params = {name: p for (where, name), p in _params(path, op).items() if where == "path"}
    assert set(path_params) == set(re.findall(r"\{([^}]+)\}", path)), "one parameter per template"
    assert all(p["required"] is True for p in path_params.values())
    if path_params:
        assert "404" in op["responses"], "what a path names may not exist"
    order_id = _order_id_param(path)
    if order_id is not None:
        assert path_params[order_id]["schema"] == {"$ref": f"{SCHEMA_REF}OrderId"}, "order ids share OrderId's rules"


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_input_documents_422_with_the_validation_error(op_id: str) -> None:
    path, _, op = BY_ID[op_id]
    if _params(path, op) or "requestBody" in op:
        assert "422" in op["responses"], "a request that breaks the spec is 422"
        schema = deref(op["responses"]["422"])["content"]["application/json"]["schema"]
        assert _ref_name(schema) == "ValidationError"


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_error_bodies_are_http_error_or_validation_error(op_id: str) -> None:
    _, _, op = BY_ID[op_id]
    for status, resp in op["responses"].items():
        if status.startswith(("4", "5")):
            schema = deref(resp)["content"]["application/json"]["schema"]
            assert _ref_name(schema) == ("ValidationError" if status == "422" else "HTTPError"), status


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_request_bodies_are_component_schemas(op_id: str) -> None:
    """A JSON body is a named schema, and the answers to a broken body are documented (decision):
    400 for malformed JSON, 413 over 1 MiB, 415 for another media type."""
    _, _, op = BY_ID[op_id]
    if "requestBody" not in op:
        return
    content = deref(op["requestBody"])["content"]
    assert content, "a request body says what it holds"
    if "application/json" in content:
        _ref_name(content["application/json"]["schema"])
        assert {"400", "413", "415"} <= set(op["responses"])


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_success_answers(op_id: str) -> None:
    """Each operation documents a success; 204 has no body; JSON bodies are named schemas."""
    _, method, op = BY_ID[op_id]
    success = _success(op)
    assert success, "at least one 2xx answer"
    for status, resp in success.items():
        if status == "204":
            assert "content" not in resp, "204 has no body"
        if "application/json" in resp.get("content", {}):
            _ref_name(resp["content"]["application/json"]["schema"])
    if method == "delete":
        assert "204" in success, "DELETE answers 204"
        assert all("content" not in resp for resp in success.values()), "DELETE answers no body"


@pytest.mark.parametrize("op_id", OPERATION_IDS)
def test_a_deprecated_operation_names_its_successor(op_id: str) -> None:
    _, _, op = BY_ID[op_id]
    if not op.get("deprecated"):
        return
    named = set(re.findall(r"`([a-z0-9_]+)`", op.get("description", ""))) & set(BY_ID)
    assert any(not BY_ID[other][2].get("deprecated") for other in named), "the description names the successor"


def test_links_target_operations_and_their_path_parameters() -> None:
    """Every link names an existing operation, fills only its path parameters, and reads a field
    the answer carries."""
    for op_id, (_, _, op) in BY_ID.items():
        for status, resp in _success(op).items():
            for name, link in deref(resp).get("links", {}).items():
                where = f"{op_id} {status} {name}"
                assert link["operationId"] in BY_ID, where
                target_path, _, target = BY_ID[link["operationId"]]
                target_params = {n for (w, n) in _params(target_path, target) if w == "path"}
                assert set(link["parameters"]) <= target_params, where
                fields = _fields(resp["content"]["application/json"]["schema"])
                for value in link["parameters"].values():
                    assert value.removeprefix("$response.body#/") in fields, where


def test_create_links_to_every_operation_that_takes_an_order_id() -> None:
    """The stateful tests reach each order operation from a new order (schemathesis follows links)."""
    links = BY_ID["create_order"][2]["responses"]["200"]["links"]
    targets = {link["operationId"]: link["parameters"] for link in links.values()}
    takes_id = {op_id: _order_id_param(path) for op_id, (path, _, _) in BY_ID.items() if _order_id_param(path)}
    assert set(targets) == set(takes_id)
    for op_id, params in targets.items():
        assert params == {takes_id[op_id]: "$response.body#/order_id"}, op_id


def test_each_create_links_to_every_operation_on_what_it_creates() -> None:
    """A collection's POST (``/v3/<things>/``) links to every operation on ``/v3/<things>/{id}...``,
    so the stateful tests reach each of them from a new resource (images as orders)."""
    for path, method, op in operations():
        if method != "post" or not re.fullmatch(r"/v3/[a-z]+/", path):
            continue
        links = deref(op["responses"]["200"]).get("links", {})
        linked = {link["operationId"] for link in links.values()}
        on_item = {oid for oid, (p, _, _) in BY_ID.items() if re.match(re.escape(path) + r"\{[^}]+\}", p)}
        assert on_item <= linked, f"{op['operationId']} links to none of {sorted(on_item - linked)}"


def test_schemathesis_loads_every_operation_and_follows_the_links() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        schema = schemathesis.openapi.from_path("spec/openapi.yaml")
        results = list(schema.get_all_operations())
    labels = {result.ok().label for result in results}
    assert labels == {f"{method.upper()} {path}" for path, method, _ in operations()}
    rules = [name for name in dir(schema.as_state_machine()) if not name.startswith("_")]
    for op_id, (_, method, op) in BY_ID.items():
        for status, resp in _success(op).items():
            for link_name, link in deref(resp).get("links", {}).items():
                target_method = BY_ID[link["operationId"]][1].upper()
                assert any(
                    rule.startswith(f"{method.upper()}_") and f"_{status}_{link_name}__{target_method}_" in rule
                    for rule in rules
                ), f"{op_id} {status} {link_name}"


# -- documented facts of the Orders API (../shared/api/orders.md) ----------------------------------
# These pin what the reference says about the Orders operations and schemas, which no rule can
# derive. They name only Orders operations, and check each is in the spec: operations added for
# other resources (images, brackets, uploads) leave them untouched.

ORDERS_REFERENCE = {
    # operationId: (method, path, auth, documented statuses, request body, 2xx body) as in orders.md
    "create_order": ("post", "/v3/orders/", "required", {"200", "401", "409", "422"}, "OrderIn", "OrderOut"),
    "list_orders": ("get", "/v3/orders/", "required", {"200", "401", "422"}, None, "OrdersOut"),
    "retrieve_order": ("get", "/v3/orders/{id}", "optional", {"200", "404", "422"}, None, "OrderOut"),
    "update_order": ("patch", "/v3/orders/{id}", "required", {"200", "401", "404", "422"}, "OrderIn", "OrderOut"),
    "delete_order": ("delete", "/v3/orders/{id}", "required", {"204", "401", "404"}, None, None),
    "process_order": (
        "post",
        "/v3/orders/{id}/process",
        "required",
        {"200", "401", "404", "422"},
        "OrderHDRProcessIn",
        "OrderOut",
    ),
    "merge_order": (
        "post",
        "/v3/orders/{id}/merge",
        "required",
        {"200", "401", "404", "422"},
        "OrderHDRMerge",
        "OrderOut",
    ),
    "list_order_brackets": (
        "get",
        "/v3/orders/{order_id}/brackets",
        "optional",
        {"200", "404"},
        None,
        "OrderBracketsOut",
    ),
}


@pytest.mark.parametrize("op_id", sorted(ORDERS_REFERENCE))
def test_orders_reference_operation(op_id: str) -> None:
    method, path, auth, statuses, body, ok_body = ORDERS_REFERENCE[op_id]
    assert op_id in BY_ID, "every operation of the Orders reference is in the spec"
    found_path, found_method, op = BY_ID[op_id]
    assert (found_method, found_path) == (method, path)
    assert statuses <= set(op["responses"]), "every status of the reference is documented"
    assert _auth(op) == auth
    if body is None:
        assert "requestBody" not in op
    else:
        assert op["requestBody"].get("required", False) is False, "the reference makes every body optional"
        assert _ref_name(op["requestBody"]["content"]["application/json"]["schema"]) == body
    if ok_body is None:
        assert set(_success(op)) == {"204"}
    else:
        assert _ref_name(op["responses"]["200"]["content"]["application/json"]["schema"]) == ok_body


def test_orders_reference_query_parameters() -> None:
    path, _, op = BY_ID["list_orders"]
    params = _params(path, op)
    assert params[("query", "offset")]["schema"]["type"] == "string"
    per_page = params[("query", "per_page")]["schema"]
    assert per_page == {"type": "integer", "minimum": 1, "default": 5}
    path, _, op = BY_ID["retrieve_order"]
    sort = deref(_params(path, op)[("query", "sort_images_by")]["schema"])
    assert sort["enum"] == ["name", "-name", "date_added", "-date_added", "custom"]


def test_orders_reference_only_merge_is_deprecated() -> None:
    deprecated = [op_id for op_id in sorted(ORDERS_REFERENCE) if BY_ID[op_id][2].get("deprecated")]
    assert deprecated == ["merge_order"]


def test_orders_reference_schema_constraints() -> None:
    schemas = load_spec()["components"]["schemas"]
    order_id = schemas["OrderId"]
    assert (order_id["minLength"], order_id["maxLength"]) == (1, 128)
    assert order_id["pattern"] == "^[^/]+$"
    assert order_id["not"] == {"enum": [".", ".."]}
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
    cloud = [deref(choice) for choice in process["cloud_type"]["anyOf"]]
    assert {"type": "null"} in cloud, "null leaves the sky as it is (the provider's schema allows it)"
    assert {"CLEAR", "LOW_CLOUD", "HIGH_CLOUD"} in [set(c.get("enum", ())) for c in cloud]
    assert schemas["Pagination"]["properties"]["next_offset"]["type"] == ["string", "null"]


def test_orders_reference_decisions_are_recorded_in_the_spec() -> None:
    spec = load_spec()
    assert len(spec["info"]["x-decisions"]) >= 10
    decided = {op_id for op_id in ORDERS_REFERENCE if "x-decision" in BY_ID[op_id][2]}
    assert set(ORDERS_REFERENCE) - {"delete_order"} <= decided
    comps = spec["components"]
    assert "x-decision" in comps["schemas"]["OrderId"]
    assert "x-decision" in comps["responses"]["RateLimited"]
    assert "x-decision" in BY_ID["create_order"][2]["responses"]["409"]


# -- documented facts of images, brackets, uploads and downloads (../shared/api/images.md) ---------

IMAGES_REFERENCE = {
    # operationId: (method, path, auth, documented statuses, request body, body required, 2xx body)
    "create_image": (
        "post",
        "/v3/images/",
        "required",
        {"200", "401", "404", "422", "429"},
        "ImageIn",
        True,
        "ImageCreatedOut",
    ),
    "retrieve_image": ("get", "/v3/images/{id}", "optional", {"200", "401", "404"}, None, False, "ImageOut"),
    "delete_image": ("delete", "/v3/images/{id}", "required", {"204", "401", "404"}, None, False, None),
    "process_image": (
        "post",
        "/v3/images/{id}/process",
        "required",
        {"200", "401", "404", "422"},
        "ImageInUpdate",
        False,
        "ImageOut",
    ),
    "download_enhanced_image": (
        "get",
        "/v3/images/{id}/enhanced",
        "required",
        {"200", "401", "402", "404", "422"},
        None,
        False,
        "bytes",
    ),
    "download_original_image": (
        "get",
        "/v3/images/{id}/original",
        "optional",
        {"200", "401", "404", "422"},
        None,
        False,
        "bytes",
    ),
    "report_image": (
        "post",
        "/v3/images/{id}/report",
        "required",
        {"200", "401", "404", "422"},
        "ReportIn",
        True,
        "ReportOut",
    ),
    "create_bracket": (
        "post",
        "/v3/brackets/",
        "required",
        {"200", "401", "404", "422"},
        "BracketIn",
        True,
        "BracketCreatedOut",
    ),
}
IMAGE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp"}


@pytest.mark.parametrize("op_id", sorted(IMAGES_REFERENCE))
def test_images_reference_operation(op_id: str) -> None:
    method, path, auth, statuses, body, body_required, ok_body = IMAGES_REFERENCE[op_id]
    assert op_id in BY_ID, "every operation of the images reference is in the spec"
    found_path, found_method, op = BY_ID[op_id]
    assert (found_method, found_path) == (method, path)
    assert statuses <= set(op["responses"]), "every status of the reference is documented"
    assert _auth(op) == auth
    if body is None:
        assert "requestBody" not in op
    else:
        assert op["requestBody"].get("required", False) is body_required
        assert _ref_name(op["requestBody"]["content"]["application/json"]["schema"]) == body
    if ok_body is None:
        assert set(_success(op)) == {"204"}
    elif ok_body == "bytes":
        content = deref(op["responses"]["200"])["content"]
        assert set(content) == IMAGE_MEDIA_TYPES, "downloads answer image bytes"
        assert all(
            media["schema"] == {"type": "string", "format": "binary", "contentMediaType": name}
            for name, media in content.items()
        )
        redirect = deref(op["responses"]["302"])
        assert redirect["headers"]["Location"]["required"] is True, "the provider's redirect alternative"
    else:
        assert _ref_name(op["responses"]["200"]["content"]["application/json"]["schema"]) == ok_body


def test_images_reference_download_parameters() -> None:
    for op_id in ("download_enhanced_image", "download_original_image"):
        path, _, op = BY_ID[op_id]
        params = _params(path, op)
        assert deref(params[("query", "format")]["schema"])["enum"] == ["jpeg", "png", "webp"]
        quality = params[("query", "quality")]["schema"]
        assert (quality["minimum"], quality["maximum"]) == (1, 90)
        assert params[("query", "max_width")]["schema"]["minimum"] == 1
        scale = params[("query", "scale")]["schema"]
        assert (scale["type"], scale["minimum"], scale["maximum"]) == ("number", 0, 1)
        for flag in ("preview", "watermark", "finetune"):
            assert params[("query", flag)]["schema"] == {"type": "boolean"}
    path, _, op = BY_ID["download_enhanced_image"]
    assert _params(path, op)[("header", "x-dev-mode")]["schema"] == {"type": "boolean"}


def test_images_reference_schemas() -> None:
    schemas = load_spec()["components"]["schemas"]
    image_in = schemas["ImageIn"]
    assert image_in["required"] == ["image_name"], "image_name is the only required field"
    assert image_in["additionalProperties"] is True, "unknown properties are tolerated"
    assert deref(image_in["properties"]["ai_version"])["enum"] == [
        "5.x",
        "5.0",
        "4.x",
        "4.7",
        "4.5",
        "4.4",
        "4.3",
        "4.2",
        "4.1",
        "4.0",
        "3.x",
        "3.5",
        "3.4",
        "3.3",
        "3.2",
        "3.1",
        "3.0",
        "dev",
    ]
    for flag in ("enhance", "lens_correction", "vertical_correction"):
        assert image_in["properties"][flag]["default"] is True
    assert image_in["properties"]["privacy"]["type"] == ["boolean", "null"]
    assert image_in["properties"]["rating"] == {"type": "integer", "minimum": 0, "maximum": 5}
    assert "required" not in schemas["ImageInUpdate"], "every reprocess option is optional"
    assert schemas["ImageInUpdate"]["properties"] == image_in["properties"]
    created = schemas["ImageCreatedOut"]
    assert created["allOf"][0] == {"$ref": f"{SCHEMA_REF}ImageOut"}
    assert created["allOf"][1]["anyOf"] == [{"required": ["upload_url"]}, {"required": ["s3PutObjectUrl"]}]
    bracket_in = schemas["BracketIn"]
    assert set(bracket_in["required"]) == {"name", "order_id"}
    assert bracket_in["properties"]["name"]["pattern"] == "^[^/]+$", "a bracket's name holds no '/'"
    assert {"upload_url", "image_id", "is_uploaded"} <= set(schemas["BracketCreatedOut"]["properties"])
    assert schemas["BracketCreatedOut"]["properties"]["image_id"]["type"] == ["string", "null"]
    report = schemas["ReportIn"]
    assert report["required"] == ["categories"]
    assert len(deref(report["properties"]["categories"]["items"])["enum"]) == 20
    assert report["properties"]["source"]["enum"] == ["WEBAPP", "API"]
    processed = schemas["WebhookImageProcessed"]
    assert set(processed["required"]) == {"event", "image_id", "order_id", "error", "order_is_processing"}


def test_images_reference_version_uploads_and_webhooks() -> None:
    spec = load_spec()
    assert spec["info"]["x-api-version"] == "2025-05-08", "the version the official autoenhance 1.1.0 pins"
    assert not any("upload" in path for path in spec["paths"]), "the upload step is storage, not an API path"
    for op_id in ("create_image", "create_bracket"):
        upload = BY_ID[op_id][2]["x-upload"]
        assert (upload["method"], upload["url"]) == ("PUT", "$response.body#/upload_url")
        assert upload["headers"] == {"Content-Type": "application/octet-stream"}
    assert set(spec["webhooks"]) == {"image_processed", "webhook_updated"}
    assert "x-decision" in BY_ID["download_enhanced_image"][2]["responses"]["402"], "402 is invented"
