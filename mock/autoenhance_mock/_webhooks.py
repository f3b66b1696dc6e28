"""Webhooks the mock POSTs to a receiver the tester runs, like the provider's per-account webhook.

The provider sends ``{"event": "webhook_updated"}`` when a webhook is saved and one
``image_processed`` per finished image, "carrying your authentication token" in an undocumented
header. The mock does the same (token raw in ``Authorization`` by default, the header name a
setting), times every event on its own clock, so a test that advances the clock sees the webhooks
of what finished without sleeping, and keeps a log so a test can see what was sent and how it went.

Decisions (the provider documents no retries and no ordering):

- One daemon thread per ``Webhooks``, started by the first ``configure`` (none before: the mock
  also runs in-process in unit tests). Each pass calls ``poll(now)`` (the store's hook that emits
  the events of images finished by ``now``; only while a webhook is configured), then sends every
  queued event due by the mock clock. Passes run every ``tick`` real seconds and on ``emit``,
  ``wake``, ``configure`` and ``flush``; ``flush`` is what a test uses instead of sleeping.
- Deliveries are independent: each event has its own retries, due ``retry_delays`` later on the
  mock clock, and a later event is not held back behind an earlier one's retry. Events due at the
  same moment go out in the order they were emitted.
- A webhook gets the events of images finishing at or after the moment it was saved (its
  ``webhook_updated`` goes first); what finished earlier sends nothing, whether or not anything
  read it meanwhile. Replacing a webhook keeps that moment; removing it forgets it.
- An attempt uses the webhook as configured when it is made: ``remove`` drops pending events and
  retries, and a new URL or token applies to the retries of older events.
- Nothing follows redirects (a 3xx is a failure) and environment proxies are ignored: the receiver
  is the tester's, usually on loopback.
- ``close`` is final: the thread stops, ``configure`` raises, ``emit`` and ``wake`` do nothing.

The token is a credential of the tester's receiver: it is never logged, echoed in errors or
shown by ``view`` or ``repr``, and scrubbed from receiver error messages.
"""

from __future__ import annotations

import heapq
import json
import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Literal, TypedDict
from urllib.parse import urlsplit

import httpx

from ._clock import Clock, iso
from ._version import __version__

__all__ = ["Delivery", "Webhooks"]

logger = logging.getLogger("autoenhance_mock")
USER_AGENT = f"autoenhance-mock/{__version__}"
LOG_SIZE = 10_000
_TCHAR = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}")  # RFC 9110 token
_RESERVED = frozenset({"content-type", "content-length", "host", "transfer-encoding", "connection"})


class Delivery(TypedDict):
    """One attempt in the delivery log; ``error`` is set only when no response came."""

    seq: int
    owner: str
    event: dict[str, Any]
    url: str
    attempt: int
    at: str
    status: int | None
    error: str | None
    outcome: Literal["delivered", "retrying", "failed"]


@dataclass(frozen=True, slots=True)
class _Config:
    url: str
    header: str
    token: str | None = field(default=None, repr=False)
    since: float = float("-inf")  # mock time it was first saved: events of earlier moments are dropped


@dataclass(slots=True)
class _Pending:
    owner: str
    event: dict[str, Any]
    body: bytes
    attempt: int
    epoch: int  # of reset(): an attempt begun before a reset is neither logged nor retried


def _scrub(text: str, token: str | None) -> str:
    return text.replace(token, "***") if token else text


