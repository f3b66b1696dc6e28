"""What the control surface's modules share: its error, its route type, and naming an account.

A control call names an account by ``api_key`` (in a JSON body, never in a URL: keys do not belong
in logs or browser histories) or by ``account``, the key's fingerprint as state dumps and logs show
it. A mock with one key needs neither.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._responses import Reply
from ._store import fingerprint

if TYPE_CHECKING:
    from ._app import MockApp

__all__ = ["Query", "Route", "SeedError", "account_of", "whole"]

Query = dict[str, list[str]]
Route = Callable[["MockApp", Any, Query], Reply]


class SeedError(ValueError):
    """A control call that cannot be carried out; answered ``status`` with ``{field: message}``."""

    def __init__(self, field: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.field, self.status = field, status


def account_of(app: MockApp, data: Any, *, required: bool = True) -> str | None:
    """The fingerprint of the account ``data`` names (``api_key`` or ``account``); SeedError if none fits.

    With neither given: the only account of a one-key mock, else SeedError (or None if not ``required``).
    """
    data = data if isinstance(data, dict) else {}
    key, account = data.get("api_key"), data.get("account")
    if key is not None and account is not None:
        raise SeedError("api_key", "Give api_key or account, not both.")
    if key is not None:
        if key not in app.api_keys:
            raise SeedError("api_key", "Not one of the keys the mock was started with.")
        return fingerprint(key)
    known = {fingerprint(k) for k in app.api_keys}
    if account is not None:
        if account not in known:
            raise SeedError(
                "account", f"No account has the fingerprint {str(account)[:40]!r}; the accounts are {sorted(known)}."
            )
        return str(account)
    if len(known) == 1:
        return next(iter(known))
    if not required:
        return None
    message = "The mock has several accounts: give api_key (one of its keys) or account (a fingerprint)."
    raise SeedError("api_key", message)


def whole(value: Any, name: str, least: int, most: int) -> int:
    """``value`` as a whole number in [least, most], or SeedError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise SeedError(name, f"{name} is a whole number from {least} to {most}, got {value!r:.60}.")
    return value
