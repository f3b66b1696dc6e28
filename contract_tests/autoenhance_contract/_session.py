"""The run's target and options, made when the suite's first test module asks for them.

Test modules build their schemathesis schema at import, from here: the server under test is
known before collection, so no fixture-time schema loading is needed. Everything the suite sends
goes through here too (schemathesis through ``http``, the SDK through ``client()``), so every
request is counted, limited by ``--rate-limit``, and a 429 is waited out per its Retry-After.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import autoenhance_sdk as sdk
import httpx
import pytest
import requests
import schemathesis
import yaml
from autoenhance_mock import MockServer, spec_path
from requests.adapters import HTTPAdapter
from schemathesis.config import ApiKeyAuthConfig
from urllib3.util.retry import Retry

from ._ahead import Ahead
from ._options import DEV_MODE, api_version, credit_operations, operations
from ._safety import creates, install_safety_hooks, record_created
from ._target import Target

__all__ = ["RateLimiter", "Session"]

SHOWN_LEFT = 20  # order ids listed when the clean-up is skipped
TOML = Path(__file__).resolve().parent / "schemathesis.toml"


@dataclass
class Session:
    target: Target
    max_examples: int
    walk_orders: int
    seed: int | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    rate_limit: str | None = None
    server: MockServer | None = None
    report: Any = None
    _schema: Any = None
    _document: dict[str, Any] | None = None
    _limiter: RateLimiter | None = None
    ahead: Ahead = field(default_factory=Ahead)  # set-ups sent when the run starts (see _ahead)
    _count_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.rate_limit:
            self._limiter = RateLimiter(self.rate_limit)

    def before_request(self) -> None:
        """Count a request and wait for --rate-limit, before the SDK or schemathesis sends it."""
        with self._count_lock:  # set-ups sent ahead send from several threads
            self.target.sent += 1
        if self._limiter is not None:
            self._limiter.wait()

    @cached_property
    def http(self) -> requests.Session:
        """schemathesis' HTTP session: a 429 is retried after its Retry-After (3 times at most)."""
        session = requests.Session()
        retry = Retry(
            total=3,
            connect=0,
            read=0,
            status=3,
            status_forcelist=[429],
            allowed_methods=None,
            respect_retry_after_header=True,
            raise_on_status=False,
            backoff_factor=0,
        )
        session.mount("http://", HTTPAdapter(max_retries=retry))
        session.mount("https://", HTTPAdapter(max_retries=retry))
        return session

    def client(self, api_key: str | None = None) -> sdk.Autoenhance:
        """An SDK client for the target (its own key by default), counted and rate-limited; it
        keeps the SDK's own connection pool and transport, as users have them. It reads strictly:
        an answer missing a required field fails the suite instead of reading as None. It sends
        the spec's API version whatever the caller's environment says."""
        client = sdk.Autoenhance(
            api_key=api_key or self.target.api_key,
            base_url=self.target.base_url,
            api_version=api_version(),  # the spec's version, not $AUTOENHANCE_API_VERSION
            strict_response_validation=True,
        )

        def received(response: httpx.Response) -> None:
            if _create_of(response.request):
                response.read()
            self._received(response)

        client._http.event_hooks["request"].append(self._sending)
        client._http.event_hooks["response"].append(received)
        return client

    def async_client(self, api_key: str | None = None) -> sdk.AsyncAutoenhance:
        """The same for ``AsyncAutoenhance`` (its aiohttp transport)."""

        async def count(request: httpx.Request) -> None:
            self._sending(request)

        client = sdk.AsyncAutoenhance(
            api_key=api_key or self.target.api_key,
            base_url=self.target.base_url,
            api_version=api_version(),  # the spec's version, not $AUTOENHANCE_API_VERSION
            strict_response_validation=True,
        )

        async def received(response: httpx.Response) -> None:
            if _create_of(response.request):
                await response.aread()
            self._received(response)

        client._http.event_hooks["request"].append(count)
        client._http.event_hooks["response"].append(received)
        return client

    def _sending(self, request: httpx.Request) -> None:
        """Every SDK request: counted and rate-limited; on a real server without --allow-credits,
        a request to an operation that can spend credits goes with ``x-dev-mode: true`` even if a
        test forgot to ask (the tests pass ``dev_mode=True`` themselves; test_client_spec checks
        that the SDK sends what it is given)."""
        self.before_request()
        path = request.url.raw_path.decode("ascii").partition("?")[0]  # ids still encoded: a %2F stays one segment
        if self.target.saves_credits and any(p.search(path) for p in _credit_paths()):
            request.headers[DEV_MODE] = "true"

    def _received(self, response: httpx.Response) -> None:
        """Every SDK answer: a full-size download that spent a credit is counted; a create that
        answered confirms the order it made (its body already read)."""
        request = response.request
        operation = _create_of(request)
        if operation is not None:
            try:
                sent = json.loads(request.content) if request.content else None
            except ValueError:
                sent = None
            record_created(self.target, operation, response, request.headers.get("x-api-key", ""), sent)
        path = request.url.raw_path.decode("ascii").partition("?")[0]
        credit = any(p.search(path) for p in _credit_paths())
        self.target.count_credit(
            credit, request.headers.get(DEV_MODE), request.url.params.get("preview"), response.status_code
        )

    def new_order_id(self, api_key: str | None = None) -> str:
        """An id for an order about to be created, recorded first: even if the answer cannot be
        read, the clean-up still deletes the order on a real server."""
        order_id = f"contract-{uuid.uuid4()}"  # counted once a create answers for it
        self.target.created.add(api_key or self.target.api_key, order_id, confirmed=False)
        return order_id

    def order_for_case(self) -> str | None:
        """A new order of the run's key, for a schemathesis case that needs an existing one (a
        bracket's); None when create_order is not selected or the order could not be made."""
        if not self.selected("create_order", writes=True):
            return None
        order_id = self.new_order_id()
        self.before_request()
        try:
            response = self.http.post(
                f"{self.target.base_url}/v3/orders/",
                json={"order_id": order_id, "name": "contract: an order for a case"},
                headers={"x-api-key": self.target.api_key},
                timeout=30,
            )
        except requests.RequestException:
            return None
        return order_id if response.status_code == 200 else None

    def _route(self, schema: Any) -> None:
        """Every request schemathesis sends to the target, its checks' probes included (sent
        without the test's session), is counted and goes through ``http`` (429s waited out).
        schemathesis' transport is one object for the process: requests elsewhere pass untouched."""
        transport = schema.transport
        send = transport.send
        base_url = self.target.base_url

        def counted(case: Any, *, session: Any = None, **kwargs: Any) -> Any:
            if case.operation.schema.config.base_url == base_url:
                self.target.sent += 1
                session = session or self.http
            return send(case, session=session, **kwargs)

        transport.send = counted

    def operation_ids_by_label(self) -> dict[str, str]:
        """``"GET /v3/orders/{id}"`` -> ``"retrieve_order"``, as schemathesis labels operations."""
        return {
            f"{method.upper()} {path}": item[method]["operationId"]
            for path, item in self.document["paths"].items()
            for method in _METHODS
            if method in item
        }

    def links(self) -> bool:
        """Whether the selected operations still have links between them (stateful workflows)."""
        document = self._selected_document()
        return any(
            response.get("links")
            for item in document["paths"].values()
            for method in _METHODS
            for response in item.get(method, {}).get("responses", {}).values()
        )

    def finish(self, say: Callable[[str], object]) -> None:
        """At the end, also after a failure or Ctrl-C: delete what this run created (when it may),
        and say what the run cost the target."""
        target = self.target
        left = target.created.count()
        if target.read_only:
            left = 0  # it created nothing
        elif target.careful and not self.selected("delete_order", writes=True):
            ids = target.created.left()
            say(f"[contract] clean-up skipped: delete_order is not selected; {left} order(s) of this run remain")
            if ids:
                more = f" and {len(ids) - SHOWN_LEFT} more" if len(ids) > SHOWN_LEFT else ""
                say(f"[contract] left on the server: {', '.join(ids[:SHOWN_LEFT])}{more}")
        elif target.careful:
            deleted, problems = target.created.delete_all(target.base_url, before=self.before_request)
            left = len(problems)
            say(f"[contract] clean-up: deleted {deleted} order(s) this run created (the others were already gone)")
            for problem in problems:
                say(f"[contract] could not delete {problem}")
        else:
            left = 0  # the bundled mock: its state ends with it
        say(
            f"[contract] cost: {target.sent} request(s) sent, {target.created.total} order(s) and "
            f"{target.created.images_total} image(s) created, {left} left on the server"
            + (f", {target.credits_spent} credit(s) spent" if target.careful else "")
        )

    def skip_unless(self, operation_id: str, writes: bool = False) -> None:
        """Skip the calling test unless the selection lets it use this operation."""
        if not self.selected(operation_id):
            pytest.skip(f"{operation_id} not selected")
        if not self.selected(operation_id, writes):
            pytest.skip(f"{operation_id} not sent (--read-only)")

    def selected(self, operation_id: str, writes: bool = False) -> bool:
        """Whether --include/--exclude-operation and --read-only let a test use this operation."""
        if self.include and operation_id not in self.include:
            return False
        if operation_id in self.exclude:
            return False
        return not (writes and self.target.read_only)

    @property
    def document(self) -> dict[str, Any]:
        if self._document is None:
            with spec_path().open(encoding="utf-8") as fh:
                self._document = yaml.safe_load(fh)
        return self._document

    def _selected_document(self) -> dict[str, Any]:
        # Selection is done on the document: schemathesis' include()/exclude() lose their effect
        # once the config file has [[operations]] entries (seen with 4.32.5).
        return _only(self.document, lambda op_id, method: self.selected(op_id, writes=method != "get"))

    def schema(self) -> Any:
        """The schemathesis schema, pointed at the target, filtered, with the safety hooks."""
        if self._schema is not None:
            return self._schema
        document = self._selected_document()
        schema = schemathesis.openapi.from_dict(document, config=schemathesis.Config.from_path(TOML))
        schema.config.update(base_url=self.target.base_url)
        # Through the spec's own scheme, so schemathesis knows this key is real credentials and its
        # ignored_auth check probes with missing and invalid keys.
        schema.config.auth.openapi.schemes["ApiKeyAuth"] = ApiKeyAuthConfig(api_key=self.target.api_key)
        # No example database: nothing in the caller's directory, no replay of another run's cases.
        schema.config.generation.update(max_examples=self.max_examples, database="none")
        if self.seed is not None:
            schema.config.seed = self.seed
        if self.rate_limit:  # schemathesis' own limiter covers its checks' extra probes too
            schema.config.update(rate_limit=self.rate_limit)
        self._route(schema)
        if document["paths"] != self.document["paths"]:
            # Some operations were left out: their methods now look undocumented. Probing them
            # would send the very requests left out (writes, in --read-only), so don't.
            schema.config.phases.coverage.unexpected_methods = set()
            schema.config.checks.update(excluded_check_names=["unsupported_method", "allow_header_conformance"])
        install_safety_hooks(self.target, self.document, self.order_for_case)
        if self.report is not None:
            self.report.observe(schema)
        self._schema = schema
        return schema


