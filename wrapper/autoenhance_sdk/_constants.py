"""Defaults, in one place. Every one can be overridden per client, and most per call."""

from __future__ import annotations

import httpx

__all__ = [
    "API_KEY_ENV",
    "API_VERSION_ENV",
    "BASE_URL_ENV",
    "DEFAULT_API_VERSION",
    "DEFAULT_BASE_URL",
    "DEFAULT_CONNECTION_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_MAX_RETRY_AFTER",
    "DEFAULT_TIMEOUT",
    "INITIAL_RETRY_DELAY",
    "LOG_ENV",
    "MAX_REDIRECTS",
    "MAX_RETRY_DELAY",
]

API_KEY_ENV = "AUTOENHANCE_API_KEY"
BASE_URL_ENV = "AUTOENHANCE_BASE_URL"
API_VERSION_ENV = "AUTOENHANCE_API_VERSION"
LOG_ENV = "AUTOENHANCE_LOG"

# The API version this SDK is written for (the spec's info.x-api-version; the official
# `autoenhance` 1.1.0 SDK pins the same), sent as x-api-version unless the client says otherwise.
DEFAULT_API_VERSION = "2025-05-08"
# Production, never the provider SDK's dev host.
DEFAULT_BASE_URL = "https://api.autoenhance.ai"
# Finite by default: 5 s to connect, 60 s for the rest of a request.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A Retry-After longer than this is not slept through: the RateLimitError is raised at once.
DEFAULT_MAX_RETRY_AFTER = 60.0
# Downloads follow the API's redirect to the asset's signed URL, at most this many hops.
MAX_REDIRECTS = 5
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)
