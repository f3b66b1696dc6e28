"""How a client reaches the network: the same settings, and the same environment, for both.

httpx's own client honours ``HTTP(S)_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` only when it builds
its transports itself; the async client brings its own (aiohttp underneath), so its proxy map is
built here the way httpx builds it, one transport per proxy. ``SSL_CERT_FILE`` and
``SSL_CERT_DIR`` choose the CAs of the one SSL context both clients share; it is rebuilt only
when they change, since loading a CA bundle is slow.
"""

from __future__ import annotations

import os
import ssl
from functools import cache
from typing import TYPE_CHECKING, Any, TypeAlias

import httpx

from ._constants import DEFAULT_CONNECTION_LIMITS
from ._exceptions import InvalidInputError

if TYPE_CHECKING:
    from ._settings import Settings

__all__ = ["ProxyTypes", "new_async_http", "new_http", "shared_ssl_context", "to_proxy"]

ProxyTypes: TypeAlias = str | httpx.URL | httpx.Proxy
_SCHEMES = ("http", "https")


@cache
def _ssl_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """The CAs as httpx reads the variables: SSL_CERT_FILE, else SSL_CERT_DIR, else certifi's."""
    if not (cert_file or cert_dir):
        return httpx.create_ssl_context(trust_env=False)
    name, path = ("SSL_CERT_FILE", cert_file) if cert_file else ("SSL_CERT_DIR", cert_dir)
    try:
        return ssl.create_default_context(cafile=cert_file or None, capath=None if cert_file else cert_dir)
    except OSError as exc:  # ssl.SSLError too: a missing file (with no name in it), or one with no CA
        raise InvalidInputError(
            f"{name} is {path!r}, which holds no CA certificates that can be loaded ({exc.strerror or exc})."
        ) from None


def shared_ssl_context() -> ssl.SSLContext:
    """One SSL context per CA setting of the environment, shared by every client."""
    return _ssl_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


def to_proxy(value: object, source: str = "proxy") -> httpx.Proxy:
    """An ``httpx.Proxy`` from a URL; the message names the scheme, never the URL (it may hold a
    password)."""
    if isinstance(value, httpx.Proxy):
        url = value.url
    elif isinstance(value, (str, httpx.URL)):
        try:
            url = httpx.URL(value)
        except httpx.InvalidURL:
            raise InvalidInputError(f"{source} is not a valid URL.") from None
    else:
        raise InvalidInputError(f"{source} must be a URL str, httpx.URL or httpx.Proxy, got {type(value).__name__}.")
    if url.scheme not in _SCHEMES:
        raise InvalidInputError(f"{source} must be an http:// or https:// URL (got scheme {url.scheme or 'none'!r}).")
    if not url.host:
        raise InvalidInputError(f"{source} has no host: give it as http://host:port.")
    return value if isinstance(value, httpx.Proxy) else httpx.Proxy(url)


def _env_proxies() -> dict[str, httpx.Proxy | None]:
    """httpx's reading of the proxy variables: URL pattern -> proxy, None where NO_PROXY applies."""
    from httpx._utils import get_environment_proxies  # the same rules as the sync client's

    return {
        pattern: None if url is None else to_proxy(url, f"the proxy the environment gives for {pattern!r}")
        for pattern, url in get_environment_proxies().items()
    }


def _common(settings: Settings) -> dict[str, Any]:
    return {"timeout": settings.timeout, "follow_redirects": False}


def new_http(settings: Settings) -> httpx.Client:
    """The sync client's pool: httpx reads the environment itself when no proxy is given."""
    if settings.proxy is None:
        _env_proxies()  # refuse an unusable proxy variable here, with the same message as async
    return httpx.Client(
        verify=shared_ssl_context(),
        limits=DEFAULT_CONNECTION_LIMITS,
        proxy=settings.proxy,
        trust_env=True,
        **_common(settings),
    )


def new_async_http(settings: Settings) -> httpx.AsyncClient:
    """The async client's pool: aiohttp transports, one per proxy, routed as httpx would."""
    from ._transport import AsyncTransport  # aiohttp loads only when an async client is made

    def transport(proxy: httpx.Proxy | None = None) -> AsyncTransport:
        return AsyncTransport(verify=shared_ssl_context(), limits=DEFAULT_CONNECTION_LIMITS, proxy=proxy)

    if settings.proxy is not None:
        mounts: dict[str, AsyncTransport | None] = {"all://": transport(settings.proxy)}
    else:
        mounts = {pattern: None if p is None else transport(p) for pattern, p in _env_proxies().items()}
    return httpx.AsyncClient(transport=transport(), mounts=mounts, **_common(settings))
