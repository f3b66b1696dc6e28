"""The mock's state: accounts (one per API key), their orders and brackets, behind one lock.

Every method takes the caller's account fingerprint, so one key can never reach another key's
orders: isolation is a property of the store's interface, not of each handler remembering it.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import hmac
import secrets
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ._clock import Clock
from ._models import Bracket, Job, Order, Timings

__all__ = ["Account", "BadCursor", "Store", "fingerprint"]


@lru_cache(maxsize=1024)
def fingerprint(api_key: str) -> str:
    """A short, stable, non-reversible name for a key: what logs and dumps show instead of it.

    Cached: it runs on every request, and a service uses few keys (unknown keys from a fuzzer
    only cycle through the bounded cache)."""
    return hashlib.sha256(api_key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


class BadCursor(ValueError):
    """A list offset token that is malformed or was issued to another key."""


@dataclass
class Account:
    owner: str
    orders: dict[str, Order] = field(default_factory=dict)
    seqs: list[int] = field(default_factory=list)  # ascending creation seqs of live orders
    by_seq: dict[int, str] = field(default_factory=dict)


class Store:
    """All orders of all accounts. Thread-safe; every public method is atomic."""

    def __init__(self, clock: Clock, timings: Timings) -> None:
        self.clock = clock
        self.timings = timings
        self._lock = threading.RLock()
        self._secret = secrets.token_bytes(16)
        self._accounts: dict[str, Account] = {}
        self._seq = 0

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self._lock:
            yield

    def reset(self) -> None:
        with self._lock:
            self._accounts.clear()
            self._seq = 0

    def _account(self, owner: str) -> Account:
        account = self._accounts.get(owner)
        if account is None:
            account = self._accounts[owner] = Account(owner)
        return account

    def _settled(self, order: Order) -> Order:
        order.settle(self.clock.now(), self.timings)
        return order

    # -- orders ---------------------------------------------------------------------------------

    def create(self, owner: str, order_id: str | None, name: str | None) -> Order | None:
        """The new order, or None when this account already has ``order_id``."""
        with self._lock:
            account = self._account(owner)
            order_id = order_id if order_id is not None else str(uuid.uuid4())
            if order_id in account.orders:
                return None
            self._seq += 1
            now = self.clock.now()
            order = Order(order_id, name, owner, self._seq, created=now, updated=now)
            account.orders[order_id] = order
            account.seqs.append(order.seq)
            account.by_seq[order.seq] = order_id
            return order

    def get(self, owner: str | None, order_id: str) -> Order | None:
        """The caller's order; with no key (owner None), the newest order of that id in any account."""
        with self._lock:
            if owner is not None:
                account = self._accounts.get(owner)
                order = account.orders.get(order_id) if account else None
            else:
                found = [a.orders[order_id] for a in self._accounts.values() if order_id in a.orders]
                order = max(found, key=lambda o: o.seq) if found else None
            return self._settled(order) if order else None

    def rename(self, owner: str, order_id: str, name: str | None) -> Order | None:
        with self._lock:
            order = self.get(owner, order_id)
            if order is not None and name is not None:
                order.name = name
                order.updated = max(self.clock.now(), order.updated)
            return order

    def delete(self, owner: str, order_id: str) -> bool:
        with self._lock:
            account = self._accounts.get(owner)
            order = account.orders.pop(order_id, None) if account else None
            if account is None or order is None:
                return False
            index = bisect.bisect_left(account.seqs, order.seq)
            del account.seqs[index]
            del account.by_seq[order.seq]
            return True

    def page(self, owner: str, cursor: str | None, per_page: int) -> tuple[list[Order], str | None]:
        """Up to ``per_page`` orders older than the cursor, newest first, and the next cursor.

        The cursor is the creation seq of the last order served, so orders created during a walk
        (higher seqs) never shift it: every order that existed at the start is met exactly once.
        """
        with self._lock:
            account = self._account(owner)
            before = self._read_cursor(owner, cursor) if cursor is not None else None
            end = len(account.seqs) if before is None else bisect.bisect_left(account.seqs, before)
            start = max(0, end - per_page)
            chosen = account.seqs[start:end][::-1]
            orders = [self._settled(account.orders[account.by_seq[s]]) for s in chosen]
            next_cursor = self._make_cursor(owner, chosen[-1]) if start > 0 and chosen else None
            return orders, next_cursor

    def _sign(self, payload: str) -> str:
        return hmac.new(self._secret, payload.encode(), hashlib.sha256).hexdigest()[:16]

    def _make_cursor(self, owner: str, seq: int) -> str:
        payload = f"{seq}.{owner}"
        raw = f"{payload}.{self._sign(payload)}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _read_cursor(self, owner: str, token: str) -> int:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
            seq_text, token_owner, signature = raw.split(".")
            seq = int(seq_text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadCursor("Not an offset this API issued; pass back pagination.next_offset.") from exc
        if not hmac.compare_digest(signature, self._sign(f"{seq_text}.{token_owner}")):
            raise BadCursor("Not an offset this API issued; pass back pagination.next_offset.")
        if token_owner != owner:
            raise BadCursor("This offset was issued to another API key.")
        return seq

    # -- processing -----------------------------------------------------------------------------

    def start_job(self, owner: str, order_id: str, options: dict[str, Any], merge: bool) -> Order | None:
        """Start grouping and enhancing; a call while a job runs leaves that job as it is."""
        with self._lock:
            order = self.get(owner, order_id)
            if order is None or order.job is not None:
                return order
            now = self.clock.now()
            order.job = Job(now, options, _groups(order, options), merge)
            order.status = "processing"
            order.updated = max(now, order.updated)
            return order

    def brackets(self, owner: str | None, order_id: str) -> list[dict[str, Any]] | None:
        with self._lock:
            order = self.get(owner, order_id)
            return None if order is None else [b.to_json(order.order_id) for b in order.brackets]

    # -- control surface ------------------------------------------------------------------------

    def add_brackets(self, order: Order, brackets: list[dict[str, Any]]) -> None:
        with self._lock:
            for raw in brackets:
                order.brackets.append(
                    Bracket(
                        bracket_id=str(raw.get("bracket_id") or uuid.uuid4()),
                        name=str(raw.get("name", "bracket.jpg")),
                        is_uploaded=bool(raw.get("is_uploaded", True)),
                        metadata=dict(raw.get("metadata", {})),
                    )
                )

    def dump(self) -> dict[str, Any]:
        """Every account's orders (as the API shows them), keyed by key fingerprint."""
        with self._lock:
            return {
                owner: [self._settled(account.orders[account.by_seq[s]]).to_json() for s in account.seqs]
                for owner, account in self._accounts.items()
            }


def _groups(order: Order, options: dict[str, Any]) -> list[list[str]]:
    """Which brackets make which image: explicit ``images``, fixed-size runs, or automatic."""
    if options.get("images"):
        return [list(image["bracket_ids"]) for image in options["images"]]
    used = {bid for image in order.images for bid in image.get("metadata", {}).get("bracket_ids", [])}
    fresh = [b for b in order.brackets if b.is_uploaded and b.bracket_id not in used]
    size = int(options.get("number_of_brackets_per_image") or 0)  # JSON Schema integers may be 3.0
    if size > 0:
        return [[b.bracket_id for b in fresh[i : i + size]] for i in range(0, len(fresh), size)]
    # Automatic: brackets that share metadata "group" form one image; the rest stand alone.
    groups: dict[str, list[str]] = {}
    for b in fresh:
        groups.setdefault(str(b.metadata.get("group", b.bracket_id)), []).append(b.bracket_id)
    return list(groups.values())
