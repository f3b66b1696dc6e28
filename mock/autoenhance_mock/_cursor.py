"""List offsets: opaque tokens naming where a walk over an account's orders stands.

A token is the creation seq of the last order served and the account it was issued to, signed,
so orders created during a walk never shift it, and a token from another key or altered is
refused (``BadCursor``, a 422 naming ``offset``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = ["BadCursor", "Cursors"]


class BadCursor(ValueError):
    """A list offset token that is malformed or was issued to another key."""


class Cursors:
    def __init__(self) -> None:
        self._secret = secrets.token_bytes(16)

    def _sign(self, payload: str) -> str:
        return hmac.new(self._secret, payload.encode(), hashlib.sha256).hexdigest()[:16]

    def make(self, owner: str, seq: int) -> str:
        payload = f"{seq}.{owner}"
        raw = f"{payload}.{self._sign(payload)}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def read(self, owner: str, token: str) -> int:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
            seq_text, token_owner, signature = raw.split(".")
            seq = int(seq_text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadCursor("Not an offset this API issued; pass back pagination.next_offset.") from exc
        if not hmac.compare_digest(signature, self._sign(f"{seq_text}.{token_owner}")):
            raise BadCursor("Not an offset this API issued; pass back pagination.next_offset.")
        if token_owner != owner:
            raise BadCursor("This offset was issued to another API key.")
        return seq
