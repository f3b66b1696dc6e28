"""Client settings, resolved once: argument, then environment variable, then default."""

from __future__ import annotations

import datetime
import math
import os
import platform
import re
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import Any

import httpx

from ._constants import (
    API_KEY_ENV,
    API_VERSION_ENV,
    BASE_URL_ENV,
    DEFAULT_API_VERSION,
    DEFAULT_BASE_URL,
    DEFAULT_TIMEOUT,
)
from ._exceptions import InvalidInputError
from ._network import to_proxy
from ._types import NOT_GIVEN, NoAPIVersion, NotGiven, TimeoutTypes
from ._version import __version__

__all__ = [
    "HiddenKey",
    "Settings",
    "check_headers",
    "hidden",
    "check_key",
    "check_version",
    "resolve_settings",
    "shown_url",
    "to_retries",
    "to_timeout",
]


@cache
def user_agent() -> str:
    return f"autoenhance-sdk/{__version__} python/{platform.python_version()} httpx/{httpx.__version__}"


def to_timeout(value: object, name: str = "timeout") -> httpx.Timeout:
    if value is None:
        raise InvalidInputError(f"{name}=None would wait forever; give a number of seconds or an httpx.Timeout.")
    if isinstance(value, httpx.Timeout):
        if None in (value.connect, value.read, value.write, value.pool):
            raise InvalidInputError(f"{name} has an unbounded part ({value!r}); give every part a number of seconds.")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < math.inf:
        raise InvalidInputError(f"{name} must be a positive number of seconds or an httpx.Timeout, got {value!r}.")
    return httpx.Timeout(float(value), connect=min(float(value), DEFAULT_TIMEOUT.connect or 5.0))


