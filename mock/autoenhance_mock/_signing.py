"""Signed tokens for the URLs the mock hands out (uploads, assets): tamper-evident, expiring.

A token is ``<base64url JSON payload>.<HMAC-SHA256>``, signed with a secret drawn when the app is
built, so it names exactly what it was issued for (an image or bracket, the content type it is
signed for, its expiry) and nobody can forge or alter one. Like a presigned S3 URL it needs no
API key: holding it is the permission.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

__all__ = ["Signer"]


class Signer:
    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)
        self._user_ids: dict[str, str] = {}  # every read of an order settles it: an HMAC each time

    def _mac(self, payload: str) -> str:
        return hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256).hexdigest()[:32]

    def user_id(self, owner: str) -> str:
        """The ``user_id`` images of account ``owner`` show: ``user-<12 hex>``, an HMAC of the account
        under this signer's secret. Stable for the life of the app; unlike the key's fingerprint
        (logs, state), nobody can derive it from a key, so a keyless read confirms no guessed key."""
        made = self._user_ids.get(owner)
        if made is None:
            mac = hmac.new(self._secret, b"user_id\0" + owner.encode("utf-8", "surrogatepass"), hashlib.sha256)
            if len(self._user_ids) >= 4096:  # accounts made by the control API: keep it bounded
                self._user_ids.clear()
            made = self._user_ids[owner] = f"user-{mac.hexdigest()[:12]}"
        return made

    def seal(self, claims: dict[str, Any]) -> str:
        raw = json.dumps(claims, separators=(",", ":"), ensure_ascii=True).encode()
        payload = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
        return f"{payload}.{self._mac(payload)}"

    def open(self, token: str) -> dict[str, Any] | None:
        """The claims of a token this signer sealed, else None (malformed, altered or foreign)."""
        payload, dot, mac = token.partition(".")
        if not dot or not payload.isascii() or not mac.isascii():
            return None
        if not hmac.compare_digest(mac, self._mac(payload)):
            return None
        try:
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except ValueError:
            return None
        return claims if isinstance(claims, dict) else None
