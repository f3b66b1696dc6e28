"""What one attempt's outcome means: a result, a retry after some delay, or an error.

Pure functions of the request, the answer (or the transport exception) and the retry state, so
the sync and async clients run the same rules and tests can check them without a network.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Generic, TypeVar, cast
from urllib.parse import quote, unquote_to_bytes

import httpx

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    make_status_error,
)
from ._reading import read_model
from ._requests import Prepared
from ._response import RawResponse
from ._retry import RetryTiming, is_retryable_status, parse_retry_after

__all__ = [
    "Done",
    "Outcome",
    "Recover",
    "Retry",
    "decide_exception",
    "decide_response",
    "log_attempt",
    "redirect_target",
    "scrub",
    "shown_path",
    "streams_to_sink",
]

T = TypeVar("T")
logger = logging.getLogger("autoenhance_sdk")
_PREVIEW = 200
# What a download may be: an image, or the generic binary types storage serves objects as.
_BINARY_TYPES = ("application/octet-stream", "binary/octet-stream")


@dataclass(frozen=True)
class Done(Generic[T]):
    raw: RawResponse[T]


@dataclass(frozen=True)
class Retry:
    delay: float
    error: APIError  # raised if this turns out to be the last attempt


@dataclass(frozen=True)
class Recover:
    """A 409 to our own retried create: the first attempt made the order; fetch it."""

    error: APIStatusError


Outcome = Done[T] | Retry | Recover


def scrub(text: str, api_key: str | None) -> str:
    """Remove the API key from anything about to be shown: messages, logs."""
    return text.replace(api_key, "[redacted]") if api_key else text


def scrub_data(data: Any, api_key: str | None) -> Any:
    """``scrub`` through a parsed JSON body: a server that echoes the key must not make it leak
    through ``error.body`` into a user's logs."""
    if not api_key:
        return data
    if isinstance(data, str):
        return scrub(data, api_key)
    if isinstance(data, list):
        return [scrub_data(v, api_key) for v in data]
    if isinstance(data, dict):
        return {scrub(str(k), api_key): scrub_data(v, api_key) for k, v in data.items()}
    return data


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:  # 520, 599 ...: still an error with a status, never a crash
        return "Unknown Status"


def _body(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        return response.text


_ESCAPED = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _readable(escaped: re.Match[str]) -> str:
    """A run of percent-escapes, decoded where that shows a character as it is: printable ones,
    but not ``%``, a space, ``/``, ``?`` or ``#`` (whose decoding would read as something else:
    an id ``x?y=1`` is not a query)."""
    try:
        text = unquote_to_bytes(escaped.group(0)).decode("utf-8")
    except UnicodeDecodeError:
        return escaped.group(0)
    return "".join(c if c.isprintable() and c not in "% /?#" else quote(c, safe="") for c in text)


def shown_path(url: httpx.URL) -> str:
    """A request's path for messages and logs: as sent (percent-encoded), so an id with a line
    break or a terminal escape cannot forge a log line or colour one, except that printable
    characters (a unicode id's letters) read as themselves. Never the query (a signed URL's is a
    credential)."""
    raw = url.raw_path.split(b"?", 1)[0].decode("ascii", "backslashreplace")
    return _ESCAPED.sub(_readable, raw)


def _where(request: httpx.Request, redirected: bool = False) -> str:
    """What a message names: the API's method and path, or the asset host a download's redirect
    led to (its host and port only: the rest of a signed URL is a credential)."""
    if redirected:
        port = f":{request.url.port}" if request.url.port is not None else ""
        return f"the asset URL the API redirected to (host {request.url.host}{port})"
    return f"{request.method} {shown_path(request.url)}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def status_error(
    response: httpx.Response, api_key: str | None, retry_after: float | None, *, redirected: bool = False
) -> APIStatusError:
    """The error of a non-2xx answer. ``redirected``: the answer of the asset host a download was
    redirected to, not of the API; its body (storage's error page, which may quote the signed
    URL) stays out of the message, and a 4xx says what it most likely means."""
    body = scrub_data(_body(response), api_key)
    if isinstance(body, str):
        body = body[:_PREVIEW]  # cut after scrubbing: a cut first could leave part of the key
    summary = ""
    if redirected:
        if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
            summary = "; signed asset URLs expire: download again for a fresh one"
    elif isinstance(body, dict):
        parts = [str(body.get("message") or ""), json.dumps(body.get("detail", {}), ensure_ascii=False)]
        summary = ": " + " ".join(p for p in parts if p)
    elif body:
        summary = f": {body}"
    status = f"{response.status_code} {_reason(response.status_code)}"
    message = scrub(_sentence(f"{_where(response.request, redirected)} answered {status}{summary}"), api_key)[:1000]
    return make_status_error(message, response, body, retry_after, redirected=redirected)


