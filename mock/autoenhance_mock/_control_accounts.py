"""Control endpoints for what an account has and what the mock's rules are.

GET  /__mock__/credits         every account's credits, by fingerprint
POST /__mock__/credits         {"api_key" | "account", "credits": N}: set one account's credits
GET  /__mock__/settings        the rules in force (credits, daily_cap, same_name_per_hour, url_seconds,
                               upload_max_bytes, redirect_downloads)
POST /__mock__/settings        {some of them}: change them until the next reset
POST /__mock__/images/fail     {"image_id", "reason"?, "api_key" | "account"?}: put an image in error now
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._controlkit import Query, Route, SeedError, account_of, whole
from ._responses import Reply, json_reply
from ._settings import SettingsError
from ._store import fingerprint

if TYPE_CHECKING:
    from ._app import MockApp

__all__ = ["ROUTES"]

DEFAULT_REASON = "Failed on purpose through the mock's control surface."


def _credits(app: MockApp, _data: Any, _query: Query) -> Reply:
    owners = sorted(fingerprint(k) for k in app.api_keys)
    return json_reply(200, {"credits": {owner: app.store.credits.balance(owner) for owner in owners}})


def _set_credits(app: MockApp, data: Any, _query: Query) -> Reply:
    owner = account_of(app, data)
    assert owner is not None
    amount = whole(data.get("credits") if isinstance(data, dict) else None, "credits", 0, 10**12)
    return json_reply(200, {"account": owner, "credits": app.store.credits.set(owner, amount)})


def _settings(app: MockApp, _data: Any, _query: Query) -> Reply:
    return json_reply(200, app.store.settings.to_json())


def _change_settings(app: MockApp, data: Any, _query: Query) -> Reply:
    try:
        app.store.settings = app.store.settings.changed(data)
    except SettingsError as exc:
        raise SeedError(exc.field, str(exc)) from None
    return json_reply(200, app.store.settings.to_json())


def _fail(app: MockApp, data: Any, _query: Query) -> Reply:
    if not isinstance(data, dict) or not isinstance(data.get("image_id"), str) or not data["image_id"]:
        raise SeedError("image_id", 'Give the image to fail: {"image_id": "...", "reason": "..."}.')
    reason = data.get("reason", DEFAULT_REASON)
    if not isinstance(reason, str) or not 1 <= len(reason) <= 1000:
        raise SeedError("reason", "reason is a string of 1 to 1000 characters (the image's status_reason).")
    owner = account_of(app, data, required=False) if {"api_key", "account"} & set(data) else None
    found = app.store.images.fail(owner, data["image_id"], reason)
    if found is None:
        raise SeedError("image_id", f"No image with id {data['image_id'][:100]!r}.", 404)
    return json_reply(200, {"image": found.image.to_json()})


ROUTES: dict[str, dict[str, Route]] = {
    "credits": {"GET": _credits, "POST": _set_credits},
    "settings": {"GET": _settings, "POST": _change_settings},
    "images/fail": {"POST": _fail},
}
