"""Downloads: real image bytes rendered from the upload, or a 302 to a signed asset URL.

``/enhanced`` answers a watermarked preview (at most 1024 px) unless ``preview=false``; the first
full-size download of an image spends a credit and sets ``downloaded``; later ones are free;
``x-dev-mode: true`` spends nothing, changes nothing and is watermarked; no credit left is 402.
``/original`` renders the upload without the enhancement, full size unless ``preview=true``.
An image not processed (``/enhanced``) or not uploaded (``/original``) is 404 naming its state.

With ``redirect_downloads`` on, both answer 302 to ``/__assets__/<token>`` on the mock's origin
(what the provider does): the token seals the image, its upload version, the render options and
an expiry, so the asset serves exactly what the API call decided, without an API key. The credit
is spent by the API call, never by fetching the asset.

Handlers decide (and spend) under the store's lock, on the event loop, in request order; the
render itself is ``deferred``: the app runs it in a worker thread.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ._handlers import Call, handles
from ._imagestore import Found
from ._render import RenderOptions
from ._renders import Original
from ._responses import Reply, deferred, http_error
from ._uploads import ASSETS, expired, forged, s3_error

if TYPE_CHECKING:
    from ._store import Store

__all__ = ["serve_asset"]

NO_CREDIT = "No credit left for a full-size download; previews stay free."


def _original(found: Found) -> Original:
    image = found.image
    key = (found.order.owner, image.image_id, image.version)
    return Original(key, str(image.fields.get("image_name", "")), image.original, image.parts)


def _options(params: dict[str, Any], *, preview: bool, watermark: bool, enhance: bool) -> RenderOptions:
    return RenderOptions(
        format=params.get("format", "jpeg"),
        quality=params.get("quality"),
        max_width=params.get("max_width"),
        scale=params.get("scale"),
        preview=preview,
        watermark=watermark,
        enhance=enhance,
    )


def _not_found(image_id: str) -> Reply:
    return http_error(404, {"id": f"No image with id {image_id!r}."})


def _deliver(call: Call, original: Original, options: RenderOptions) -> Reply:
    store = call.store
    if store.settings.redirect_downloads:
        owner, image_id, version = original.key
        claims = {
            "use": "asset",
            "o": owner,
            "id": image_id,
            "v": version,
            "opts": dataclasses.asdict(options),
            "x": store.clock.now() + store.settings.url_seconds,
        }
        location = f"{call.origin}{ASSETS}{store.signer.seal(claims)}"
        return Reply(302, b"", [(b"location", location.encode())], None)
    return _rendered(store, original, options)


def _rendered(store: Store, original: Original, options: RenderOptions) -> Reply:
    """The answer, rendered in a worker thread: decoding and encoding a large image takes seconds,
    which must not stop the event loop (every other request, health included, would wait)."""

    def finish() -> Reply:
        rendered = store.renders.get(original, options)
        return Reply(200, rendered.body, [(b"content-type", rendered.media_type.encode())], None)

    return deferred(finish)


@handles("download_enhanced_image")
def download_enhanced_image(call: Call) -> Reply:
    assert call.owner is not None, "the spec requires a key here; the app checked it"
    params, image_id, store = call.params, call.params["id"], call.store
    preview = bool(params.get("preview", True))
    dev = bool(params.get("x-dev-mode", False))
    with store.locked():
        found = store.images.find(call.owner, image_id)
        if found is None:
            return _not_found(image_id)
        image = found.image
        if image.status != "processed":
            reason = image.fields.get("status_reason")
            because = f" ({reason})" if reason else ""
            detail = f"Image {image_id!r} is not processed yet: its status is {image.status!r}{because}."
            return http_error(404, {"id": detail})
        if not preview and not dev and not image.fields.get("downloaded"):
            if not store.credits.take(call.owner):
                return http_error(402, {"credits": NO_CREDIT})
            image.fields["downloaded"] = True
        original = _original(found)
    watermark = bool(params.get("watermark", False)) or dev
    return _deliver(call, original, _options(params, preview=preview, watermark=watermark, enhance=True))


@handles("download_original_image")
def download_original_image(call: Call) -> Reply:
    params, image_id, store = call.params, call.params["id"], call.store
    with store.locked():
        found = store.images.find(call.owner, image_id)
        if found is None:
            return _not_found(image_id)
        if not found.image.has_original:
            detail = f"Image {image_id!r} has no original yet: its status is {found.image.status!r} (not uploaded)."
            return http_error(404, {"id": detail})
        original = _original(found)
    preview = bool(params.get("preview", False))
    options = _options(params, preview=preview, watermark=bool(params.get("watermark", False)), enhance=False)
    return _deliver(call, original, options)


def serve_asset(store: Store, method: str, token: str) -> Reply:
    """Answer a request to an asset URL (``token`` is the path after ``/__assets__/``)."""
    if method != "GET":
        message = f"The specified method is not allowed against this resource: {method[:20]}; fetch it with GET."
        return s3_error(405, "MethodNotAllowed", message, allow="GET")
    claims = store.signer.open(token) if token and "/" not in token else None
    if claims is None or claims.get("use") != "asset":
        return forged()
    try:
        owner, image_id, version, expires = claims["o"], claims["id"], claims["v"], float(claims["x"])
        options = RenderOptions(**claims["opts"])
    except (KeyError, TypeError, ValueError):
        return forged()
    now = store.clock.now()
    if now >= expires:
        return expired(expires, now)
    with store.locked():
        found = store.images.find(owner, image_id) if isinstance(owner, str) and isinstance(image_id, str) else None
        if found is None or found.image.version != version:
            return s3_error(404, "NoSuchKey", "The image this URL was issued for was deleted or uploaded again.")
        original = _original(found)
    return _rendered(store, original, options)
