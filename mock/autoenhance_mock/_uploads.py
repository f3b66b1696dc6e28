"""Upload URLs: the mock's stand-in for presigned S3 PUT URLs, on its own origin under ``/__uploads__/``.

``upload_url`` seals (image or bracket, account, order, the content type the URL is signed for,
expiry) into the URL's token. ``receive_upload`` plays the storage: ``PUT`` the raw bytes, no
API key; 200 with an empty body and an ETag, or S3's XML errors:

=====  ======================  =====================================================================
403    SignatureDoesNotMatch   not a URL this mock issued (altered, truncated), or another Content-Type
403    AccessDenied            "Request has expired": the URL's lifetime (``url_seconds``) has passed
404    NoSuchKey               the image, bracket or order it was issued for was deleted
405    MethodNotAllowed        anything but PUT (``Allow: PUT``)
411    MissingContentLength    no Content-Length (a chunked upload): S3 needs the size up front
400    EntityTooLarge          over ``upload_max_bytes`` (50 MiB by default)
400    EntityTooSmall          an empty body: the mock needs the file's bytes to render downloads
=====  ======================  =====================================================================

Uploads have their own size limit and reader: the API's 1 MiB JSON limit is not theirs.
A ``status`` fault on storage answers ``storage_fault_error`` instead: S3's code for the status.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import secrets
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ._asgi import Receive, read_body
from ._clock import iso
from ._imagestore import Upload
from ._responses import Reply

if TYPE_CHECKING:
    from ._store import Store

__all__ = ["ASSETS", "UPLOADS", "receive_upload", "s3_error", "storage_fault_error", "upload_url"]

UPLOADS = "/__uploads__/"
ASSETS = "/__assets__/"
OCTET_STREAM = "application/octet-stream"
_KINDS = {"i": "image", "b": "bracket"}


def s3_error(
    status: int, code: str, message: str, extra: dict[str, str] | None = None, allow: str | None = None
) -> Reply:
    """An S3-shaped XML error; ``data`` keeps code and message for the request log."""
    request_id = secrets.token_hex(8).upper()
    fields = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in (extra or {}).items())
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{escape(message)}</Message>{fields}"
        f"<RequestId>{request_id}</RequestId></Error>"
    ).encode()
    headers = [(b"content-type", b"application/xml"), (b"x-amz-request-id", request_id.encode())]
    if allow:
        headers.append((b"allow", allow.encode()))
    return Reply(status, body, headers, {"code": code, "message": message})


# S3's own code and message for the statuses a fault most often asks for.
_FAULT_CODES = {
    400: ("BadRequest", "Bad Request"),
    403: ("AccessDenied", "Access Denied"),
    404: ("NoSuchKey", "The specified key does not exist."),
    408: (
        "RequestTimeout",
        "Your socket connection to the server was not read from or written to within the timeout period.",
    ),
    409: ("OperationAborted", "A conflicting conditional operation is currently in progress against this resource."),
    429: ("SlowDown", "Please reduce your request rate."),
    500: ("InternalError", "We encountered an internal error. Please try again."),
    501: ("NotImplemented", "A header you provided implies functionality that is not implemented."),
    503: ("SlowDown", "Please reduce your request rate."),
}


def storage_fault_error(status: int, retry_after: int | None) -> Reply:
    """The answer of a ``status`` fault on an upload or asset URL: S3's XML error for ``status``
    (503 ``SlowDown``, 500 ``InternalError``, ...; another status, its reason phrase in one word:
    502 ``BadGateway``), ``Retry-After`` when given, and a ``Fault`` element saying who sent it."""
    code, message = _FAULT_CODES.get(status, ("", ""))
    if not code:
        try:
            message = HTTPStatus(status).phrase
        except ValueError:  # statuses Python does not know (520 ...)
            message = f"HTTP {status}"
        code = "".join(word.capitalize() for word in re.findall(r"[A-Za-z0-9]+", message))
    reply = s3_error(status, code, message, {"Fault": "Injected by the mock."})
    if retry_after is not None:
        reply.headers.append((b"retry-after", str(retry_after).encode()))
    return reply


def upload_url(store: Store, origin: str, upload: Upload, content_type: str, expires: float) -> str:
    claims = {
        "use": "upload",
        "k": upload.kind[0],
        "o": upload.owner,
        "r": upload.order_id,
        "id": upload.object_id,
        "ct": content_type,
        "x": expires,
    }
    return f"{origin}{UPLOADS}{store.signer.seal(claims)}"


def _claims(store: Store, token: str) -> tuple[Upload, str, float] | None:
    claims = store.signer.open(token) if token and "/" not in token else None
    if claims is None or claims.get("use") != "upload" or claims.get("k") not in _KINDS:
        return None
    values: list[Any] = [claims.get(name) for name in ("o", "r", "id", "ct")]
    expires = claims.get("x")
    if not all(isinstance(v, str) for v in values) or not isinstance(expires, (int, float)):
        return None
    owner, order_id, object_id, content_type = values
    return Upload(_KINDS[claims["k"]], owner, order_id, object_id), content_type, float(expires)


def forged() -> Reply:
    return s3_error(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. "
        "This URL was not issued by this mock, or was altered: use the URL exactly as the API answered it.",
    )


def expired(expires: float, now: float) -> Reply:
    return s3_error(403, "AccessDenied", "Request has expired", {"Expires": iso(expires), "ServerTime": iso(now)})


async def receive_upload(
    store: Store, method: str, token: str, headers: dict[str, list[str]], receive: Receive
) -> Reply:
    """Answer one request to an upload URL (``token`` is the path after ``/__uploads__/``)."""
    if method != "PUT":
        message = f"The specified method is not allowed against this resource: {method[:20]}; upload with PUT."
        return s3_error(405, "MethodNotAllowed", message, allow="PUT")
    found = _claims(store, token)
    if found is None:
        return forged()
    upload, content_type, expires = found
    now = store.clock.now()
    if now >= expires:
        return expired(expires, now)
    sent = (headers.get("content-type") or [""])[0].strip()
    if sent.lower() != content_type.lower():
        return s3_error(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            f"This URL is signed for Content-Type {content_type[:100]!r}; the request sent "
            f"{repr(sent[:100]) if sent else 'none'}.",
        )
    declared = (headers.get("content-length") or [""])[0]
    if not declared.isdigit():
        return s3_error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.")
    limit = store.settings.upload_max_bytes
    too_large = s3_error(
        400,
        "EntityTooLarge",
        "Your proposed upload exceeds the maximum allowed size.",
        {"ProposedSize": declared[:20], "MaxSizeAllowed": str(limit)},
    )
    if int(declared) > limit:
        return too_large
    data, too_big = await read_body(receive, headers, limit)
    if too_big:
        return too_large
    if not data:
        return s3_error(400, "EntityTooSmall", "Your proposed upload is empty; PUT the file's bytes.")
    if not store.images.receive(upload, data):
        what = "image" if upload.kind == "image" else "bracket"
        return s3_error(404, "NoSuchKey", f"The {what} this URL was issued for no longer exists (it was deleted).")
    # S3's ETag of a single PUT: the MD5 of the bytes. hashlib lets go of the GIL on large data,
    # so in a worker thread it runs beside the event loop, which goes on reading other uploads.
    digest = await asyncio.to_thread(lambda: hashlib.md5(data, usedforsecurity=False).hexdigest())
    etag = f'"{digest}"'
    return Reply(200, b"", [(b"etag", etag.encode())], None)
