"""The Brackets operation's handler: register an HDR bracket of the caller's order, with its upload URL.

Grouping and enhancing happen when the order is processed (``_orders.process_order``,
``_lifecycle``); the bracket's bytes arrive through its upload URL (``_uploads``).
"""

from __future__ import annotations

from typing import Any

from ._handlers import Call, handles
from ._imagestore import Upload
from ._responses import Reply, http_error, json_reply
from ._uploads import OCTET_STREAM, upload_url

__all__: list[str] = []


@handles("create_bracket")
def create_bracket(call: Call) -> Reply:
    assert call.owner is not None, "the spec requires a key here; the app checked it"
    body: dict[str, Any] = call.body
    store = call.store
    bracket = store.images.add_bracket(call.owner, body["order_id"], body["name"], body.get("metadata") or {})
    if bracket is None:
        return http_error(404, {"order_id": f"No order with id {body['order_id']!r}."})
    upload = Upload("bracket", call.owner, body["order_id"], bracket.bracket_id)
    expires = store.clock.now() + store.settings.url_seconds
    answer = bracket.to_json(body["order_id"])
    answer["upload_url"] = upload_url(store, call.origin, upload, OCTET_STREAM, expires)
    return json_reply(200, answer)
