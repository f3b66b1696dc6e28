"""Every error the SDK raises, in one tree:

    AutoenhanceError
    ├── InvalidInputError (also a ValueError)  bad arguments, refused before anything is sent
    ├── MissingAPIKeyError                     the call needs a key and none is configured
    ├── WaitTimeoutError (also a TimeoutError) orders.wait() ran out of time
    ├── OrderNotStartedError                   orders.wait() on an order never sent for processing
    ├── BatchError                             files of a batch (upload, enhance, download) failed
    ├── ImageNotReadyError                     orders.download_all(): an image is not processed
    ├── WebhookVerificationError               webhooks.parse(): the token is wrong or missing
    └── APIError                               something went wrong talking to the API
        ├── APIConnectionError                 no usable answer: refused, reset, cut off
        │   └── APITimeoutError                no answer within the timeout
        ├── APIResponseValidationError         an answer that cannot be read as the spec says
        └── APIStatusError                     an answer with an error status (any 4xx/5xx)
            ├── BadRequestError                400
            ├── PaymentRequiredError           402 (no credit left for a full-size download)
            ├── AuthenticationError            401
            ├── PermissionDeniedError          403
            ├── NotFoundError                  404
            ├── ConflictError                  409
            ├── UnprocessableEntityError       422 (field_errors from the body)
            ├── RateLimitError                 429 (retry_after from the header)
            ├── InternalServerError            >= 500
            ├── AssetURLError                  a download's asset URL (signed storage) answered a 4xx
            └── UploadError                    the storage refused an upload (code: its error code)
                ├── UploadSignatureError       SignatureDoesNotMatch: another Content-Type, a bad URL
                └── UploadExpiredError         the upload URL expired (a fresh one expired too)

Messages never contain the API key: the SDK scrubs it from anything it quotes.
"""

from __future__ import annotations

from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AssetURLError",
    "AuthenticationError",
    "AutoenhanceError",
    "BadRequestError",
    "BatchError",
    "ConflictError",
    "InternalServerError",
    "ImageNotReadyError",
    "InvalidInputError",
    "MissingAPIKeyError",
    "NotFoundError",
    "OrderNotStartedError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "UploadError",
    "UploadExpiredError",
    "UploadSignatureError",
    "WaitTimeoutError",
    "WebhookVerificationError",
]


class AutoenhanceError(Exception):
    """The root of every error this SDK raises."""


class InvalidInputError(AutoenhanceError, ValueError):
    """An argument breaks the API's rules; nothing was sent."""


class MissingAPIKeyError(AutoenhanceError):
    """The operation needs an API key and the client has none."""


class WaitTimeoutError(AutoenhanceError, TimeoutError):
    """``orders.wait()`` gave up; ``order`` is the last state it saw."""

    def __init__(self, message: str, order: Any) -> None:
        super().__init__(message)
        self.order = order


class OrderNotStartedError(AutoenhanceError):
    """``orders.wait()`` on an order that is ``waiting`` with nothing in flight: it would never
    finish, so waiting stops at once. ``order`` is the order as seen."""

    def __init__(self, message: str, order: Any) -> None:
        super().__init__(message)
        self.order = order


class BatchError(AutoenhanceError):
    """Some files of a batch failed; the others were done. Nothing is dropped silently.

    ``failures`` maps each failed file's name (or image id) to its error; ``done`` lists what
    succeeded (created images, brackets or ``Downloaded`` files); ``order_id`` is the order the
    batch worked on: run the same call again with it to retry only what is missing.
    """

    def __init__(self, message: str, *, failures: dict[str, Exception], done: list[Any], order_id: str) -> None:
        super().__init__(message)
        self.failures = failures
        self.done = done
        self.order_id = order_id


class ImageNotReadyError(AutoenhanceError):
    """``orders.download_all()`` met an image that is not processed (still enhancing, or failed):
    it is reported in the ``BatchError``, by name, and the others are downloaded."""


