"""Sending a file's bytes to its presigned upload URL, with retries: the async source.

``_uploading.py`` (sync) is written from this module by ``scripts/unasync.py``. The same URL may
be sent to again, so a connection error, a timeout, 408, 429 or 5xx is retried like any API
call (the client's ``max_retries``, backoff and ``Retry-After``), the file read again from its
start; the storage's other refusals raise ``UploadError`` at once.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import httpx

from ._files import Source
from ._retry import is_retryable_status, parse_retry_after
from ._storage import log_put, put_request, storage_error, transport_error

if TYPE_CHECKING:
    from ._async_client import AsyncAutoenhance

__all__ = ["put_file"]


async def put_file(client: AsyncAutoenhance, url: str, source: Source, content_type: str) -> None:
    """PUT ``source`` to ``url``, signed for ``content_type``."""
    settings = client._settings
    timing = client._timing(settings)
    retries = 0
    while True:
        request = put_request(url, source.async_chunks(), source.size, content_type, settings)
        started = time.perf_counter()
        try:
            # auth=None: neither the http client's auth nor its redirects; the URL is the credential
            response = await client._http.send(request, auth=None, follow_redirects=False)
        except httpx.RequestError as exc:
            log_put(request, source.name, type(exc).__name__, retries + 1, time.perf_counter() - started)
            error = transport_error(exc, request, source.name)
            if retries >= settings.max_retries:
                raise error from None
            delay = timing.backoff(retries)
        else:
            log_put(request, source.name, str(response.status_code), retries + 1, time.perf_counter() - started)
            if response.is_success:
                return
            failure = storage_error(response, source.name)
            if not is_retryable_status(response.status_code) or retries >= settings.max_retries:
                raise failure
            asked = timing.delay(retries, parse_retry_after(response.headers, client._clock()))
            if asked is None:  # a longer Retry-After than the client waits through
                raise failure
            delay = asked
        await client._sleep(delay)
        retries += 1
