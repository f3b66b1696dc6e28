"""The mock's state: accounts (one per API key), their orders, brackets and images, behind one lock.

Every method takes the caller's account fingerprint, so one key can never reach another key's
orders or images: isolation is a property of the store's interface, not of each handler
remembering it. Images are indexed by id per account; image operations live in ``_imagestore``
(``store.images``), the rules they follow (settings, credits, limits) hang off the store.

Reading an order settles it against the clock (``_lifecycle``); an image that finishes while
settling is announced through ``on_event`` (the app points it at the webhooks). The timeline
(``settle_due``) settles the orders whose moment has come without a read, for the webhook thread.
"""

from __future__ import annotations

import bisect
import hashlib
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ._clock import Clock
from ._credits import Credits
from ._cursor import BadCursor, Cursors
from ._image import Image
from ._imagestore import ImageBook
from ._lifecycle import settle
from ._limits import DailyCap, NameRate
from ._models import Bracket, Job, Order, Timings
from ._renders import Renders
from ._settings import Settings
from ._signing import Signer
from ._timeline import Timeline

__all__ = ["Account", "BadCursor", "EventSink", "GroupingRefused", "Store", "fingerprint"]

EventSink = Callable[[str, dict[str, Any], float], object]
"""Called with (account, event, moment) for each event, e.g. ``Webhooks.emit``."""


