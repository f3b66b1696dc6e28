"""The Orders operations' handlers. Inputs arrive already validated against the spec.

Each handler registers itself with ``@handles("operation_id")`` (see ``_handlers.py``), gets a
``Call`` (the caller's account, the typed parameters and the parsed body) and answers a ``Reply``.
"""

from __future__ import annotations

from ._cursor import BadCursor
from ._handlers import Call, handles
from ._responses import Reply, http_error, json_reply, validation_error
from ._store import GroupingRefused

__all__ = ["MAX_PER_PAGE"]

MAX_PER_PAGE = 50


def _not_found(name: str, order_id: str) -> Reply:
    return http_error(404, {name: f"No order with id {order_id!r}."})


def _owner(call: Call) -> str:
    assert call.owner is not None, "the spec requires a key here; the app checked it"
    return call.owner


@handles("create_order")
def create_order(call: Call) -> Reply:
    body = call.body or {}
    order = call.store.create(_owner(call), body.get("order_id"), body.get("name"))
    if order is None:
        return http_error(409, {"order_id": f"An order with id {body['order_id']!r} already exists."})
    return json_reply(200, order.to_json())


@handles("list_orders")
def list_orders(call: Call) -> Reply:
    per_page = min(call.params["per_page"], MAX_PER_PAGE)
    try:
        orders, next_offset = call.store.page(_owner(call), call.params.get("offset"), per_page)
    except BadCursor as exc:
        return validation_error({"query": {"offset": [str(exc)]}})
    return json_reply(
        200,
        {
            "orders": [o.to_json() for o in orders],
            "pagination": {"per_page": per_page, "next_offset": next_offset},
        },
    )


@handles("retrieve_order")
def retrieve_order(call: Call) -> Reply:
    order = call.store.get(call.owner, call.params["id"])
    if order is None:
        return _not_found("id", call.params["id"])
    return json_reply(200, order.to_json(call.params.get("sort_images_by")))


@handles("update_order")
def update_order(call: Call) -> Reply:
    order_id = call.params["id"]
    body = call.body or {}
    if call.store.get(_owner(call), order_id) is None:
        return _not_found("id", order_id)
    if "order_id" in body and body["order_id"] != order_id:
        message = f"An order's id cannot change: must be {order_id!r}, as in the path, or left out."
        return validation_error({"json": {"order_id": [message]}})
    order = call.store.rename(_owner(call), order_id, body.get("name"))
    if order is None:  # deleted between the two calls above
        return _not_found("id", order_id)
    return json_reply(200, order.to_json())


@handles("delete_order")
def delete_order(call: Call) -> Reply:
    if not call.store.delete(_owner(call), call.params["id"]):
        return _not_found("id", call.params["id"])
    return Reply(204)


def _start(call: Call, merge: bool) -> Reply:
    body = call.body or {}
    named = [bid for image in body.get("images") or [] for bid in image["bracket_ids"]]
    twice = sorted({bid for bid in named if named.count(bid) > 1})
    if twice:
        listed = ", ".join(repr(bid) for bid in twice[:20])
        message = f"A bracket can make one image only; named more than once: {listed}."
        return validation_error({"json": {"images": [message]}})
    try:
        order = call.store.start_job(_owner(call), call.params["id"], body, merge)
    except GroupingRefused as exc:
        return validation_error({"json": {"images": [str(exc)]}})
    if order is None:
        return _not_found("id", call.params["id"])
    return json_reply(200, order.to_json())


@handles("process_order")
def process_order(call: Call) -> Reply:
    return _start(call, merge=False)


@handles("merge_order")
def merge_order(call: Call) -> Reply:
    return _start(call, merge=True)


@handles("list_order_brackets")
def list_order_brackets(call: Call) -> Reply:
    brackets = call.store.brackets(call.owner, call.params["order_id"])
    if brackets is None:
        return _not_found("order_id", call.params["order_id"])
    return json_reply(200, {"brackets": brackets})
