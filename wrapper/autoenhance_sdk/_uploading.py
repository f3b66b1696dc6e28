"""Sync twin of ``_async_uploading.py``, written by scripts/unasync.py: edit that file, not this one."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import httpx

from ._files import Source
from ._retry import is_retryable_status, parse_retry_after
from ._storage import log_put, put_request, storage_error, transport_error

if TYPE_CHECKING:
    from ._client import Autoenhance

__all__ = ["put_file"]


def put_file(client: Autoenhance, url: str, source: Source, content_type: str) -> None:
    """PUT ``source`` to ``url``, signed for ``content_type``."""
    settings = client._settings
    timing = client._timing(settings)
    retries = 0
    while True:
        request = put_request(url, source.chunks(), source.size, content_type, settings)
        started = time.perf_counter()
        try:
            # auth=None: neither the http client's auth nor its redirects; the URL is the credential
            response = client._http.send(request, auth=None, follow_redirects=False)
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
        client._sleep(delay)
        retries += 1