def to_retries(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(f"max_retries must be a whole number >= 0, got {value!r}.")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything a request needs from its client. The repr never shows the key."""

    api_key: str | None = field(repr=False)
    base_url: str
    api_version: str | None
    timeout: httpx.Timeout
    max_retries: int
    max_retry_after: float
    extra_headers: tuple[tuple[str, str], ...] = ()
    proxy: httpx.Proxy | None = field(default=None, repr=False)  # its URL may hold a password
    strict_response_validation: bool = False

    @cached_property
    def _headers(self) -> dict[str, str]:
        extra = dict(self.extra_headers)
        mine = {name.lower() for name in extra}  # a caller's Accept replaces ours, whatever its case
        defaults = {"user-agent": user_agent(), "accept": "application/json"}
        headers = {name: value for name, value in defaults.items() if name not in mine} | extra
        if self.api_version:
            headers["x-api-version"] = self.api_version
        if self.api_key:
            headers["x-api-key"] = self.api_key
        return headers

    def __repr__(self) -> str:  # tracebacks show it among their locals: never a password
        return (
            f"Settings(base_url={shown_url(self.base_url)!r}, api_version={self.api_version!r}, "
            f"timeout={self.timeout!r}, max_retries={self.max_retries!r})"
        )

    def headers(self) -> dict[str, str]:
        """The headers every request of these settings carries (a fresh dict: callers add to it)."""
        return dict(self._headers)

    def evolve(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def shown_url(url: str) -> str:
    """``url`` with any user and password in it replaced (``https://[redacted]@host``)."""
    scheme, sep, rest = url.partition("://")
    authority, slash, path = rest.partition("/")
    if not sep or "@" not in authority:
        return url
    return f"{scheme}://[redacted]@{authority.rpartition('@')[2]}{slash}{path}"


def _header_safe(value: str) -> bool:
    """What an HTTP header value can carry: visible ASCII and inner spaces, nothing around it."""
    return value == value.strip() and value.isascii() and value.isprintable()  # a space is printable


def check_headers(value: object) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise InvalidInputError("extra_headers must be a dict of str to str.")
    if any(k.lower() == "x-api-key" for k in value):
        raise InvalidInputError("Give the API key as api_key=, not as a header.")
    for name, text in value.items():
        if not name or not _header_safe(name) or " " in name or not _header_safe(text):
            raise InvalidInputError(
                f"The header {name.strip()!r} has a name or value an HTTP header cannot carry "
                "(a line break, a control or non-ASCII character, or spaces around it)."
            )
    return tuple(value.items())


class HiddenKey(str):
    """The API key: a str (for the header, and for scrubbing texts) whose repr never shows it, so
    a traceback's locals, a debugger or an error tracker print ``'[redacted]'``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'[redacted]'"


def hidden(value: object) -> object:
    """``value`` as a ``HiddenKey`` when it is a str; anything else as is (to be refused)."""
    return HiddenKey(value) if isinstance(value, str) and not isinstance(value, HiddenKey) else value


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_date(value: str) -> bool:
    """``YYYY-MM-DD`` and a real day: the API's versions are the dates they were released."""
    if not _DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:  # 2025-02-30, 2025-13-01
        return False
    return True


def check_version(value: object, source: str) -> str | None:
    """The ``x-api-version`` to send (None: ``NO_API_VERSION``, none), or an error naming where a
    bad one came from. Versions are not secret: the message quotes it."""
    if isinstance(value, NoAPIVersion):
        return None
    if not isinstance(value, str) or not _is_date(value):
        hint = ""
        if isinstance(value, str) and value != value.strip():
            hint = " (spaces or a line break around it: from an env file?)"
        raise InvalidInputError(
            f"The API version from {source} must be a date YYYY-MM-DD such as {DEFAULT_API_VERSION!r} "
            f"(or NO_API_VERSION to send none), got {value!r}{hint}."
        )
    return value


def check_key(value: object, source: str) -> str | None:
    """The key as given, or an error naming where it came from (never the key itself).

    A key read from an env file often keeps its newline; sent as is, the header is refused
    locally and every retry fails the same way, so it is refused here, once, clearly.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"The API key from {source} must be a str, got {type(value).__name__}.")
    if not value.strip():
        raise InvalidInputError(f"The API key from {source} is empty.")
    if value != value.strip():
        raise InvalidInputError(
            f"The API key from {source} has spaces or a line break around it (an env file's newline?); "
            "remove them. The key is not shown."
        )
    if not value.isascii() or not value.isprintable() or any(c.isspace() for c in value):
        raise InvalidInputError(
            f"The API key from {source} holds spaces, control or non-ASCII characters, which no API key "
            "has and an HTTP header cannot carry. The key is not shown."
        )
    return value


def resolve_settings(
    *,
    api_key: str | None,
    base_url: str | None,
    api_version: str | NoAPIVersion | None,
    timeout: TimeoutTypes | NotGiven,
    max_retries: int,
    max_retry_after: float,
    extra_headers: dict[str, str] | None,
    proxy: object = None,
    strict_response_validation: bool = False,
) -> Settings:
    if api_key is not None:
        key = check_key(hidden(api_key), "api_key=")
    else:
        key = check_key(hidden(os.environ.get(API_KEY_ENV) or None), API_KEY_ENV)
    url_source = "base_url=" if base_url is not None else BASE_URL_ENV
    url = base_url if base_url is not None else os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    try:
        parsed = None if any(c.isspace() for c in url) else httpx.URL(url)  # httpx would encode a space
    except httpx.InvalidURL:
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidInputError(
            f"The base URL from {url_source} must be an http(s) URL such as {DEFAULT_BASE_URL!r}, got {url!r}."
        )
    # argument, then environment, then the version this SDK is written for; NO_API_VERSION: none
    if api_version is not None:
        version = check_version(api_version, "api_version=")
    elif os.environ.get(API_VERSION_ENV):
        version = check_version(os.environ[API_VERSION_ENV], API_VERSION_ENV)
    else:
        version = DEFAULT_API_VERSION
    if isinstance(max_retry_after, bool) or not isinstance(max_retry_after, (int, float)) or max_retry_after < 0:
        raise InvalidInputError(f"max_retry_after must be a number of seconds >= 0, got {max_retry_after!r}.")
    if not isinstance(strict_response_validation, bool):
        raise InvalidInputError(f"strict_response_validation must be a bool, got {strict_response_validation!r}.")
    return Settings(
        api_key=key,
        base_url=url.rstrip("/"),
        api_version=version,
        timeout=DEFAULT_TIMEOUT if timeout is NOT_GIVEN else to_timeout(timeout),
        max_retries=to_retries(max_retries),
        max_retry_after=float(max_retry_after),
        extra_headers=check_headers(extra_headers),
        proxy=None if proxy is None else to_proxy(proxy),
        strict_response_validation=strict_response_validation,
    )
