"""How a client reaches the network: the same settings, and the same environment, for both.

httpx's own client honours ``HTTP(S)_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` only when it builds
its transports itself; both clients bring their own (httpx's, lean about small answers, and
aiohttp's), so their proxy map is built here the way httpx builds it, one transport per proxy. ``SSL_CERT_FILE`` and
``SSL_CERT_DIR`` choose the CAs of the one SSL context both clients share; it is rebuilt only
when they change, since loading a CA bundle is slow.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import httpx

from ._constants import DEFAULT_CONNECTION_LIMITS
from ._exceptions import InvalidInputError

if TYPE_CHECKING:
    from ._settings import Settings

__all__ = ["ProxyTypes", "new_async_http", "new_http", "shared_ssl_context", "to_proxy"]

ProxyTypes: TypeAlias = str | httpx.URL | httpx.Proxy
_SCHEMES = ("http", "https")
T = TypeVar("T")


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


def _pool(settings: Settings, transport: Callable[[httpx.Proxy | None], T]) -> dict[str, Any]:
    """A client's transports: one without a proxy, and one per proxy, routed as httpx routes
    them (``proxy=``, else the environment's variables, ``NO_PROXY`` mounting none)."""
    if settings.proxy is not None:
        mounts: dict[str, T | None] = {"all://": transport(settings.proxy)}
    else:
        mounts = {pattern: None if p is None else transport(p) for pattern, p in _env_proxies().items()}
    return {"transport": transport(None), "mounts": mounts, "timeout": settings.timeout, "follow_redirects": False}


def new_http(settings: Settings) -> httpx.Client:
    """The sync client's pool: httpx's transports, lean about small answers (_sync_transport.py)."""
    from ._sync_transport import SyncTransport

    def transport(proxy: httpx.Proxy | None) -> SyncTransport:
        return SyncTransport(verify=shared_ssl_context(), limits=DEFAULT_CONNECTION_LIMITS, proxy=proxy)

    return httpx.Client(**_pool(settings, transport))


def new_async_http(settings: Settings) -> httpx.AsyncClient:
    """The async client's pool: aiohttp transports (_transport.py)."""
    from ._transport import AsyncTransport  # aiohttp loads only when an async client is made

    def transport(proxy: httpx.Proxy | None) -> AsyncTransport:
        return AsyncTransport(verify=shared_ssl_context(), limits=DEFAULT_CONNECTION_LIMITS, proxy=proxy)

    return httpx.AsyncClient(**_pool(settings, transport))
