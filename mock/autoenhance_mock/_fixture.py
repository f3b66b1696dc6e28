"""``AutoenhanceMock``: a running mock as tests use it (the ``autoenhance_mock`` fixture's value).

Its helpers call the control surface in process (the same code as ``/__mock__/...`` over HTTP,
so the same validation and errors), whether the mock is served on a socket or in process.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import unescape

import httpx

from ._app import MockApp
from ._control import handle_control
from ._inprocess import InProcessTransport
from ._store import fingerprint

if TYPE_CHECKING:
    from autoenhance_sdk import AsyncAutoenhance, Autoenhance

__all__ = ["AutoenhanceMock", "MockControlError"]


class MockControlError(ValueError):
    """A helper of ``AutoenhanceMock`` was given something the control surface refuses.

    ``status`` and ``detail`` say why. For a refused ``upload``, ``code`` and ``message`` are S3's
    (``"SignatureDoesNotMatch"``, ``"Request has expired"``, ...), also in ``detail``; for any
    other refusal they are None.
    """

    def __init__(self, status: int, detail: Any, *, code: str | None = None, message: str | None = None) -> None:
        super().__init__(f"the mock refused this ({status}): {detail}")
        self.status, self.detail = status, detail
        self.code, self.message = code, message


class AutoenhanceMock:
    """A mock of the API with fresh state, and what a test needs to steer and inspect it.

    ``url`` and ``api_key`` are what a client needs (the fixture also puts them in
    ``AUTOENHANCE_BASE_URL`` and ``AUTOENHANCE_API_KEY``); ``api_keys`` lists every valid key,
    each its own account. ``inprocess`` tells whether requests reach the app without a socket.
    """

    def __init__(self, app: MockApp, url: str, *, inprocess: bool) -> None:
        self.app, self.url, self.inprocess = app, url, inprocess
        self.api_keys: tuple[str, ...] = tuple(sorted(app.api_keys))
        self.api_key = self.api_keys[0]

    def __repr__(self) -> str:  # never the keys
        mode = "in-process" if self.inprocess else "socket"
        return f"<AutoenhanceMock {self.url} ({mode}, {len(self.api_keys)} key(s))>"

    def _account(self, api_key: str | None) -> dict[str, str]:
        return {"api_key": api_key or self.api_key}

    def _control(self, method: str, path: str, body: Any = None, query: str = "") -> Any:
        scope = {"query_string": query.encode()}
        raw = b"" if body is None else json.dumps(body).encode()
        reply = handle_control(self.app, method, f"/__mock__/{path}".encode(), scope, raw)
        if reply.status != 200:
            raise MockControlError(reply.status, reply.data.get("detail", reply.data))
        return reply.data

    def reset(self) -> None:
        """Forget every order, image, fault, logged request, webhook and credit; settings back to
        their defaults; the clock back to now."""
        self._control("POST", "reset")

    def seed(self, orders: list[dict[str, Any]], *, api_key: str | None = None) -> list[dict[str, Any]]:
        """Create orders (with images and brackets) in one account, all or nothing.

        Each order is ``{"order_id", "name", "status", "images": [...], "brackets": [...]}``, every
        field optional; returns them as the API shows them. ``api_key`` defaults to ``api_key``.
        """
        data = self._control("POST", "seed", {"api_key": api_key or self.api_key, "orders": orders})
        return list(data["orders"])

    def orders(self, *, api_key: str | None = None) -> list[dict[str, Any]]:
        """One account's orders as the API shows them now, newest first."""
        accounts = self._control("GET", "state")["accounts"]
        return list(accounts.get(fingerprint(api_key or self.api_key), []))

    def advance(self, seconds: float) -> float:
        """Move the mock's clock forward (processing follows it); returns the new time."""
        return float(self._control("POST", "clock/advance", {"seconds": seconds})["epoch"])

    def now(self) -> float:
        """The mock's time, seconds since the epoch."""
        return float(self._control("GET", "clock")["epoch"])

    def fault(self, kind: str, **options: Any) -> dict[str, Any]:
        """Inject a fault: ``fault("status", status=503, count=2)``, ``fault("latency", latency_ms=50)``
        (every request, uploads and asset fetches included), ``fault("drop", operation="create_order",
        count=1)``, ``fault("status", status=503, operation="upload")`` (uploads alone; ``"asset"``:
        asset fetches alone); the README lists kinds and options."""
        return dict(self._control("POST", "faults", {"kind": kind, **options}))

    def clear_faults(self) -> None:
        self._control("DELETE", "faults")

    def requests(self, operation: str | None = None) -> list[dict[str, Any]]:
        """Requests the mock received, oldest first (optionally one operationId's): method, path,
        operation, verdict against the spec, status, faults, key fingerprint (never the key)."""
        known = {op.operation_id for op in self.app.spec.operations}
        if operation is not None and operation not in known:
            names = ", ".join(sorted(known))
            raise MockControlError(400, f"operation must be an operationId ({names}), got {operation!r}")
        entries = self._control("GET", "requests")["requests"]
        return [e for e in entries if operation is None or e.get("operation") == operation]

    # -- images, credits, settings ------------------------------------------------------------

    def upload(self, url: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """PUT ``data`` to an upload URL (``upload_url`` or ``s3PutObjectUrl``), as a client would.

        The URL is signed for ``application/octet-stream`` (legacy URLs: the declared type); a
        refusal raises ``MockControlError`` with S3's error code and message.
        """
        transport = InProcessTransport(self.app) if self.inprocess else None
        with httpx.Client(transport=transport, trust_env=False, timeout=30) as http:
            response = http.put(url, content=data, headers={"content-type": content_type})
        if response.status_code != 200:
            found = dict(re.findall(r"<(Code|Message)>(.*?)</\1>", response.text, re.S))
            code, message = (unescape(found[k]) if k in found else None for k in ("Code", "Message"))
            raise MockControlError(response.status_code, {"code": code, "message": message}, code=code, message=message)

    def image(self, image_id: str, *, api_key: str | None = None) -> dict[str, Any]:
        """One image as the API shows it now (``retrieve_image`` as ``api_key``'s account)."""
        found = self.app.store.images.find(fingerprint(api_key or self.api_key), image_id)
        if found is None:
            raise MockControlError(404, {"id": f"No image with id {image_id!r} in this account."})
        return dict(found.image.to_json())

    def fail_image(self, image_id: str, reason: str | None = None, *, api_key: str | None = None) -> dict[str, Any]:
        """Put an image in ``error`` now with ``reason`` as its status_reason (its webhook is sent)."""
        body: dict[str, Any] = {"image_id": image_id, **self._account(api_key)}
        if reason is not None:
            body["reason"] = reason
        return dict(self._control("POST", "images/fail", body)["image"])

    def credits(self, *, api_key: str | None = None) -> int:
        """The account's credits left (each first full-size download spends one)."""
        return int(self._control("GET", "credits")["credits"][fingerprint(api_key or self.api_key)])

    def set_credits(self, credits: int, *, api_key: str | None = None) -> int:
        """Set the account's credits (0: full-size downloads answer 402)."""
        return int(self._control("POST", "credits", {"credits": credits, **self._account(api_key)})["credits"])

    def settings(self, **changes: Any) -> dict[str, Any]:
        """The rules in force, after applying ``changes`` (``daily_cap=2``, ``url_seconds=60``, ...)
        until the next reset; the README lists them."""
        return dict(self._control("POST", "settings", changes) if changes else self._control("GET", "settings"))

    def redirect_downloads(self, on: bool = True) -> None:
        """Downloads answer 302 to a signed asset URL on the mock (as the provider does), or the bytes."""
        self.settings(redirect_downloads=on)

    # -- webhooks ----------------------------------------------------------------------------

    def set_webhook(
        self, url: str, token: str | None = None, *, header: str = "Authorization", api_key: str | None = None
    ) -> dict[str, Any]:
        """Send the account's webhooks to ``url`` (the token raw in ``header``); ``webhook_updated``
        goes out at once. Returns the webhook as shown (never the token)."""
        body = {"url": url, "token": token, "header": header, **self._account(api_key)}
        return dict(self._control("POST", "webhooks", body))

    def remove_webhook(self, *, api_key: str | None = None) -> None:
        self._control("DELETE", "webhooks", self._account(api_key))

    def flush_webhooks(self, timeout: float = 10.0) -> bool:
        """Wait (at most ``timeout`` real seconds) until every webhook due by the mock's now is sent."""
        return bool(self._control("POST", "webhooks/flush", {"timeout": timeout})["flushed"])

    def webhook_deliveries(
        self, *, api_key: str | None = None, flush: bool = True, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """The account's webhook attempts, oldest first (event, status, outcome...); flushed first,
        so what the clock made due is in: no sleeping."""
        if flush and not self.flush_webhooks(timeout):
            raise MockControlError(504, {"webhooks": f"Not every due webhook was sent within {timeout} s."})
        query = f"account={fingerprint(api_key or self.api_key)}"
        return list(self._control("GET", "webhooks/deliveries", query=query)["deliveries"])

    # -- clients -----------------------------------------------------------------------------

    def client(self, **options: Any) -> Autoenhance:
        """An SDK client bound to this mock (``options`` go to ``Autoenhance``); close it after."""
        from autoenhance_sdk import Autoenhance

        return Autoenhance(**{"base_url": self.url, "api_key": self.api_key, **options})

    def async_client(self, **options: Any) -> AsyncAutoenhance:
        """An async SDK client bound to this mock, that needs no closing.

        Over a socket it keeps no connection open between requests, so a test's event loop can
        end without closing it (closing needs that loop); in process there is nothing to close.
        """
        from autoenhance_sdk import AsyncAutoenhance

        if not self.inprocess and "http_client" not in options:
            transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))
            options["http_client"] = httpx.AsyncClient(transport=transport, timeout=httpx.Timeout(60, connect=5))
        return AsyncAutoenhance(**{"base_url": self.url, "api_key": self.api_key, **options})