class WebhookVerificationError(AutoenhanceError):
    """A webhook request does not carry the expected token (or its body is not an event)."""


class APIError(AutoenhanceError):
    """A failure while talking to the API. ``request`` is the last request sent, when there was one."""

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """The API could not be reached, or the connection broke before a full answer arrived."""


class APITimeoutError(APIConnectionError):
    """No answer arrived within the timeout."""


class APIResponseValidationError(APIError):
    """The API answered, but the answer is not what the spec promises (not JSON, wrong shape...)."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any = None) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body


class APIStatusError(APIError):
    """The API answered with an error status. ``body`` is the parsed JSON body (or text)."""

    status_code: int

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.headers = response.headers
        self.request_id: str | None = response.headers.get("x-request-id")


class BadRequestError(APIStatusError):
    """400: the request could not be read (for example, malformed JSON)."""


class PaymentRequiredError(APIStatusError):
    """402: no credit left for a full-size download (previews stay free)."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or not valid."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such order for this key."""


class ConflictError(APIStatusError):
    """409: an order with this id already exists."""


class UnprocessableEntityError(APIStatusError):
    """422: the request broke the API's rules.

    ``field_errors`` maps a location (``json``, ``query``, ``path``, ``headers``) to
    ``{field: [messages]}``, as the API's ``ValidationError`` body does.
    """

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, response=response, body=body)
        detail = body.get("detail") if isinstance(body, dict) else None
        self.field_errors: dict[str, dict[str, list[str]]] = {
            str(loc): {
                str(f): [str(m) for m in msgs] if isinstance(msgs, list) else [str(msgs)] for f, msgs in fields.items()
            }
            for loc, fields in (detail or {}).items()
            if isinstance(fields, dict)
        }


class RateLimitError(APIStatusError):
    """429: too many requests. ``retry_after`` is the wait in seconds the API asked for, if any."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any, retry_after: float | None) -> None:
        super().__init__(message, response=response, body=body)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the API failed."""


class AssetURLError(APIStatusError):
    """A download's asset URL (the signed storage URL the API redirected to, not the API) refused
    the download with a 4xx: most often an expired signature. Download again: the API answers a
    fresh URL. ``status_code`` is the storage host's; the key was never sent there."""


class UploadError(APIStatusError):
    """The storage refused an upload (the presigned URL's host, not the API). ``code`` and
    ``storage_message`` are its error's (S3's XML ``Code`` and ``Message``, when it sent one)."""

    def __init__(self, message: str, *, response: httpx.Response, body: Any, code: str | None) -> None:
        super().__init__(message, response=response, body=body)
        self.code = code
        self.storage_message: str | None = body.get("Message") if isinstance(body, dict) else None


class UploadSignatureError(UploadError):
    """``SignatureDoesNotMatch``: the URL is not signed for what was sent (most often another
    ``Content-Type`` than the one it was signed for, or a URL changed after signing)."""


class UploadExpiredError(UploadError):
    """The upload URL expired before the bytes arrived, and so did the fresh one asked for."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
}


def make_status_error(
    message: str, response: httpx.Response, body: Any, retry_after: float | None, *, redirected: bool = False
) -> APIStatusError:
    """The error class for any status code, including ones Python's HTTPStatus does not know.

    ``redirected``: the answer is a download's asset host's; its 4xx (other than 408 and 429,
    retried as any) is ``AssetURLError``, never an error the API's key or ids would explain.
    """
    status = response.status_code
    if redirected and 400 <= status < 500 and status not in (408, 429):
        return AssetURLError(message, response=response, body=body)
    if status == 429:
        return RateLimitError(message, response=response, body=body, retry_after=retry_after)
    if status >= 500:
        return InternalServerError(message, response=response, body=body)
    return _BY_STATUS.get(status, APIStatusError)(message, response=response, body=body)
