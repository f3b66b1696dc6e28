"""Talking to the storage behind presigned URLs: the PUT of an upload and what its answers mean.

The storage is another host than the API (S3 for the real API, ``/__uploads__/`` on the mock):
requests to it are bare (no API key, none of the API's headers: the URL's signature is the only
credential), and its errors are S3's XML (``<Error><Code>...</Code><Message>...</Message>``),
read into ``UploadError`` and its subclasses. A signed URL is a credential too: messages and logs
name only its scheme and host.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterable, Iterable

import httpx

from ._exceptions import (
    APIConnectionError,
    APITimeoutError,
    UploadError,
    UploadExpiredError,
    UploadSignatureError,
)
from ._settings import Settings, user_agent

__all__ = ["log_put", "put_request", "storage_error", "transport_error", "where"]

logger = logging.getLogger("autoenhance_sdk")
_FIELD = re.compile(r"<(Code|Message)>([^<]{0,500})</\1>")


def where(url: str | httpx.URL) -> str:
    """The storage as messages name it: scheme and host, never the signed path or query."""
    parsed = httpx.URL(url)
    return f"{parsed.scheme}://{parsed.netloc.decode('ascii', 'replace')}"


def put_request(
    url: str, content: Iterable[bytes] | AsyncIterable[bytes] | bytes, size: int, content_type: str, settings: Settings
) -> httpx.Request:
    """The PUT of one file: ``Content-Length`` set, so the body streams without chunked encoding
    (presigned S3 PUTs refuse it), and nothing else of the API's requests."""
    headers = {"content-type": content_type, "content-length": str(size), "user-agent": user_agent()}
    timeout = {"timeout": settings.timeout.as_dict()}
    return httpx.Request("PUT", url, headers=headers, content=content, extensions=timeout)


def storage_error(response: httpx.Response, name: str) -> UploadError:
    """The typed error of a refused upload, from the storage's XML error when it sent one."""
    found = dict(_FIELD.findall(response.text[:65536]))
    code, text = found.get("Code"), found.get("Message")
    body = {"Code": code, "Message": text} if found else response.text[:500]
    detail = f"{code}: {text}" if code else (text or f"HTTP {response.status_code}")
    host = where(response.request.url)
    message = f"The storage at {host} refused the upload of {name!r} ({response.status_code} {detail})."
    kind: type[UploadError] = UploadError
    if code == "SignatureDoesNotMatch":
        kind = UploadSignatureError
        message += " The URL is signed for another Content-Type, or was changed after signing."
    elif code == "AccessDenied" and "expired" in (text or "").lower():
        kind = UploadExpiredError
    return kind(message, response=response, body=body, code=code)


def transport_error(exc: httpx.RequestError, request: httpx.Request, name: str) -> APIConnectionError:
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if kind is APITimeoutError else f"failed ({type(exc).__name__}: {exc})"
    # the exception's text may quote the URL: only the host is shown
    what = what.replace(str(request.url), where(request.url))
    return kind(f"The upload of {name!r} to {where(request.url)} {what}.", request=request)


def log_put(request: httpx.Request, name: str, outcome: str, attempt: int, seconds: float) -> None:
    shown = where(request.url)
    logger.info("PUT %s (upload of %r) -> %s (attempt %d, %.1f ms)", shown, name, outcome, attempt, seconds * 1000)