class RateLimiter:
    """At most N requests per second, minute or hour, spaced evenly (``10/s``, ``300/m``)."""

    def __init__(self, rate: str) -> None:
        number, _, unit = rate.partition("/")
        self.interval = {"s": 1, "m": 60, "h": 3600}[unit] / int(number)
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            delay, self._next = max(0.0, self._next - now), max(now, self._next) + self.interval
        if delay:
            time.sleep(delay)


_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@cache
@cache
def _creates_by_path() -> dict[str, str]:
    """``/v3/orders`` -> ``create_order`` (no trailing slash): the spec's creates (a POST on a collection)."""
    made = creates()
    return {
        path.rstrip("/"): operation
        for operation, method, path in operations()
        if method == "POST" and operation in made
    }


def _create_of(request: httpx.Request) -> str | None:
    """The create operation an SDK request is, if any."""
    if request.method != "POST":
        return None
    path = request.url.raw_path.decode("ascii").partition("?")[0].rstrip("/")
    return next((op for suffix, op in _creates_by_path().items() if path.endswith(suffix)), None)


def _credit_paths() -> list[re.Pattern[str]]:
    """The paths of the operations that can spend credits, as patterns over a request's path
    (after any base path the target has; with or without a trailing slash)."""
    credits = credit_operations()
    return [
        re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path.rstrip("/"))) + "/?$")
        for operation, _, path in operations()
        if operation in credits
    ]


def _only(document: dict[str, Any], keep: Callable[[str, str], bool]) -> dict[str, Any]:
    """A copy of the spec without the operations ``keep(operation_id, method)`` rejects, nor links to them."""
    doc = copy.deepcopy(document)
    kept: set[str] = set()
    for path, item in list(doc["paths"].items()):
        for method in [m for m in _METHODS if m in item]:
            if keep(item[method]["operationId"], method):
                kept.add(item[method]["operationId"])
            else:
                del item[method]
        if not any(m in item for m in _METHODS):
            del doc["paths"][path]
    for item in doc["paths"].values():
        for method in _METHODS:
            for response in item.get(method, {}).get("responses", {}).values():
                links = response.get("links", {})
                for name in [n for n, link in links.items() if link.get("operationId") not in kept]:
                    del links[name]
    return doc