def _check(url: str, token: str | None, header: str) -> None:
    """Raise ValueError naming the field; messages never quote the token (nor URL credentials)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        raise ValueError(f"url cannot be parsed, got {url[:100]!r}") from None
    if "@" in parts.netloc:
        raise ValueError("url must not carry credentials (user:password@); send them as the token")
    if len(url) > 2048 or any(not c.isprintable() or c.isspace() for c in url):
        raise ValueError(f"url must be at most 2048 printable characters without spaces, got {url[:100]!r}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"url must be an absolute http:// or https:// URL with a host, got {url[:100]!r}")
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        raise ValueError(f"url has an invalid port, got {url[:100]!r}") from None
    if not _TCHAR.fullmatch(header):
        raise ValueError(f"header must be an HTTP field name (RFC 9110 token characters), got {header[:100]!r}")
    if header.lower() in _RESERVED:
        raise ValueError(f"header cannot be {header!r}: the mock sets it itself")
    if token is not None:
        if not token or len(token) > 4096:
            raise ValueError("token must be 1 to 4096 characters (None for no token)")
        if any(not " " <= c <= "~" for c in token) or token != token.strip(" "):
            raise ValueError("token must be printable ASCII without line breaks or spaces around it")


class Webhooks:
    """Per-owner webhook configs, a queue of events timed on the mock clock, a sender thread, a log."""

    def __init__(
        self,
        clock: Clock,
        *,
        poll: Callable[[float], None] | None = None,
        retry_delays: Sequence[float] = (1.0, 2.0, 4.0, 8.0),
        timeout: float = 5.0,
        tick: float = 0.1,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._clock, self._poll, self._delays = clock, poll, tuple(retry_delays)
        self._timeout, self._tick, self._transport = timeout, tick, transport
        self._cond = threading.Condition()
        self._configs: dict[str, _Config] = {}
        self._queue: list[tuple[float, int, _Pending]] = []  # heap by (due, emit order)
        self._log: deque[Delivery] = deque(maxlen=LOG_SIZE)
        self._queued = self._seq = self._epoch = 0
        self._begun = self._done = 0  # passes of the thread, for flush
        self._woken = self._closed = False
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"<Webhooks owners={len(self._configs)} queued={len(self._queue)} running={self.running}>"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def configure(
        self,
        owner: str,
        url: str,
        token: str | None = None,
        header: str = "Authorization",
        *,
        since: float | None = None,
    ) -> dict[str, Any]:
        """Set ``owner``'s webhook (replacing any), queue ``webhook_updated``; return ``view``.

        A new webhook takes events from ``since`` (default: now) on: ``emit`` drops those of an
        earlier moment. A replaced one (new URL, token or header) keeps the moment it was first
        saved: the account's webhook stayed on. The store settles what was due by ``since`` first
        (``_control_webhooks``), so what finished before the save sends nothing, read or not."""
        _check(url, token, header)
        with self._cond:
            if self._closed:
                raise RuntimeError("the webhooks were closed: nothing would be delivered")
            now = self._clock.now() if since is None else since
            previous = self._configs.get(owner)
            start = previous.since if previous is not None else now
            self._configs[owner] = config = _Config(url, header, token, start)
            self._push(owner, {"event": "webhook_updated"}, now)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="autoenhance-mock-webhooks", daemon=True)
                self._thread.start()
        return self._view(owner, config)

    def remove(self, owner: str) -> bool:
        """Forget ``owner``'s webhook and drop its pending events; False if it had none."""
        with self._cond:
            self._queue = [entry for entry in self._queue if entry[2].owner != owner]
            heapq.heapify(self._queue)
            return self._configs.pop(owner, None) is not None

    def view(self, owner: str) -> dict[str, Any] | None:
        with self._cond:
            config = self._configs.get(owner)
        return None if config is None else self._view(owner, config)

    @staticmethod
    def _view(owner: str, config: _Config) -> dict[str, Any]:
        return {"owner": owner, "url": config.url, "header": config.header, "token_set": config.token is not None}

    def emit(self, owner: str, event: dict[str, Any], at: float | None = None) -> bool:
        """Queue ``event`` for ``owner``, due at mock time ``at`` (default now). False, and nothing
        queued, when ``owner`` has no webhook, the webhooks are closed, or ``at`` is before the
        webhook was saved (an image that finished before it: never announced, read or not)."""
        with self._cond:
            config = self._configs.get(owner)
            due = self._clock.now() if at is None else at
            if self._closed or config is None or due < config.since:
                return False
            self._push(owner, event, due)
        return True

    def _push(self, owner: str, event: dict[str, Any], due: float) -> None:
        body = json.dumps(event, separators=(",", ":")).encode()  # not JSON: fail in the caller
        self._queued += 1
        heapq.heappush(self._queue, (due, self._queued, _Pending(owner, dict(event), body, 1, self._epoch)))
        self._woken = True
        self._cond.notify_all()

    def wake(self) -> None:
        """The clock moved: make the thread poll and send what is due now, without waiting a tick."""
        with self._cond:
            self._woken = True
            self._cond.notify_all()

    def flush(self, timeout: float = 10.0) -> bool:
        """Block until a whole pass begun after this call (poll, then sends) has ended and nothing
        due by the mock time of this call is queued; retries due later do not count. True if done
        within ``timeout`` real seconds (at once when there is no thread)."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("flush() from the webhook thread (e.g. in poll) would wait for itself")
        deadline = time.monotonic() + timeout
        with self._cond:
            horizon = self._clock.now()
            if not self.running or self._closed:
                return not self._due_by(horizon)
            want = self._begun + 1
            self._woken = True
            self._cond.notify_all()
            while self._done < want or self._due_by(horizon):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    return False
                self._cond.wait(remaining)
            return True

    def deliveries(self, owner: str | None = None, since: int = 0) -> list[Delivery]:
        """The log (oldest first, the last 10,000 attempts): entries with ``seq`` > ``since``."""
        with self._cond:
            entries = [e.copy() for e in self._log if e["seq"] > since and owner in (None, e["owner"])]
        for entry in entries:
            entry["event"] = dict(entry["event"])
        return entries

    def reset(self) -> None:
        """Forget configs, queue and log; an attempt under way is not logged. The thread idles."""
        with self._cond:
            self._configs.clear()
            self._queue.clear()
            self._log.clear()
            self._seq = 0
            self._epoch += 1

    def close(self) -> None:
        """Stop the thread, waiting at most ``timeout`` + 1 s for a send under way. Idempotent."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(self._timeout + 1.0)

    def __enter__(self) -> Webhooks:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _due_by(self, moment: float) -> bool:
        return bool(self._queue) and self._queue[0][0] <= moment

    def _run(self) -> None:
        headers = {"user-agent": USER_AGENT, "content-type": "application/json"}
        # trust_env=False: no proxy from the environment between the mock and a loopback receiver.
        with httpx.Client(
            transport=self._transport, timeout=self._timeout, follow_redirects=False, trust_env=False, headers=headers
        ) as client:
            while True:
                with self._cond:
                    if not (self._woken or self._closed or self._due_by(self._clock.now())):
                        self._cond.wait(self._tick if self._configs else None)  # no webhook: idle
                    self._woken = False
                    if self._closed:
                        return
                    self._begun += 1
                    poll = self._poll if self._configs else None
                try:
                    self._pass(client, poll)
                except Exception:  # the thread must outlive any bug of one pass
                    logger.exception("webhooks: a dispatch pass failed")
                finally:
                    with self._cond:
                        self._done = self._begun
                        self._cond.notify_all()

    def _pass(self, client: httpx.Client, poll: Callable[[float], None] | None) -> None:
        if poll is not None:
            try:
                poll(self._clock.now())
            except Exception:
                logger.exception("webhooks: poll failed")
        now, due = self._clock.now(), []
        with self._cond:
            while self._due_by(now):
                due.append(heapq.heappop(self._queue)[2])
        for pending in due:
            if self._closed:
                return
            self._attempt(client, pending)

    def _attempt(self, client: httpx.Client, pending: _Pending) -> None:
        with self._cond:
            config = self._configs.get(pending.owner)
            if config is None or pending.epoch != self._epoch:
                return  # removed or reset since it was queued
        at = iso(self._clock.now())
        extra = {config.header: config.token} if config.token is not None else {}
        status: int | None = None
        error: str | None = None
        try:  # the lock is free: a slow receiver holds up only this thread
            with client.stream("POST", config.url, content=pending.body, headers=extra) as response:
                status = response.status_code  # the body is not read: it is not ours to keep
        except Exception as exc:  # any failure to get an answer is a failed attempt
            error = _scrub(f"{type(exc).__name__}: {exc}", config.token)[:200]
        ok = status is not None and 200 <= status < 300
        with self._cond:
            if pending.epoch != self._epoch:
                return
            retry = not ok and pending.attempt <= len(self._delays) and pending.owner in self._configs
            outcome: Literal["delivered", "retrying", "failed"] = (
                "delivered" if ok else "retrying" if retry else "failed"
            )
            self._seq += 1
            url = _scrub(config.url, config.token)
            entry = Delivery(
                seq=self._seq,
                owner=pending.owner,
                event=pending.event,
                url=url,
                attempt=pending.attempt,
                at=at,
                status=status,
                error=error,
                outcome=outcome,
            )
            self._log.append(entry)
            if retry:
                due = self._clock.now() + self._delays[pending.attempt - 1]
                self._queued += 1
                pending.attempt += 1
                heapq.heappush(self._queue, (due, self._queued, pending))
        level = logging.INFO if ok else logging.WARNING
        logger.log(
            level, "webhook to %(url)s: %(event)s, attempt %(attempt)d %(outcome)s (%(status)s %(error)s)", entry
        )
