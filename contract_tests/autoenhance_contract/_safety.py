"""Keep schemathesis' requests independent of what the server already holds, off other accounts'
and users' orders and images, and off the account's credits.

Fresh ids for creates. hypothesis replays a choice sequence and requires it to unfold the same
way; schemathesis' stateful rules depend on the statuses answered. A generated ``order_id`` in a
create body is the same on every replay and every run with the same seed, so the first create
answers 200 and the replay 409 (the order now exists, or survives from an earlier run on a
sandbox): the rules that follow differ and hypothesis stops with FlakyStrategyDefinition. Each
create therefore gets an id no earlier request can have used; ids that break the spec stay, to
be rejected as they should. Which id a create's body ``order_id`` gets follows from the spec:

- on the orders collection (``POST /v3/orders/``) it is the new order's own id: a fresh one;
- elsewhere it names the order the new thing goes into. Where the body may leave it out
  (``create_image``: the server then makes an order, and an id that names no order creates it),
  a fresh id: the server creates that order for this case. Where the body requires it
  (``create_bracket``: the order must exist), an order made for this case just before it (or,
  when create_order is not selected, an id that cannot exist: a 404 every time).

Fresh image names. More than 30 images with one ``image_name`` in an hour answer 429 (its
Retry-After up to an hour): generated names repeat (the spec's examples, short strings), so the
status of a create would depend on earlier runs and cases. A create's valid ``image_name`` gets a
unique suffix (still 1 to 255 characters); an invalid one stays, to be rejected.

Hands off what the run did not create. schemathesis reuses ids it sees in answers (a list returns
the account's real orders and their images), so on a sandbox it could update, process or delete
a user's order or image. Before each call to a mutating operation (a write on a path that names
an id), an id that is valid but was not created by this run, in the collection the path names it
in (``/v3/orders/{id}`` an order, ``/v3/images/{id}`` an image), is swapped for one that cannot
exist. Every order and image a create returns is recorded for the guard and the clean-up.

Credits. On a real server without --allow-credits, every request to an operation that can spend
credits (those taking ``x-dev-mode``) goes with ``x-dev-mode: true``. A generated value that is
not a boolean is left as it is (the case is negative: the server must refuse it, which spends
nothing), but then the case asks for no full-size image (``preview=false`` is dropped).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import jsonschema_rs
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER

from ._options import DEV_MODE, credit_operations, mutating_operations, operations, path_resources
from ._target import Target

__all__ = ["creates", "install_safety_hooks", "operation_id", "record_created"]


def operation_id(case: Any) -> str | None:
    value = case.operation.definition.raw.get("operationId")
    return value if isinstance(value, str) else None


def creates() -> dict[str, str]:
    """operationId -> the collection it creates in, for each POST on a collection (no id in its
    path): ``create_order`` -> ``orders``, ``create_image`` -> ``images``."""
    return {
        operation: path.strip("/").split("/")[-1]
        for operation, method, path in operations()
        if method == "POST" and "{" not in path
    }


def record_created(target: Target, operation: str | None, response: Any, api_key: str, sent: Any = None) -> None:
    """Record what a create answered: an order (the orders collection), or an image with its
    order. The image's order is recorded only when this run made it (the body named none, or one
    of the run's own): an answer never makes the run own another's order."""
    collection = creates().get(operation or "")
    if collection is None or not 200 <= response.status_code < 300:
        return
    try:
        answer = response.json()
    except ValueError:
        return
    if not isinstance(answer, dict):
        return
    order_id = answer.get("order_id")
    if collection == "orders" and isinstance(order_id, str):
        target.created.add(api_key, order_id)
    elif isinstance(answer.get("image_id"), str) and collection == "images":
        named = sent.get("order_id") if isinstance(sent, dict) else None
        ours = isinstance(order_id, str) and (named is None or target.created.owns(api_key, order_id))
        target.created.add_image(api_key, answer["image_id"], order_id if ours else None)


def _validator(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    return jsonschema_rs.Draft202012Validator({**document, **schema})


def install_safety_hooks(
    target: Target, document: dict[str, Any], make_order: Callable[[], str | None] = lambda: None
) -> None:
    """Register the hooks (schemathesis allows call hooks only globally: one run per process).
    ``make_order`` creates an order for a case that needs an existing one (its id, or None when it
    may not)."""
    order_id = _validator(document, {"$ref": "#/components/schemas/OrderId"})
    made_in = creates()
    body_order: dict[str, str] = {}  # create -> "fresh" or "existing"
    for operation, method, path in operations():
        if operation in made_in:
            body = document["paths"][path][method.lower()].get("requestBody", {})
            schema = body.get("content", {}).get("application/json", {}).get("schema", {})
            schema = _resolve(document, schema)
            if "order_id" in schema.get("properties", {}):
                required = made_in[operation] != "orders" and "order_id" in schema.get("required", [])
                body_order[operation] = "existing" if required else "fresh"
    guarded = {
        operation: [(name, collection, _path_validator(document, path, method, name)) for name, collection in ids]
        for operation, method, path in operations()
        if operation in mutating_operations()
        for ids in [path_resources()[operation]]
    }
    credits = credit_operations()

    def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
        operation = operation_id(case)
        if operation in body_order and isinstance(case.body, dict) and order_id.is_valid(case.body.get("order_id")):
            if body_order[operation] == "fresh":  # recorded first: the create may make it (create_image does)
                case.body["order_id"] = f"contract-{uuid.uuid4()}"
                target.created.add(target.api_key, case.body["order_id"], confirmed=False)
            else:
                case.body["order_id"] = make_order() or f"contract-missing-{uuid.uuid4()}"
        if operation in made_in and isinstance(case.body, dict):
            name = case.body.get("image_name")
            if isinstance(name, str) and 1 <= len(name) <= 255:
                case.body["image_name"] = f"{name[:218]}-{uuid.uuid4()}"
        if operation in credits and target.saves_credits:
            _dev_mode(case)
        if not target.careful or operation not in guarded:
            return
        for name, collection, valid in guarded[operation]:  # every id the path names
            value = (case.path_parameters or {}).get(name)
            theirs = isinstance(value, str) and not target.created.owns(target.api_key, value, collection)
            if theirs and valid.is_valid(value):
                case.path_parameters[name] = f"contract-missing-{uuid.uuid4()}"

    def after_call(context: Any, case: Any, response: Any) -> None:
        # Only the configured key can create (others get 401), so what is created belongs to it.
        operation = operation_id(case)
        record_created(target, operation, response, target.api_key, case.body)
        headers = {k.lower(): v for k, v in (case.headers or {}).items()}
        preview = (case.query or {}).get("preview")
        target.count_credit(operation in credits, headers.get(DEV_MODE), preview, response.status_code)

    GLOBAL_HOOK_DISPATCHER.register_hook_with_name(before_call, "before_call")
    GLOBAL_HOOK_DISPATCHER.register_hook_with_name(after_call, "after_call")


def _dev_mode(case: Any) -> None:
    headers = dict(case.headers or {})
    name = next((k for k in headers if k.lower() == DEV_MODE), DEV_MODE)
    value = headers.get(name)
    if value is None or value in ("true", "false", True, False):  # the forms a server reads as a boolean
        headers[name] = "true"
    elif isinstance(case.query, dict):  # a negative case: refused, but ask for nothing full-size
        for key in [k for k, v in case.query.items() if k == "preview" and str(v).lower() == "false"]:
            del case.query[key]
    case.headers = headers


def _resolve(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _path_validator(document: dict[str, Any], path: str, method: str, name: str) -> Any:
    item = document["paths"][path]
    for parameter in item.get("parameters", []) + item[method.lower()].get("parameters", []):
        parameter = _resolve(document, parameter)
        if parameter["in"] == "path" and parameter["name"] == name:
            return _validator(document, parameter["schema"])
    raise LookupError(f"{method} {path} has no path parameter {name!r}")
