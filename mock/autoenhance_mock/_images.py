"""The Images operations' handlers: register (with its upload URL), retrieve, reprocess, delete, report.

Inputs arrive validated against the spec. The store does the work per account (``store.images``);
downloads are in ``_downloads.py``, brackets in ``_brackets.py``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from ._handlers import Call, handles
from ._imagestore import Found, Limited, OrderNotFound, Upload
from ._responses import Reply, http_error, json_reply, validation_error
from ._uploads import OCTET_STREAM, upload_url

__all__ = ["LEGACY_BEFORE", "legacy_version"]

LEGACY_BEFORE = "2025-05-08"  # x-api-version dates before this get s3PutObjectUrl
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def legacy_version(version: Any) -> bool:
    """Whether an ``x-api-version`` value selects the pre-2025-05-08 answers: a real calendar date,
    written exactly ``YYYY-MM-DD``, before it. Anything else (``2024-13-45``, ``20240101``,
    ``latest``) is "another value", which gets the current answers."""
    if not isinstance(version, str) or not _DATE.fullmatch(version):
        return False
    try:
        day = datetime.date.fromisoformat(version)
    except ValueError:  # no such day: month 13, February 30, year 0
        return False
    return day < datetime.date.fromisoformat(LEGACY_BEFORE)


def _owner(call: Call) -> str:
    assert call.owner is not None, "the spec requires a key here; the app checked it"
    return call.owner


def _not_found(image_id: str) -> Reply:
    return http_error(404, {"id": f"No image with id {image_id!r}."})


@handles("create_image")
def create_image(call: Call) -> Reply:
    body: dict[str, Any] = call.body
    owner = _owner(call)
    result = call.store.images.create(owner, body)
    if isinstance(result, OrderNotFound):
        return http_error(404, {"order_id": f"No order with id {result.order_id!r}."})
    if isinstance(result, Limited):
        detail = {
            "image_name": f"Over {call.store.settings.same_name_per_hour} images named {body['image_name'][:100]!r} "
            f"in an hour; retry in {result.retry_after} s.",
            "retry_after": result.retry_after,
        }
        return http_error(429, detail, [(b"retry-after", str(result.retry_after).encode())])
    image = result.image
    upload = Upload("image", owner, image.order_id, image.image_id)
    expires = image.expires_at or call.store.clock.now()
    answer = dict(image.to_json())
    if legacy_version(call.params.get("x-api-version")):
        declared = body.get("content_type", body.get("contentType"))
        content_type = declared if isinstance(declared, str) and declared.strip() else OCTET_STREAM
        answer["s3PutObjectUrl"] = upload_url(call.store, call.origin, upload, content_type.strip(), expires)
    else:
        answer["upload_url"] = upload_url(call.store, call.origin, upload, OCTET_STREAM, expires)
    return json_reply(200, answer)


@handles("retrieve_image")
def retrieve_image(call: Call) -> Reply:
    found = call.store.images.find(call.owner, call.params["id"])
    return _not_found(call.params["id"]) if found is None else json_reply(200, found.image.to_json())


@handles("delete_image")
def delete_image(call: Call) -> Reply:
    if not call.store.images.delete(_owner(call), call.params["id"]):
        return _not_found(call.params["id"])
    return Reply(204)


@handles("process_image")
def process_image(call: Call) -> Reply:
    image_id, body = call.params["id"], call.body or {}
    store = call.store
    with store.locked():
        found = store.images.find(_owner(call), image_id)
        if found is None:
            return _not_found(image_id)
        if "order_id" in body and body["order_id"] != found.image.order_id:
            message = f"An image cannot move to another order: must be {found.image.order_id!r} or left out."
            return validation_error({"json": {"order_id": [message]}})
        updated: Found | None = store.images.reprocess(_owner(call), image_id, body)
        assert updated is not None, "found above, under the same lock"
        return json_reply(200, updated.image.to_json())


@handles("report_image")
def report_image(call: Call) -> Reply:
    body: dict[str, Any] = call.body
    report = {
        "image_id": call.params["id"],
        "categories": list(body["categories"]),
        "comment": body.get("comment"),
        "score": body.get("score"),
        "source": body.get("source"),
    }
    if call.store.images.report(_owner(call), call.params["id"], report) is None:
        return _not_found(call.params["id"])
    return json_reply(200, report)