@lru_cache(maxsize=1024)
def fingerprint(api_key: str) -> str:
    """A short, stable, non-reversible name for a key: what logs and dumps show instead of it.

    Cached: it runs on every request, and a service uses few keys (unknown keys from a fuzzer
    only cycle through the bounded cache)."""
    return hashlib.sha256(api_key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass
class Account:
    owner: str
    orders: dict[str, Order] = field(default_factory=dict)
    seqs: list[int] = field(default_factory=list)  # ascending creation seqs of live orders
    by_seq: dict[int, str] = field(default_factory=dict)
    images: dict[str, Image] = field(default_factory=dict)  # image id -> image, over all its orders


class GroupingRefused(ValueError):
    """A process or merge call asked for a grouping the mock refuses (the message says why)."""


def _ignore(owner: str, event: dict[str, Any], moment: float) -> None:
    return None


class Store:
    """All orders of all accounts. Thread-safe; every public method is atomic."""

    def __init__(self, clock: Clock, timings: Timings, settings: Settings | None = None) -> None:
        self.clock = clock
        self.timings = timings
        self.defaults = settings or Settings()
        self.settings = self.defaults
        self._lock = threading.RLock()
        self._cursors = Cursors()
        self._accounts: dict[str, Account] = {}
        self._seq = 0
        self.signer = Signer()
        self.credits = Credits(lambda: self.settings.credits)
        self.names = NameRate()
        self.cap = DailyCap()
        self.timeline = Timeline()
        self.on_event: EventSink = _ignore
        self.images = ImageBook(self)
        self.renders = Renders()

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self._lock:
            yield

    def reset(self) -> None:
        """Forget every account's orders, images, credits and limits; settings back to the defaults."""
        with self._lock:
            self._accounts.clear()
            self._seq = 0
            self.settings = self.defaults
            self.credits.reset()
            self.names.reset()
            self.cap.reset()
            self.timeline.clear()
            self.renders.clear()

    def _account(self, owner: str) -> Account:
        account = self._accounts.get(owner)
        if account is None:
            account = self._accounts[owner] = Account(owner)
        return account

    def account(self, owner: str) -> Account | None:
        """The account, if it ever held anything (for ``_imagestore``; call it under ``locked``)."""
        return self._accounts.get(owner)

    def accounts(self) -> list[Account]:
        return list(self._accounts.values())

    def admit(self, owner: str) -> Callable[[float], str | None]:
        """The daily cap's verdict for ``owner``'s images starting at a moment."""
        return lambda moment: self.cap.admit(owner, moment, self.settings.daily_cap)

    def settled(self, order: Order, now: float | None = None) -> Order:
        """``order`` brought up to the clock: its finished images announced, its next moment scheduled."""
        with self._lock:
            now = self.clock.now() if now is None else now
            user_id = self.signer.user_id(order.owner)
            result = settle(order, now, self.timings.enhance_seconds, self.admit(order.owner), user_id)
            account = self._account(order.owner)
            for image in result.added:
                account.images[image.image_id] = image
            for finished in result.finished:
                self.on_event(order.owner, finished.event(), finished.moment)
            self.schedule(order)
            return order

    def schedule(self, order: Order) -> None:
        """Put the order's next due moment on the timeline, once."""
        moment = order.next_due()
        if moment is not None and moment != order.scheduled:
            order.scheduled = moment
            self.timeline.add(moment, order.owner, order.order_id)

    def settle_due(self, now: float | None = None) -> None:
        """Settle the orders whose moment has come by ``now`` (the webhook thread's poll hook).

        Also called before anything is scheduled, so the timeline holds only what is still ahead
        (plus what became due since): each entry costs one settle, once."""
        with self._lock:
            now = self.clock.now() if now is None else now
            if (first := self.timeline.next_moment()) is None or first > now:
                return
            for owner, order_id in self.timeline.due(now):
                account = self._accounts.get(owner)
                order = account.orders.get(order_id) if account else None
                if order is not None:
                    order.scheduled = None
                    self.settled(order, now)

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
            return self.settled(order) if order else None

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
            for image in order.images:
                account.images.pop(image.image_id, None)
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
            before = self._cursors.read(owner, cursor) if cursor is not None else None
            end = len(account.seqs) if before is None else bisect.bisect_left(account.seqs, before)
            start = max(0, end - per_page)
            chosen = account.seqs[start:end][::-1]
            orders = [self.settled(account.orders[account.by_seq[s]]) for s in chosen]
            next_cursor = self._cursors.make(owner, chosen[-1]) if start > 0 and chosen else None
            return orders, next_cursor

    # -- processing -----------------------------------------------------------------------------

    def start_job(self, owner: str, order_id: str, options: dict[str, Any], merge: bool) -> Order | None:
        """Start grouping and enhancing; a call while a job runs leaves that job as it is.

        Raises ``GroupingRefused`` when explicit ``images`` name a bracket an earlier process already
        grouped into an image (a bracket makes one image; its image can be processed again instead).
        """
        with self._lock:
            now = self.clock.now()
            self.settle_due(now)
            order = self.get(owner, order_id)
            if order is None:
                return None
            grouped = {b.bracket_id: b.image_id for b in order.brackets if b.image_id is not None}
            again = [bid for image in options.get("images") or [] for bid in image["bracket_ids"] if bid in grouped]
            if again:
                listed = ", ".join(f"{bid!r} (in image {grouped[bid]!r})" for bid in again[:20])
                raise GroupingRefused(f"Brackets already grouped into an image by an earlier process: {listed}.")
            if order.job is not None:
                return order
            due = now + self.timings.grouping_seconds
            order.job = Job(now, due, options, _groups(order, options), merge)
            order.touched(now)
            self.schedule(order)
            return order

    def brackets(self, owner: str | None, order_id: str) -> list[dict[str, Any]] | None:
        with self._lock:
            order = self.get(owner, order_id)
            return None if order is None else [b.to_json(order.order_id) for b in order.brackets]

    # -- control surface ------------------------------------------------------------------------

    def add_images(self, order: Order, images: list[dict[str, Any]]) -> None:
        """Seeded images, as given (their state stays as seeded: nothing is due for them)."""
        with self._lock:
            account = self._account(order.owner)
            for fields in images:
                image = Image(fields, seeded=True)
                order.images.append(image)
                account.images[image.image_id] = image

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
                owner: [self.settled(account.orders[account.by_seq[s]]).to_json() for s in account.seqs]
                for owner, account in self._accounts.items()
            }


def _groups(order: Order, options: dict[str, Any]) -> list[list[str]]:
    """Which brackets make which image: explicit ``images``, fixed-size runs, or automatic."""
    if options.get("images"):
        return [list(image["bracket_ids"]) for image in options["images"]]
    fresh = [b for b in order.brackets if b.is_uploaded and b.image_id is None]
    size = int(options.get("number_of_brackets_per_image") or 0)  # JSON Schema integers may be 3.0
    if size > 0:
        return [[b.bracket_id for b in fresh[i : i + size]] for i in range(0, len(fresh), size)]
    # Automatic: brackets that share metadata "group" form one image; the rest stand alone.
    groups: dict[str, list[str]] = {}
    for b in fresh:
        groups.setdefault(str(b.metadata.get("group", b.bracket_id)), []).append(b.bracket_id)
    return list(groups.values())
