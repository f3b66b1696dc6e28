"""Read the webhooks Autoenhance.ai POSTs to your service: check the token, get a typed event.

The provider sends ``{"event": "webhook_updated"}`` when the webhook is saved in its web app and
one ``image_processed`` per finished image. Each request carries the token you saved with the
webhook, raw, in ``Authorization`` (or the header you chose: pass ``header=``). ``parse`` checks
it in constant time before it reads the body. A Flask handler (FastAPI: ``await request.body()``)::

    from autoenhance_sdk import WebhookVerificationError, webhooks

    @app.post("/autoenhance/webhook")
    def autoenhance_webhook():
        try:
            event = webhooks.parse(request.get_data(), request.headers, token=WEBHOOK_TOKEN)
        except WebhookVerificationError:
            return "", 401
        if isinstance(event, webhooks.ImageProcessed) and not event.error:
            download_later(event.image_id)  # answer fast; download outside the request
        return "", 204

Events of a name this version does not know come back as ``UnknownEvent``, not as an error.
Messages never contain the token, received or expected.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeAlias, cast

from ._exceptions import InvalidInputError, WebhookVerificationError

__all__ = ["Event", "ImageProcessed", "UnknownEvent", "WebhookUpdated", "parse"]


@dataclass(frozen=True, slots=True)
class ImageProcessed:
    """An image finished: enhanced (``error`` false) or failed (``error`` true).
    ``order_is_processing`` is false once every image of the order is done."""

    event: ClassVar[str] = "image_processed"
    image_id: str
    order_id: str
    error: bool
    order_is_processing: bool
    raw: dict[str, Any] = field(repr=False, hash=False)  # the whole body, extra fields included


@dataclass(frozen=True, slots=True)
class WebhookUpdated:
    """The webhook was saved (or changed) in the provider's web app."""

    event: ClassVar[str] = "webhook_updated"
    raw: dict[str, Any] = field(repr=False, hash=False)


@dataclass(frozen=True, slots=True)
class UnknownEvent:
    """An event this SDK does not know yet (its token was right): ``event`` is its name."""

    event: str
    raw: dict[str, Any] = field(repr=False, hash=False)


Event: TypeAlias = ImageProcessed | WebhookUpdated | UnknownEvent


_Pairs: TypeAlias = Iterable[tuple[str | bytes, str | bytes]]
_Headers: TypeAlias = Mapping[str, str] | _Pairs
_JSON_TYPES = {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object"}


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value), "null")


def _text(value: object) -> str:
    if isinstance(value, (bytes, bytearray)):
        return value.decode("latin-1")  # HTTP's header encoding
    if isinstance(value, str):
        return value
    raise TypeError(f"a header name or value is a {type(value).__name__}")


def _received(headers: _Headers, name: str) -> list[str]:
    """Every value of header ``name`` (any case), from a mapping or (name, value) pairs."""
    items = getattr(headers, "items", None)  # dicts, httpx/Starlette/Django/werkzeug headers
    pairs = items() if callable(items) else cast(_Pairs, headers)
    wanted = name.lower()
    try:
        return [_text(value) for key, value in pairs if _text(key).lower() == wanted]
    except (TypeError, ValueError) as exc:  # None, a number, pairs that are not (name, value) of str or bytes
        raise InvalidInputError(
            "headers must be the request's headers: a mapping or (name, value) pairs of str or bytes "
            f"(got {type(headers).__name__}: {exc})"
        ) from None


def _check_token(headers: _Headers, token: str, header: str) -> None:
    values = _received(headers, header)
    if not values:
        raise WebhookVerificationError(f"the request has no {header!r} header: it carries no webhook token")
    if len(values) > 1:
        raise WebhookVerificationError(f"the request has {len(values)} {header!r} headers; the token comes in one")
    if not hmac.compare_digest(values[0].encode(errors="surrogatepass"), token.encode(errors="surrogatepass")):
        raise WebhookVerificationError(f"the token in the {header!r} header does not match the webhook's token")


def _field(raw: dict[str, Any], name: str, kind: type) -> Any:
    value = raw.get(name)
    if not isinstance(value, kind) or value == "":
        what = "a boolean" if kind is bool else "a non-empty string"
        got = "it is missing" if name not in raw else f"got {'an empty string' if value == '' else _json_type(value)}"
        raise WebhookVerificationError(f"image_processed: {name!r} must be {what}; {got}")
    return value


def parse(body: bytes | str, headers: _Headers, *, token: str, header: str = "authorization") -> Event:
    """Check a webhook request's token, then read its body as an event.

    ``body`` is the raw request body (bytes or str, not parsed JSON); ``headers`` the request's
    headers: any mapping (dict, httpx, Starlette, Django, Flask/werkzeug headers) or (name, value)
    pairs, looked up in any case. ``token`` is the one saved with the webhook; ``header`` the
    header the provider puts it in.

    Raises ``WebhookVerificationError`` when the header is missing or its token does not match
    (treat the request as not the provider's: answer 401), or when the body is not an event.
    Raises ``InvalidInputError`` for an empty ``token`` or ``header``, or a body or headers of the
    wrong kind (``None``, a string, anything neither a mapping nor (name, value) pairs).
    """
    given: object = token
    if not isinstance(given, str) or not given:
        raise InvalidInputError("token must be the webhook's token, a non-empty string")
    name: object = header
    if not isinstance(name, str) or not name:
        raise InvalidInputError("header must be the name of the header carrying the token, a non-empty string")
    raw_body: object = body
    if not isinstance(raw_body, (bytes, bytearray, str)):
        raise InvalidInputError(f"body must be the raw request body, bytes or str, got {type(raw_body).__name__}")
    request_headers: object = headers
    if isinstance(request_headers, (str, bytes)):
        raise InvalidInputError("headers must be the request's headers (a mapping or name-value pairs), not a string")
    _check_token(headers, token, header)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: nesting too deep to read
        raise WebhookVerificationError("the body is not JSON: it is not a webhook event") from None
    if not isinstance(data, dict):
        raise WebhookVerificationError(f"the body is a JSON {_json_type(data)}, not an object: not a webhook event")
    event = data.get("event")
    if not isinstance(event, str) or not event:
        raise WebhookVerificationError("the body has no 'event' (a non-empty string): not a webhook event")
    if event == "webhook_updated":
        return WebhookUpdated(data)
    if event != "image_processed":
        return UnknownEvent(event, data)
    return ImageProcessed(
        image_id=_field(data, "image_id", str),
        order_id=_field(data, "order_id", str),
        error=_field(data, "error", bool),
        order_is_processing=_field(data, "order_is_processing", bool),
        raw=data,
    )
