"""Control endpoints for the webhooks the mock sends (images.md: set in the provider's web app).

GET    /__mock__/webhooks             every account's webhook (url, header, token_set; never the token)
POST   /__mock__/webhooks             {"url", "token"?, "header"? (Authorization), "api_key" | "account"}:
                                      set it; webhook_updated is sent at once
DELETE /__mock__/webhooks             {"api_key" | "account"}: remove one; no body: remove every one
GET    /__mock__/webhooks/deliveries  the delivery log (?since=SEQ&account=FINGERPRINT), oldest first
POST   /__mock__/webhooks/flush       {"timeout"?: seconds}: wait until what is due by now is sent
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._controlkit import Query, Route, SeedError, account_of
from ._responses import Reply, json_reply
from ._store import fingerprint

if TYPE_CHECKING:
    from ._app import MockApp

__all__ = ["ROUTES"]


def _webhooks(app: MockApp, _data: Any, _query: Query) -> Reply:
    views = {owner: app.webhooks.view(owner) for owner in sorted(fingerprint(k) for k in app.api_keys)}
    return json_reply(200, {"webhooks": {owner: view for owner, view in views.items() if view is not None}})


def _set(app: MockApp, data: Any, _query: Query) -> Reply:
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        raise SeedError("url", 'Give the receiver: {"url": "http://...", "token": "...", "header": "Authorization"}.')
    unknown = set(data) - {"url", "token", "header", "api_key", "account"}
    if unknown:
        raise SeedError(sorted(unknown)[0], f"Unknown field(s): {', '.join(sorted(unknown))}.")
    owner = account_of(app, data)
    assert owner is not None
    token, header = data.get("token"), data.get("header", "Authorization")
    if token is not None and not isinstance(token, str):
        raise SeedError("token", "token is a string (sent raw in the header), or null for none.")
    if not isinstance(header, str):
        raise SeedError("header", "header is the name of the HTTP header that carries the token.")
    try:
        # Under the store's lock: everything due by now is settled (announced to the webhook there
        # was, if any) before the save, and nothing settles between the two. So an image finished
        # by the moment of the save never reaches the new webhook, whether a read settled it or not.
        with app.store.locked():
            now = app.clock.now()
            app.store.settle_due(now)
            view = app.webhooks.configure(owner, data["url"], token, header, since=now)
    except ValueError as exc:  # the message starts with the field it is about, never quotes the token
        raise SeedError(str(exc).split(" ", 1)[0], str(exc)) from None
    return json_reply(200, view)


def _remove(app: MockApp, data: Any, _query: Query) -> Reply:
    owner = account_of(app, data, required=False) if data else None
    owners = sorted(fingerprint(k) for k in app.api_keys) if owner is None else [owner]
    removed = [o for o in owners if app.webhooks.remove(o)]
    return json_reply(200, {"removed": removed})


def _deliveries(app: MockApp, _data: Any, query: Query) -> Reply:
    since_text = (query.get("since") or ["0"])[0]
    if not (since_text.isascii() and since_text.isdigit()):
        raise SeedError("since", f"since is a whole number, 0 or more; got {since_text[:40]!r}.")
    given = query.get("account")
    account = given[0] if given else None
    if account is not None:
        account_of(app, {"account": account})  # refuses an unknown fingerprint
    return json_reply(200, {"deliveries": app.webhooks.deliveries(account, int(since_text))})


def _flush(app: MockApp, data: Any, _query: Query) -> Reply:
    timeout = data.get("timeout", 10) if isinstance(data, dict) else 10
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 60:
        raise SeedError("timeout", "timeout is a number of real seconds, more than 0 and at most 60.")
    return json_reply(200, {"flushed": app.webhooks.flush(float(timeout))})


ROUTES: dict[str, dict[str, Route]] = {
    "webhooks": {"GET": _webhooks, "POST": _set, "DELETE": _remove},
    "webhooks/deliveries": {"GET": _deliveries},
    "webhooks/flush": {"POST": _flush},
}
