"""What the sync and async clients share: settings, copies, request building, the key check."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

import httpx

from ._constants import API_KEY_ENV, MAX_REDIRECTS
from ._core import Outcome, decide_exception, decide_response, log_attempt, redirect_target
from ._exceptions import MissingAPIKeyError
from ._generated import Endpoint
from ._requests import Prepared
from ._retry import RetryTiming
from ._settings import Settings, check_headers, shown_url, to_retries, to_timeout, user_agent
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

__all__ = ["BaseClient", "CallOptions"]

T = TypeVar("T")
C = TypeVar("C", bound="BaseClient")
# A download's answer is an image; its errors are JSON, as every other operation's.
IMAGE_ACCEPT = "image/*, application/json;q=0.5"


EMPTY = httpx.ByteStream(b"")  # a bodiless request's stream: it holds nothing to use up


@lru_cache(maxsize=256)
def parsed_url(address: str) -> httpx.URL:
    """httpx's parse of an address the SDK built (base URL + encoded path). Parsing costs about
    as much as the rest of building a request, the same few addresses recur (a wait polls one
    order), and a URL is immutable: each is parsed once, as yarl does for aiohttp."""
    return httpx.URL(address)


class CallOptions:
    """Per-call overrides; anything NOT_GIVEN falls back to the client's setting."""

    __slots__ = ("extra_headers", "max_retries", "timeout")

    def __init__(
        self,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_retries = max_retries
        self.extra_headers = extra_headers


class BaseClient:
    _settings: Settings
    _owns_http: bool
    _http: Any  # httpx.Client or httpx.AsyncClient
    # the defaults of the client's own pool, sent to directly; None: a user's http_client
    _direct: dict[str, str] | None
    _jitter: Callable[[], float]
    _clock: Callable[[], float]
    _stock: _Stock  # the last settings' request defaults (_build)

    def _init_common(
        self, settings: Settings, clock: Callable[[], float] | None, jitter: Callable[[], float] | None
    ) -> None:
        self._settings = settings
        self._clock = clock if clock is not None else time.time
        self._jitter = jitter if jitter is not None else random.random
        # (operation, field) already warned about in tolerant reading; copies share it
        self._warned: set[tuple[str, str]] = set()
        self._stock = _Stock(None, {})

    @property
    def api_key_set(self) -> bool:
        """Whether a key is configured (the key itself is never exposed by the client)."""
        return self._settings.api_key is not None

    @property
    def base_url(self) -> str:
        """The API's address, without a trailing slash."""
        return self._settings.base_url

    @property
    def api_version(self) -> str | None:
        """The ``x-api-version`` sent with every request, or None (the API's default)."""
        return self._settings.api_version

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout of each request (every part finite)."""
        return self._settings.timeout

    @property
    def max_retries(self) -> int:
        """How many times a failed request is retried (attempts = max_retries + 1)."""
        return self._settings.max_retries

    def __repr__(self) -> str:
        if "_settings" not in self.__dict__:  # a constructor that raised: tracebacks' locals show it
            return f"<{type(self).__name__}: not set up>"
        key = "set" if self._settings.api_key else "none"
        shown = shown_url(self.base_url)
        return f"{type(self).__name__}(base_url={shown!r}, api_key=<{key}>, max_retries={self.max_retries})"

    def _copy(self: C, **changes: Any) -> C:
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._owns_http = False  # the pool is the original's: closing a copy must not close it
        clone._settings = self._settings.evolve(**changes)
        clone._bind_resources()
        return clone

    def _bind_resources(self) -> None:  # pragma: no cover - every client overrides it
        raise NotImplementedError

    def _options_changes(
        self,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int | NotGiven,
        extra_headers: dict[str, str] | None,
    ) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if timeout is not NOT_GIVEN:
            changes["timeout"] = to_timeout(timeout)
        if max_retries is not NOT_GIVEN:
            changes["max_retries"] = to_retries(max_retries)
        if extra_headers:
            changes["extra_headers"] = self._settings.extra_headers + check_headers(extra_headers)
        return changes

    def _call_settings(self, options: CallOptions) -> Settings:
        changes = self._options_changes(options.timeout, options.max_retries, options.extra_headers)
        return self._settings.evolve(**changes) if changes else self._settings

    def _check_key(self, prepared: Prepared[Any], settings: Settings) -> None:
        if prepared.needs_key and not settings.api_key:
            raise MissingAPIKeyError(
                f"{prepared.operation} needs an API key: pass api_key=... to the client or set {API_KEY_ENV}."
            )

    def _sent(self, request: httpx.Request, settings: Settings) -> None:
        """Once an attempt is over, whatever its end: errors and raw responses keep the request,
        and it must not carry the key (each retry builds a new one with it)."""
        if self._direct is None:  # a user's http_client may hold a key of its own
            if "x-api-key" in request.headers:
                request.headers["x-api-key"] = "[redacted]"
        elif settings.api_key:  # the own pool's requests carry it exactly when the settings do
            request.headers["x-api-key"] = "[redacted]"

    def _timing(self, settings: Settings) -> RetryTiming:
        return RetryTiming(self._jitter, settings.max_retry_after)

    def _judge(
        self,
        prepared: Prepared[T],
        settings: Settings,
        timing: RetryTiming,
        request: httpx.Request,
        answer: httpx.Response | httpx.RequestError | httpx.InvalidURL,
        retries: int,
        started: float,
        redirected: bool = False,
        sunk: Any = None,
        lost: bool = False,
    ) -> Outcome[T]:
        """Log one attempt and decide what it means: a result, a retry, or (raised) an error.

        ``redirected``: ``request`` is a download's hop to the asset host, not the API's request.
        ``sunk``: what a download to disk wrote (its bytes are no longer in the answer).
        ``lost``: an earlier attempt of this call was sent and never answered.
        """
        seconds = time.perf_counter() - started
        if isinstance(answer, httpx.InvalidURL):
            # httpx reads every redirect's Location, followed or not, and some it cannot turn into
            # a URL raise this instead of its RemoteProtocolError: the same broken answer
            answer = httpx.RemoteProtocolError(f"Invalid URL in location header: {answer}", request=request)
        if isinstance(answer, httpx.RequestError):
            log_attempt(request, None, retries + 1, seconds, settings.api_key, answer)
            return decide_exception(
                answer,
                request,
                retries_done=retries,
                max_retries=settings.max_retries,
                timing=timing,
                api_key=settings.api_key,
                redirected=redirected,
            )
        log_attempt(request, answer, retries + 1, seconds, settings.api_key)
        return decide_response(
            prepared,
            answer,
            retries_done=retries,
            max_retries=settings.max_retries,
            timing=timing,
            now=self._clock(),
            api_key=settings.api_key,
            strict=settings.strict_response_validation,
            warned=self._warned,
            redirected=redirected,
            sunk=sunk,
            lost=lost,
        )

    def _hop(
        self,
        prepared: Prepared[Any],
        settings: Settings,
        response: httpx.Response,
        hops: int,
        retries: int,
        started: float,
    ) -> httpx.Request | None:
        """The next request of a download the API redirected (to its asset's signed URL), or None.

        A bare ``httpx.Request``, not the http client's ``build_request``: it carries no header of
        the API request, neither the key nor any other (httpx keeps custom headers across hosts),
        and none of the http client's own defaults (a user's ``http_client`` may hold headers,
        cookies or auth meant for the API), whatever host or port it goes to. The clients send it
        with ``auth=None``: httpx's ``send`` then applies no auth, adds no default header and no
        cookie (httpx 0.27 and 0.28 alike), so what is below is all the asset host sees.
        """
        if not prepared.follow_redirects or response.next_request is None:  # not a redirect httpx could read
            return None
        target = redirect_target(response, hops, MAX_REDIRECTS)
        log_attempt(response.request, response, retries + 1, time.perf_counter() - started, settings.api_key)
        headers = {"user-agent": user_agent(), "accept": "image/*"}
        # the timeout as build_request would set it (httpx's send does not, in 0.27)
        return httpx.Request("GET", target, headers=headers, extensions={"timeout": settings.timeout.as_dict()})

    def _sends_direct(self, http_client: object) -> bool:
        """Whether requests go straight to the own pool's transport: not with a user's
        ``http_client``, nor with a user and password in the base URL (httpx's ``send`` turns
        them into Basic auth)."""
        base_url = self._settings.base_url
        return http_client is None and shown_url(base_url) == base_url  # shown_url hides a user:password

    @staticmethod
    def _direct_headers(http: httpx.Client | httpx.AsyncClient) -> dict[str, str]:
        """The defaults httpx's ``build_request`` would add (Accept-Encoding, Connection...), by
        lowercase name: requests sent straight to the client's own pool carry them too."""
        return {name.lower(): value for name, value in http.headers.items()}

    def _build(self, prepared: Prepared[Any], settings: Settings) -> httpx.Request:
        call = prepared.endpoint
        url = parsed_url(settings.base_url + call.path)
        params = dict(call.params) or None
        if self._direct is not None and prepared.model is not bytes and not call.headers:
            return self._from_stock(call, url, params, settings)
        headers = settings.headers()
        if prepared.model is bytes and "accept" in headers:  # the default, not a caller's own
            headers["accept"] = IMAGE_ACCEPT
        headers.update(call.headers)
        if self._direct is None:  # a user's http_client: its defaults, cookies and URL merging
            http: httpx.Client | httpx.AsyncClient = self._http
            return http.build_request(
                call.method, url, params=params, json=call.json, headers=headers, timeout=settings.timeout
            )
        # the client's own pool: the same request, without build_request's merging
        return httpx.Request(
            call.method,
            url,
            params=params,
            json=call.json,
            headers={**self._direct, **{name.lower(): value for name, value in headers.items()}},
            extensions={"timeout": settings.timeout.as_dict()},
        )

    def _from_stock(
        self, call: Endpoint, url: httpx.URL, params: dict[str, Any] | None, settings: Settings
    ) -> httpx.Request:
        """The common case: the settings' headers as normalised for the last request. A request
        without a body is handed its (empty) stream: httpx then adds no header (the Host is in
        the stock), and skips looking for each in a fresh copy of the headers."""
        stock = self._stock if self._stock.settings is settings else self._restock(settings)
        extensions = stock.extensions()
        if call.json is not None:
            return httpx.Request(
                call.method, url, params=params, json=call.json, headers=stock.headers, extensions=extensions
            )
        request = httpx.Request(
            call.method, url, params=params, headers=stock.headers, stream=EMPTY, extensions=extensions
        )
        if call.method in ("POST", "PUT", "PATCH"):  # what httpx says of an empty body there
            request.headers["content-length"] = "0"
        request._content = b""  # what request.read() sets, without its check of the stream's type
        return request

    def _restock(self, settings: Settings) -> _Stock:
        self._stock = _Stock(settings, self._direct or {})
        return self._stock


class _Stock:
    """The headers and timeout every request of one ``Settings`` carries, normalised once (httpx
    re-checks each header of a dict on every request). Its repr never shows the key."""

    __slots__ = ("headers", "settings", "timeout")

    def __init__(self, settings: Settings | None, pool_defaults: dict[str, str]) -> None:
        self.settings = settings
        if settings is None:
            self.headers, self.timeout = httpx.Headers(), {}
            return
        mine = {name.lower(): value for name, value in settings.headers().items()}
        host = parsed_url(settings.base_url).netloc.decode("ascii")  # what httpx.Request would add
        self.headers = httpx.Headers({"host": host, **pool_defaults, **mine})
        self.timeout = settings.timeout.as_dict()

    def extensions(self) -> dict[str, Any]:
        return {"timeout": dict(self.timeout)}

    def __repr__(self) -> str:
        return "<the request defaults of a client's settings>"