def read_success(
    prepared: Prepared[T],
    response: httpx.Response,
    attempts: int,
    api_key: str | None,
    *,
    strict: bool,
    warned: set[tuple[str, str]],
    redirected: bool = False,
) -> RawResponse[T]:
    """Parse a 2xx answer into the generated model, or say exactly what came back instead.

    The texts of the errors (where the answer came from, a preview of its body) are made only
    when one is raised: a sound answer pays for none of them.
    """
    model = prepared.model
    if model is None:  # no body expected (delete): whatever came with the 2xx is not read
        return RawResponse(cast(T, None), response, attempts)

    def where() -> str:
        return f"The {response.status_code} answer to {_where(response.request, redirected)}"

    if response.status_code == 204 or not response.content:
        what = "an image" if model is bytes else f"one ({model.__name__})"
        raise APIResponseValidationError(
            f"{where()} has no body; the spec promises {what}.", response=response, body=None
        )
    ctype = content_type(response)
    if model is bytes:
        return RawResponse(cast(T, _image_bytes(response, where, ctype, api_key)), response, attempts)
    if "json" not in ctype.split(";")[0]:
        preview = _preview(response, api_key)
        raise APIResponseValidationError(
            f"{where()} is {ctype or 'untyped'}, not JSON: {preview!r}", response=response, body=preview
        )
    try:
        data = json.loads(response.content)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        preview = _preview(response, api_key)
        raise APIResponseValidationError(
            f"{where()} is not valid JSON ({exc}): {preview!r}", response=response, body=preview
        ) from None
    try:
        parsed = read_model(model, data, strict=strict, operation=prepared.operation, warned=warned)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        problem = f"missing field {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
        raise APIResponseValidationError(
            f"{where()} does not match the spec ({problem}): {_preview(response, api_key)!r}",
            response=response,
            body=scrub_data(data, api_key),
        ) from None
    return RawResponse(parsed, response, attempts)


def _preview(response: httpx.Response, api_key: str | None) -> str:
    return scrub(response.text, api_key)[:_PREVIEW]  # scrub first: a cut could split the key


def _image_bytes(response: httpx.Response, where: Callable[[], str], ctype: str, api_key: str | None) -> bytes:
    """The body of a download: an image (or storage's generic binary), never a JSON or HTML page."""
    media = ctype.split(";")[0].strip().lower()
    if media.startswith("image/") or media in _BINARY_TYPES:
        return response.content
    preview = _preview(response, api_key)
    raise APIResponseValidationError(
        f"{where()} is {media or 'untyped'}, not an image: {preview!r}", response=response, body=preview
    )


def content_type(response: httpx.Response) -> str:
    """The answer's Content-Type, or "". ``headers.get`` first works out the text encoding of
    every header of the answer: one plain ASCII value is read directly instead."""
    found = [value for name, value in response.headers.raw if name.lower() == b"content-type"]
    if len(found) == 1 and found[0].isascii():
        return found[0].decode("ascii")
    return str(response.headers.get("content-type", ""))  # none, several (joined), or not ASCII


def streams_to_sink(response: httpx.Response) -> bool:
    """A download's image, to be streamed to disk (a 2xx answer of an image type)."""
    return response.is_success and _is_image(content_type(response))


def _is_image(ctype: str) -> bool:
    media = ctype.split(";")[0].strip().lower()
    return media.startswith("image/") or media in _BINARY_TYPES


def redirect_target(response: httpx.Response, hops: int, max_hops: int) -> httpx.URL:
    """Where a download's redirect leads, or why it is not followed (an APIResponseValidationError).

    The URL is the one httpx read from ``Location`` (relative ones resolved), never its request:
    that request would carry the API request's headers. Only the scheme and host are ever
    quoted: a signed asset URL's query is a credential.
    """
    assert response.next_request is not None  # a redirect httpx could read (else a RemoteProtocolError)
    target = response.next_request.url
    where = f"The {response.status_code} answer to {_where(response.request, hops > 0)}"
    if target.scheme not in ("http", "https") or not target.host:
        raise APIResponseValidationError(
            f"{where} redirects to a {target.scheme}: URL; only http and https are followed.", response=response
        )
    if target.port is not None and not 0 < target.port < 65536:
        raise APIResponseValidationError(f"{where} redirects to port {target.port}, not 1 to 65535.", response=response)
    if hops >= max_hops:
        raise APIResponseValidationError(
            f"{where} redirects again after {max_hops} redirects (now to {target.scheme}://{target.host}); "
            "not followed further.",
            response=response,
        )
    return target


