"""The ASGI application: route, authenticate, validate against the spec, handle, answer, log.

``create_app()`` is the one entry point, for uvicorn (``autoenhance-mock``) and for in-process
use in tests (``httpx.ASGITransport(app=create_app())``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl, unquote

from ._asgi import Receive, Scope, Send, abort_connection, discard_body, headers_of, origin_of, read_body
from ._clock import Clock
from ._downloads import serve_asset
from ._faults import Fault, FaultBoard
from ._handlers import Call
from ._models import Timings
from ._operations import handlers_for
from ._requestlog import Entry, RequestLog
from ._responses import Reply, http_error, validation_error
from ._routing import Router
from ._settings import Settings
from ._spec import Operation, Spec, load_spec
from ._store import Store, fingerprint
from ._uploads import ASSETS, UPLOADS, receive_upload, storage_fault_error
from ._validation import MAX_BODY_BYTES, check_body, check_parameters, schema_problems
from ._webhooks import Webhooks

__all__ = ["DEFAULT_API_KEY", "MockApp", "ResponseContractError", "create_app", "key_problem"]

DEFAULT_API_KEY = "mock-api-key"
KEYS_ENV = "AUTOENHANCE_MOCK_API_KEYS"
CONTROL_PREFIX = b"/__mock__"
STORAGE_PREFIXES = {UPLOADS.encode(): "upload", ASSETS.encode(): "asset"}  # outside the API spec
RENDER_WORKERS = 2  # downloads rendered at once; more wait their turn (each may hold ~100s of MB)
logger = logging.getLogger("autoenhance_mock")


class ResponseContractError(AssertionError):
    """The mock was about to send a response the spec does not allow (only with validate_responses)."""


def _keys_from_env() -> list[str]:
    """The keys of ``$AUTOENHANCE_MOCK_API_KEYS``: split at commas, spaces beside a comma dropped.

    Any other whitespace (a tab, a line break from an env file) stays, for ``key_problem`` to refuse.
    """
    return [k.strip(" ") for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip(" ")]


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be a valid key (a client sends it as the x-api-key header, as it is),
    or None. The reason never quotes the key."""
    if not key:
        return "is empty"
    if key != key.strip():
        return "has whitespace around it (a space, tab or line break)"
    if not all("!" <= c <= "~" for c in key):
        return "has a character no x-api-key header carries (a space, control character or non-ASCII character)"
    return None


