"""The control surface under ``/__mock__/``: outside the public spec, for tests and CI.

GET    /__mock__/                 this index: every control endpoint and its methods
GET    /__mock__/health           liveness and the number of operations served
POST   /__mock__/reset            forget every order, fault and logged request; clock to now
POST   /__mock__/seed             add orders (with images and brackets) to an account
GET    /__mock__/state            every account's orders, keyed by key fingerprint
GET    /__mock__/clock            the mock's now
POST   /__mock__/clock/advance    {"seconds": N}: move the clock forward
GET    /__mock__/requests         the request log (?since=SEQ&limit=N, N >= 1); DELETE clears it
GET    /__mock__/faults           active faults; POST adds one; DELETE clears them
DELETE /__mock__/faults/ID        clear one fault by the id POST gave it
GET    /__mock__/openapi.json     the spec the mock serves
GET    /__mock__/credits          every account's credits; POST sets one's ({"api_key"|"account", "credits"})
GET    /__mock__/settings         the rules in force; POST changes some (redirect_downloads, daily_cap, ...)
POST   /__mock__/images/fail      {"image_id", "reason"}: put an image in error now (webhook sent)
GET    /__mock__/webhooks         every account's webhook; POST sets one; DELETE removes
GET    /__mock__/webhooks/deliveries  the webhook delivery log (?since=SEQ&account=FINGERPRINT)
POST   /__mock__/webhooks/flush   wait until every webhook due by the mock's now is sent

Accounts are named by api_key in a JSON body, or by account (the key's fingerprint); never by a key
in a URL. Credits, settings and images are in ``_control_accounts.py``, webhooks in
``_control_webhooks.py``; the README's "Control surface" section documents each.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import jsonschema_rs

from . import _control_accounts, _control_webhooks
from ._clock import iso
from ._controlkit import Query, Route, SeedError
from ._faults import FaultError
from ._image import image_defaults
from ._responses import Reply, http_error, json_reply
from ._store import fingerprint
from ._validation import schema_problems

if TYPE_CHECKING:
    from ._app import MockApp
    from ._asgi import Scope

__all__ = ["ROUTES", "SeedError", "handle_control"]


def _json(body: bytes) -> Any:
    if not body:
        return {}
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SeedError("json", f"Invalid JSON body: {exc}.") from None


def _validator(app: MockApp, name: str) -> jsonschema_rs.Validator:
    return jsonschema_rs.Draft202012Validator({**app.spec.document, "$ref": f"#/components/schemas/{name}"})


def _seed(app: MockApp, data: Any) -> Reply:
    if not isinstance(data, dict) or not isinstance(data.get("orders"), list):
        raise SeedError("orders", 'Expected {"api_key": ..., "orders": [{...}, ...]}.')
    key = data.get("api_key")
    if key is None and len(app.api_keys) == 1:
        (key,) = app.api_keys
    if key not in app.api_keys:
        raise SeedError("api_key", "Give api_key: one of the keys the mock was started with.")
    order_ids, images = _validator(app, "OrderId"), _validator(app, "ImageOut")
    owner = fingerprint(key)
    plans = []
    for i, raw in enumerate(data["orders"]):
        where = f"orders.{i}"
        if not isinstance(raw, dict):
            raise SeedError(where, "Each order is an object.")
        unknown = set(raw) - {"order_id", "name", "status", "images", "brackets"}
        if unknown:
            raise SeedError(where, f"Unknown field(s): {', '.join(sorted(unknown))}.")
        if "order_id" in raw and schema_problems(order_ids, raw["order_id"]):
            raise SeedError(f"{where}.order_id", "Not a valid order id (1-128 characters, no '/', not '.' or '..').")
        name = raw.get("name")
        if name is not None and (not isinstance(name, str) or len(name) > 255):
            raise SeedError(f"{where}.name", "A string of at most 255 characters, or null.")
        status = raw.get("status", "waiting")
        if status is not None and not isinstance(status, str):
            raise SeedError(f"{where}.status", "A string or null.")
        built = []
        for j, img in enumerate(raw.get("images", [])):
            full = {
                **image_defaults("?", app.store.signer.user_id(owner), int(app.clock.now() * 1000)),
                **(img if isinstance(img, dict) else {}),
            }
            problems = schema_problems(images, full) if isinstance(img, dict) else {"_": ["an object"]}
            if problems:
                raise SeedError(f"{where}.images.{j}", f"Not a valid ImageOut: {problems}.")
            built.append(full)
        brackets = raw.get("brackets", [])
        if not isinstance(brackets, list) or not all(isinstance(b, dict) for b in brackets):
            raise SeedError(f"{where}.brackets", "A list of objects.")
        plans.append((raw.get("order_id"), name, status, built, brackets))
    image_ids = [img["image_id"] for plan in plans for img in plan[3]]
    created = []
    with app.store.locked():
        taken = [p[0] for p in plans if p[0] is not None and app.store.get(owner, p[0]) is not None]
        if taken or len({p[0] for p in plans if p[0]}) != len([p for p in plans if p[0]]):
            raise SeedError("orders", f"Duplicate order id(s): {taken or 'within the seed'}.", 409)
        account = app.store.account(owner)
        taken = [i for i in image_ids if account is not None and i in account.images]
        if taken or len(set(image_ids)) != len(image_ids):
            raise SeedError("orders", f"Duplicate image id(s): {taken or 'within the seed'}.", 409)
        for order_id, name, status, built, brackets in plans:
            order = app.store.create(owner, order_id, name)
            assert order is not None
            order.seed_status(status)
            for image in built:
                image["order_id"] = order.order_id
            app.store.add_images(order, built)
            app.store.add_brackets(order, brackets)
            created.append(order.to_json())
    return json_reply(200, {"orders": created})


def _advance(app: MockApp, data: Any) -> Reply:
    seconds = data.get("seconds") if isinstance(data, dict) else None
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds <= 10**9:
        raise SeedError("seconds", 'A number of seconds from 0 to 1e9, e.g. {"seconds": 5}.')
    now = app.clock.advance(seconds)
    app.webhooks.wake()  # what finished by the new now is announced without waiting for a tick
    return _clock(app, now)


def _clock(app: MockApp, now: float | None = None) -> Reply:
    now = app.clock.now() if now is None else now
    return json_reply(200, {"now": iso(now), "epoch": now})


def _reset(app: MockApp) -> Reply:
    app.store.reset()  # orders, images, credits, limits, settings
    app.webhooks.reset()
    app.faults.clear()
    app.requests.clear()
    app.clock.reset()
    return json_reply(200, {"reset": True})


def _whole(query: Query, name: str, least: int) -> int | None:
    """The query parameter ``name`` as a whole number >= ``least``, None if absent; else SeedError."""
    values = query.get(name)
    if values is None:
        return None
    text = values[0]
    if not (text.isascii() and text.isdigit()) or int(text) < least:
        raise SeedError(name, f"{name} is a whole number, {least} or more; got {text[:40]!r}.")
    return int(text)


def _requests(app: MockApp, query: Query) -> Reply:
    since = _whole(query, "since", 0) or 0
    limit = _whole(query, "limit", 1)
    return json_reply(200, {"requests": app.requests.since(since, limit)})


def _add_fault(app: MockApp, data: Any) -> Reply:
    try:
        return json_reply(200, app.faults.add(data).to_json())
    except FaultError as exc:
        raise SeedError("fault", str(exc)) from None


def _health(app: MockApp, _data: Any, _query: Query) -> Reply:
    return json_reply(200, {"status": "ok", "operations": len(app.spec.operations)})


def _state(app: MockApp, _data: Any, _query: Query) -> Reply:
    return json_reply(200, {"accounts": app.store.dump()})


def _clear_requests(app: MockApp, _data: Any, _query: Query) -> Reply:
    app.requests.clear()
    return json_reply(200, {"cleared": True})


def _faults(app: MockApp, _data: Any, _query: Query) -> Reply:
    return json_reply(200, {"faults": app.faults.active()})


def _clear_faults(app: MockApp, _data: Any, _query: Query) -> Reply:
    app.faults.clear()
    return json_reply(200, {"cleared": True})


def _openapi(app: MockApp, _data: Any, _query: Query) -> Reply:
    return json_reply(200, app.spec.document)


ROUTES: dict[str, dict[str, Route]] = {
    "": {"GET": lambda app, data, query: _index(app, data, query)},
    "health": {"GET": _health},
    "reset": {"POST": lambda app, _d, _q: _reset(app)},
    "seed": {"POST": lambda app, data, _q: _seed(app, data)},
    "state": {"GET": _state},
    "clock": {"GET": lambda app, _d, _q: _clock(app)},
    "clock/advance": {"POST": lambda app, data, _q: _advance(app, data)},
    "requests": {"GET": lambda app, _d, query: _requests(app, query), "DELETE": _clear_requests},
    "faults": {"GET": _faults, "POST": lambda app, data, _q: _add_fault(app, data), "DELETE": _clear_faults},
    "openapi.json": {"GET": _openapi},
    **_control_accounts.ROUTES,
    **_control_webhooks.ROUTES,
}


def _index(app: MockApp, _data: Any, _query: Query) -> Reply:
    endpoints = {f"/__mock__/{name}": sorted(methods) for name, methods in ROUTES.items()}
    endpoints["/__mock__/faults/{id}"] = ["DELETE"]
    return json_reply(200, {"endpoints": endpoints, "docs": "README.md, section 'Control surface'"})


def _remove_fault(app: MockApp, fault_id: str) -> Reply:
    if not fault_id.isdigit() or not app.faults.remove(int(fault_id)):
        raise SeedError("fault", f"No active fault has the id {fault_id!r}; GET /__mock__/faults lists them.", 404)
    return json_reply(200, {"cleared": int(fault_id)})


def handle_control(app: MockApp, method: str, raw_path: bytes, scope: Scope, body: bytes) -> Reply:
    name = raw_path.decode("latin-1").removeprefix("/__mock__").strip("/")
    fault_id = name.removeprefix("faults/")
    if name.startswith("faults/") and "/" not in fault_id:  # /__mock__/faults/{id}
        if method != "DELETE":
            return http_error(405, {"method": "Allowed: DELETE."}, [(b"allow", b"DELETE")])
        try:
            return _remove_fault(app, fault_id)
        except SeedError as exc:
            return http_error(exc.status, {exc.field: str(exc)})
    methods = ROUTES.get(name)
    if methods is None:
        return http_error(404, {"path": f"No control endpoint {name!r}; see the README's mock section."})
    route = methods.get(method)
    if route is None:
        allow = ", ".join(sorted(methods))
        return http_error(405, {"method": f"Allowed: {allow}."}, [(b"allow", allow.encode())])
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    try:
        return route(app, _json(body) if method in ("POST", "PUT", "DELETE") else None, query)
    except SeedError as exc:
        return http_error(exc.status, {exc.field: str(exc)})