def decide_response(
    prepared: Prepared[T],
    response: httpx.Response,
    *,
    retries_done: int,
    max_retries: int,
    timing: RetryTiming,
    now: float,
    api_key: str | None,
    strict: bool,
    warned: set[tuple[str, str]],
    redirected: bool = False,
    sunk: Any = None,
    lost: bool = False,
) -> Outcome[T]:
    """``redirected``: the answer is the asset host's, a download's redirect having led there.
    ``sunk``: a download to disk's result, its image already written. ``lost``: an earlier
    attempt was sent and its answer never came (the server may have carried it out)."""
    status = response.status_code
    if sunk is not None:
        return Done(RawResponse(cast(T, sunk), response, retries_done + 1))
    if status == 404 and prepared.gone_ok and lost:
        logger.info("%s: an earlier attempt's answer was lost and it is gone now: deleted", prepared.operation)
        return Done(RawResponse(cast(T, None), response, retries_done + 1))
    if 200 <= status < 300:
        raw = read_success(
            prepared, response, retries_done + 1, api_key, strict=strict, warned=warned, redirected=redirected
        )
        return Done(raw)
    retry_after = parse_retry_after(response.headers, now)
    error = status_error(response, api_key, retry_after, redirected=redirected)
    if status == 409 and prepared.recover is not None and retries_done > 0:
        return Recover(error)
    if not is_retryable_status(status) or retries_done >= max_retries:
        raise error
    delay = timing.delay(retries_done, retry_after)
    if delay is None:  # the server asked for a longer wait than we are willing to sleep through
        raise error
    return Retry(delay, error)


def maybe_carried_out(exc: BaseException) -> bool:
    """Whether a failed attempt may have reached the server: not a connection never made."""
    return not isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol))


def decide_exception(
    exc: httpx.RequestError,
    request: httpx.Request,
    *,
    retries_done: int,
    max_retries: int,
    timing: RetryTiming,
    api_key: str | None,
    redirected: bool = False,
) -> Retry:
    """Transport failures (and undecodable bodies) become typed errors; raise it if no retry is
    left, else retry it. ``redirected``: the request went to the asset host of a download."""
    kind = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if kind is APITimeoutError else f"failed ({type(exc).__name__}: {exc})"
    error = kind(scrub(_sentence(f"{_where(request, redirected)} {what}"), api_key), request=request)
    if retries_done >= max_retries:
        raise error from None  # the message names the cause; its frames hold the request's headers
    return Retry(timing.backoff(retries_done), error)


def log_attempt(
    request: httpx.Request,
    response: httpx.Response | None,
    attempt: int,
    seconds: float,
    api_key: str | None,
    error: BaseException | None = None,
) -> None:
    if not logger.isEnabledFor(logging.INFO):
        return
    outcome = str(response.status_code) if response is not None else type(error).__name__
    logger.info(
        "%s %s -> %s (attempt %d, %.1f ms)",
        request.method,
        shown_path(request.url),
        outcome,
        attempt,
        seconds * 1000,
    )
    if logger.isEnabledFor(logging.DEBUG):
        if request.content:
            logger.debug("request body: %s", scrub(request.content.decode("utf-8", "replace"), api_key))
        if response is not None:
            logger.debug("response body: %s", _loggable(response, api_key))


def _loggable(response: httpx.Response, api_key: str | None) -> str:
    """A body as the debug log shows it: text scrubbed and cut, an image by its size only."""
    media = content_type(response).split(";")[0].strip().lower()
    if _is_image(media):
        try:
            size = len(response.content)
        except httpx.ResponseNotRead:  # a download to disk streamed its bytes on: counted, not kept
            size = response.num_bytes_downloaded
        return f"<{size} bytes of {media}>"
    return _SIGNED_URL.sub(_unsigned, scrub(response.text, api_key))[:2000]


# an upload URL in create_image's or create_bracket's answer is a credential (presigned): the
# debug log shows its scheme and host only, as the SDK's messages do
_SIGNED_URL = re.compile(r'("(?:upload_url|s3PutObjectUrl)"\s*:\s*")([a-zA-Z][a-zA-Z0-9+.-]*://[^/"?#]*)[^"]*"')


def _unsigned(found: re.Match[str]) -> str:
    return f'{found.group(1)}{found.group(2)}/[signed URL: not logged]"'