class MockApp:
    """A stateful, spec-validating mock of the Orders API. See ``create_app`` for the options."""

    def __init__(
        self,
        *,
        api_keys: Iterable[str] | None = None,
        clock: Clock | None = None,
        timings: Timings | None = None,
        faults: Iterable[dict[str, Any]] = (),
        fault_seed: int | None = None,
        validate_responses: bool = False,
        request_log_size: int = 10_000,
        spec: Spec | None = None,
        settings: Settings | None = None,
        webhook_retry_delays: Iterable[float] = (1.0, 2.0, 4.0, 8.0),
    ) -> None:
        from_env = _keys_from_env() if api_keys is None else []
        keys = list(api_keys) if api_keys is not None else (from_env or [DEFAULT_API_KEY])
        if not keys:
            raise ValueError("api_keys must hold at least one key")
        source = f"${KEYS_ENV}" if from_env else "api_keys"
        for index, key in enumerate(keys, 1):
            problem = key_problem(key) if isinstance(key, str) else "is not a string"
            if problem is not None:
                raise ValueError(f"{source}: key {index} of {len(keys)} {problem}")
        self.api_keys = frozenset(keys)
        self.spec = spec or load_spec()
        self.handlers = handlers_for(self.spec.operations)  # refuses a spec and handlers that differ
        self.router = Router(self.spec.operations)
        self.clock = clock or Clock()
        self.store = Store(self.clock, timings or Timings(), settings)
        # The webhook thread (started by the first webhook set) polls the store's timeline, so an
        # image that finishes as the clock passes is announced without any read.
        self.webhooks = Webhooks(self.clock, poll=self.store.settle_due, retry_delays=tuple(webhook_retry_delays))
        self.store.on_event = self._announce
        self.faults = FaultBoard({op.operation_id for op in self.spec.operations}, seed=fault_seed)
        for fault in faults:
            self.faults.add(fault)
        self.requests = RequestLog(request_log_size)
        self.validate_responses = validate_responses
        # Renders run here, off the event loop (``_finished``); started on the first download.
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def _announce(self, owner: str, event: dict[str, Any], moment: float) -> None:
        self.webhooks.emit(owner, event, at=moment)

    def close(self) -> None:
        """Stop the webhook thread and the render workers (idempotent). The server's stop and
        lifespan shutdown call it. A render under way finishes; a later one starts new workers."""
        self.webhooks.close()
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send, self.close)
            return
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        raw_path = raw_path.split(b"?", 1)[0]
        headers = headers_of(scope)
        key = fingerprint(headers["x-api-key"][0]) if headers.get("x-api-key") else None
        control = raw_path == CONTROL_PREFIX or raw_path.startswith(CONTROL_PREFIX + b"/")
        if control and scope["method"] == "GET" and raw_path[len(CONTROL_PREFIX) :].strip(b"/") == b"requests":
            # Reading the log is not logged: a reader paging with since=<last seq> must run dry.
            reply = await self._guarded(self._control(scope, receive, raw_path, headers), scope)
            await self._send(scope, send, reply, [])
            self._log_line(scope["method"], raw_path.decode("latin-1"), reply.status, started, key)
            return
        entry = Entry(
            seq=self.requests.next_seq(),
            time=self.clock.now(),
            method=scope["method"],
            path=raw_path.decode("latin-1")[:2048],
            query=scope.get("query_string", b"").decode("latin-1")[:2048],
            operation=None,
            key=key,
            verdict="valid",
        )
        faults: list[Fault] = []
        storage = next((kind for prefix, kind in STORAGE_PREFIXES.items() if raw_path.startswith(prefix)), None)
        if control:
            entry.verdict = "control"
            reply = await self._guarded(self._control(scope, receive, raw_path, headers), scope, entry)
        elif storage is not None:
            entry.verdict = storage
            work = self._storage(storage, scope, receive, raw_path, headers, entry, faults)
            reply = await self._guarded(work, scope, entry)
            refused = reply.status >= 300 and isinstance(reply.data, dict) and "code" in reply.data
            if refused and "status" not in entry.faults:  # a fault's status is no problem of the request
                entry.problems = {storage: [f"{reply.data['code']}: {reply.data['message']}"]}
        else:
            reply = await self._guarded(
                self._handle_api(scope, receive, raw_path, headers, entry, faults), scope, entry
            )
        if entry.verdict == "error":
            faults = []  # the failure is answered as it is, not dropped or mangled by a fault
        await self._send(scope, send, reply, faults, storage=storage is not None)
        entry.status = reply.status
        entry.duration_ms = self._log_line(entry.method, entry.path, reply.status, started, entry.key)
        self.requests.append(entry)

    @staticmethod
    def _log_line(method: str, path: str, status: int, started: float, key: str | None) -> float:
        """Log one line for a request; return how long it took, in ms."""
        duration_ms = round((time.perf_counter() - started) * 1000, 3)
        logger.info("%s %s -> %s (%.1f ms) key=%s", method, path[:200], status, duration_ms, key or "-")
        return duration_ms

    async def _guarded(self, work: Awaitable[Reply], scope: Scope, entry: Entry | None = None) -> Reply:
        """The reply ``work`` builds; if it raises, a JSON 500 saying so, logged with its traceback.

        The mock answers 5xx only when a fault asks, so a 500 from here is a bug of the mock (or a
        ``ResponseContractError`` under ``validate_responses``): it must reach the client in the
        API's error shape and the request log (verdict ``error``), never as a bare server error.
        """
        try:
            return await work
        except Exception as exc:
            what = f"{type(exc).__name__}: {exc}"[:500]
            logger.exception("%s %s: the mock failed: %s", scope["method"], scope["path"][:200], what)
            if entry is not None:
                entry.verdict, entry.problems = "error", {"mock": [what]}
            return http_error(500, {"mock": f"The mock failed on this request ({what}); its log has the traceback."})

    async def _control(self, scope: Scope, receive: Receive, raw_path: bytes, headers: dict[str, list[str]]) -> Reply:
        from ._control import handle_control  # the control surface is loaded on first use

        body, too_big = await read_body(receive, headers, MAX_BODY_BYTES)
        if too_big:
            return http_error(413)
        if raw_path.rstrip(b"/").endswith(b"/webhooks/flush"):  # blocks until sent: not on the event loop
            return await asyncio.to_thread(handle_control, self, scope["method"], raw_path, scope, body)
        return handle_control(self, scope["method"], raw_path, scope, body)

    async def _storage(
        self,
        kind: str,
        scope: Scope,
        receive: Receive,
        raw_path: bytes,
        headers: dict[str, list[str]],
        entry: Entry,
        faults: list[Fault],
    ) -> Reply:
        """An upload or asset URL: storage the API hands out, answered as S3 would (XML errors).

        Faults for ``kind`` (``upload`` or ``asset``) are taken first and added to ``faults``."""
        faults.extend(self.faults.take(kind))
        entry.faults = [f.kind for f in faults]
        failure = await _wait_out(faults)
        if failure is not None:
            await discard_body(receive)  # not stored; the connection stays usable for a retry
            return storage_fault_error(failure.status, failure.retry_after)
        prefix = UPLOADS if kind == "upload" else ASSETS
        token = unquote(raw_path.decode("latin-1")[len(prefix) :])
        if kind == "upload":
            return await receive_upload(self.store, scope["method"], token, headers, receive)
        return await self._finished(serve_asset(self.store, scope["method"], token))

    async def _finished(self, reply: Reply) -> Reply:
        """``reply``, with its deferred work (a render) done in a worker thread, off the event loop.

        The handler already changed the state (credits, ``downloaded``) under the store's lock, in
        request order; what is left reads only its own copies, so other requests go on meanwhile.
        """
        if reply.finish is None:
            return reply
        with self._pool_lock:
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(RENDER_WORKERS, "autoenhance-mock-render")
            pool = self._pool
        return await asyncio.get_running_loop().run_in_executor(pool, reply.finish)

    async def _handle_api(
        self,
        scope: Scope,
        receive: Receive,
        raw_path: bytes,
        headers: dict[str, list[str]],
        entry: Entry,
        faults: list[Fault],
    ) -> Reply:
        """The API's answer; the faults taken for this request are added to ``faults``."""
        match = self.router.match(raw_path)
        if match is None:
            entry.verdict = "unknown-path"
            return http_error(404, {"path": "No operation of the Orders API has this path."})
        op = match.operations.get(scope["method"])
        if op is None:
            entry.verdict = "method-not-allowed"
            allow = match.allow.encode()
            detail = {"method": f"{scope['method']} is not allowed here; allowed: {match.allow}."}
            return http_error(405, detail, [(b"allow", allow)])
        entry.operation = op.operation_id
        body, too_big = await read_body(receive, headers, MAX_BODY_BYTES)
        faults.extend(self.faults.take(op.operation_id))
        entry.faults = [f.kind for f in faults]
        failure = await _wait_out(faults)
        if failure is not None:
            retry = failure.retry_after
            extra = [(b"retry-after", str(retry).encode())] if retry is not None else []
            return http_error(failure.status, {"fault": "Injected by the mock."}, extra)

        owner, auth_problem = self._authenticate(op, headers)
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        params, problems = check_parameters(op, match.values, query, headers)
        for name in match.undecodable:
            problems.setdefault("path", {})[name] = ["Not UTF-8 once percent-decoded."]
        if too_big:
            body_reply: Reply | None = http_error(413, {"json": f"The body is over {MAX_BODY_BYTES} bytes."})
            data = None
        else:
            content_type = headers.get("content-type", [None])[0]
            data, body_reply = check_body(op, body, content_type)
        if auth_problem is not None:
            problems.setdefault("headers", {})["x-api-key"] = [auth_problem]
        if body_reply is not None:
            problems.setdefault("json", {}).update(_problems_of(body_reply))
        if problems:
            entry.verdict, entry.problems = "invalid", problems

        if auth_problem is not None:
            return http_error(401, {"x-api-key": auth_problem})
        if any(loc != "json" for loc in problems):
            return validation_error({k: v for k, v in problems.items() if k != "json"})
        if body_reply is not None:
            return body_reply
        reply = self.handlers[op.operation_id](Call(self.store, owner, params, data, origin_of(scope, headers)))
        reply = await self._finished(reply)
        if self.validate_responses:
            self._check_response(op, reply)
        return reply

    def _authenticate(self, op: Operation, headers: dict[str, list[str]]) -> tuple[str | None, str | None]:
        """(account fingerprint or None, problem or None). A key that is sent must be valid."""
        sent = headers.get("x-api-key")
        if not sent:
            if op.auth == "required":
                return None, "This operation needs an API key in the x-api-key header."
            return None, None
        if len(sent) > 1 or sent[0] not in self.api_keys:
            return None, "The API key is not valid."
        return fingerprint(sent[0]), None

    def _check_response(self, op: Operation, reply: Reply) -> None:
        if reply.status not in op.statuses:
            raise ResponseContractError(f"{op.operation_id} answered {reply.status}, not documented")
        validator = op.response_validators.get(reply.status)
        if validator is not None:
            found = schema_problems(validator, reply.data)
            if found:
                raise ResponseContractError(f"{op.operation_id} {reply.status} body breaks the spec: {found}")

    async def _send(
        self, scope: Scope, send: Send, reply: Reply, faults: list[Fault], *, storage: bool = False
    ) -> None:
        kinds = {f.kind for f in faults}
        body = reply.body
        headers = list(reply.headers)
        if "malformed" in kinds:
            if storage:  # an asset: its first half announced as the whole, under its own type
                body = body[: len(body) // 2]
            else:
                body = b'{"order_id": "broken'  # not JSON: cut inside a string
                headers = [(b"content-type", b"application/json")]
            reply.status = 200
        # An empty body (an upload's 200, a redirect) has nothing to cut: truncate closes as drop.
        if ("drop" in kinds or ("truncate" in kinds and not body)) and abort_connection(send):
            return
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        if "truncate" in kinds or "drop" in kinds:
            # Announce the whole body, send part of it, end: the client sees a cut connection.
            await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
            abort_connection(send)
            return
        await send({"type": "http.response.body", "body": body})


async def _wait_out(faults: list[Fault]) -> Fault | None:
    """Wait the latency faults among ``faults``; return the status fault among them, if any."""
    for fault in faults:
        if fault.kind == "latency":
            await asyncio.sleep(fault.latency_ms / 1000)
    return next((f for f in faults if f.kind == "status"), None)


def _problems_of(reply: Reply) -> dict[str, Any]:
    detail = reply.data.get("detail", {}) if isinstance(reply.data, dict) else {}
    if reply.status == 422:
        return dict(detail.get("json", {}))
    return {"_body": [f"{reply.status}: {next(iter(detail.values()), '')}"]}


async def _lifespan(receive: Receive, send: Send, on_shutdown: Callable[[], None]) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            on_shutdown()
            await send({"type": "lifespan.shutdown.complete"})
            return


def create_app(
    *,
    api_keys: Iterable[str] | None = None,
    clock: Clock | None = None,
    timings: Timings | None = None,
    faults: Iterable[dict[str, Any]] = (),
    fault_seed: int | None = None,
    validate_responses: bool = False,
    request_log_size: int = 10_000,
    spec: str | os.PathLike[str] | None = None,
    settings: Settings | None = None,
    webhook_retry_delays: Iterable[float] = (1.0, 2.0, 4.0, 8.0),
) -> MockApp:
    """Build the mock as an ASGI app.

    Args:
        api_keys: Valid keys, each its own account. Default: ``AUTOENHANCE_MOCK_API_KEYS``
            (comma-separated), else ``DEFAULT_API_KEY`` (``"mock-api-key"``).
        clock: Time source; tests pass ``Clock(source=...)`` or advance the default one.
        timings: How long grouping and enhancing take on that clock.
        faults: Faults active from the start, as for ``POST /__mock__/faults``.
        fault_seed: Seed for ratio-based faults, for repeatable runs.
        validate_responses: Raise ``ResponseContractError`` instead of sending a response the
            spec does not allow (for the mock's own tests).
        request_log_size: How many requests ``/__mock__/requests`` remembers.
        spec: The OpenAPI file to serve instead of the bundled one (``spec_path()``).
        settings: Credits, daily cap, name rate, URL lifetime, upload size, redirect mode
            (``Settings``); the control surface changes them and reset restores these.
        webhook_retry_delays: Seconds on the mock clock before each retry of a failed webhook.

    Raises:
        HandlerMismatchError: The spec has an operation the mock has no handler for, or the mock
            has a handler named after no operation of the spec.
        ValueError: ``api_keys`` (or the environment's) is empty or holds a key no client can
            send as a header (see ``key_problem``), or ``spec`` is no spec the mock can serve.
    """
    return MockApp(
        api_keys=api_keys,
        clock=clock,
        timings=timings,
        faults=faults,
        fault_seed=fault_seed,
        validate_responses=validate_responses,
        request_log_size=request_log_size,
        spec=None if spec is None else load_spec(spec),
        settings=settings,
        webhook_retry_delays=webhook_retry_delays,
    )
