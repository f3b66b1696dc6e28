"""Images and brackets in the store: register, find, upload, reprocess, fail, delete.

``store.images`` is an ``ImageBook``. Like the store, every method takes the caller's account
(``owner``), so isolation holds by construction; ``None`` is a keyless read, which the spec
allows for retrieve_image and download_original_image (any image by id, the newest if two
accounts hold one id). Every method runs under the store's lock and settles what it touches.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._image import Image, image_defaults, options_from
from ._lifecycle import Finished, start
from ._models import Bracket, Order

if TYPE_CHECKING:
    from ._store import Store

__all__ = ["Found", "ImageBook", "Limited", "OrderNotFound", "Upload"]


@dataclass(frozen=True)
class Found:
    order: Order
    image: Image


@dataclass(frozen=True)
class OrderNotFound:
    order_id: str


@dataclass(frozen=True)
class Limited:
    retry_after: int


@dataclass(frozen=True)
class Upload:
    """What an upload URL names: the account, order, image or bracket, and the bytes' type."""

    kind: str  # "image" or "bracket"
    owner: str
    order_id: str
    object_id: str


class ImageBook:
    def __init__(self, store: Store) -> None:
        self._store = store

    def find(self, owner: str | None, image_id: str) -> Found | None:
        """The caller's image (settled), or with no key the newest image of that id in any account."""
        store = self._store
        with store.locked():
            accounts = store.accounts() if owner is None else [a for a in [store.account(owner)] if a]
            found: list[tuple[Order, Image]] = []
            for account in accounts:
                image = account.images.get(image_id)
                order = account.orders.get(image.order_id) if image else None
                if image is not None and order is not None:
                    found.append((order, image))
            if not found:
                return None
            order, image = max(found, key=lambda pair: pair[0].seq)  # keyless: the newest, as for orders
            store.settled(order)
            return Found(order, image) if image in order.images else None

    def create(self, owner: str, body: dict[str, Any]) -> Found | OrderNotFound | Limited:
        """Register an image: into the caller's order, a new one named by ``order_id``, or a new UUID4 one.

        An ``order_id`` that only another account has is ``OrderNotFound``; the same ``image_name``
        too often in the hour is ``Limited``. Either way nothing is created.
        """
        store = self._store
        with store.locked():
            now = store.clock.now()
            store.settle_due(now)
            order_id = body.get("order_id")
            account = store.account(owner)
            order = account.orders.get(order_id) if account and order_id is not None else None
            others = store.accounts() if order is None and order_id is not None else []
            if any(order_id in a.orders for a in others if a.owner != owner):
                return OrderNotFound(str(order_id))
            retry = store.names.hit(owner, body["image_name"], now, store.settings.same_name_per_hour)
            if retry is not None:
                return Limited(retry)
            if order is None:
                order = store.create(owner, order_id, None)
                assert order is not None, "checked above: the caller has no order with this id"
            else:
                store.settled(order)
            fields = image_defaults(order.order_id, store.signer.user_id(owner), int(now * 1000))
            fields.update(options_from(body))
            image = Image(fields, expires_at=now + store.settings.url_seconds)
            self._add(order, image, now)
            return Found(order, image)

    def _add(self, order: Order, image: Image, now: float) -> None:
        account = self._store.account(order.owner)
        assert account is not None
        order.images.append(image)
        account.images[image.image_id] = image
        order.touched(now)
        self._store.schedule(order)

    def reprocess(self, owner: str, image_id: str, body: dict[str, Any]) -> Found | None:
        """New options (left-out ones kept); an image with bytes is enhanced again from now."""
        store = self._store
        with store.locked():
            found = self.find(owner, image_id)
            if found is None:
                return None
            now = store.clock.now()
            found.image.fields.update(options_from(body))
            if found.image.has_original:
                start(found.image, now, store.timings.enhance_seconds, store.admit(owner))
                self._announce_if_finished(found, now)
            found.order.touched(now)
            store.schedule(found.order)
            return found

    def delete(self, owner: str, image_id: str) -> bool:
        store = self._store
        with store.locked():
            found = self.find(owner, image_id)
            account = store.account(owner)
            if found is None or account is None:
                return False
            found.order.images.remove(found.image)
            del account.images[image_id]
            found.order.touched(store.clock.now())
            return True

    def fail(self, owner: str | None, image_id: str, reason: str) -> Found | None:
        """Put the image in ``error`` now (the control surface), announcing it as finished."""
        store = self._store
        with store.locked():
            found = self.find(owner, image_id)
            if found is None:
                return None
            now = store.clock.now()
            found.image.fail(reason)
            found.order.touched(now)
            self._announce_if_finished(found, now)
            return found

    def _announce_if_finished(self, found: Found, now: float) -> None:
        image, order = found.image, found.order
        if image.status == "error":  # forced, or refused by the daily cap
            finished = Finished(image.image_id, order.order_id, True, order.is_processing, now)
            self._store.on_event(order.owner, finished.event(), now)

    def report(self, owner: str, image_id: str, report: dict[str, Any]) -> Found | None:
        with self._store.locked():
            found = self.find(owner, image_id)
            if found is not None:
                found.image.reports.append(dict(report))
            return found

    def add_bracket(self, owner: str, order_id: str, name: str, metadata: dict[str, Any]) -> Bracket | None:
        """A new bracket, not uploaded yet, of the caller's order; None if the caller has no such order."""
        store = self._store
        with store.locked():
            order = store.get(owner, order_id)
            if order is None:
                return None
            bracket = Bracket(str(uuid.uuid4()), name, False, dict(metadata))
            order.brackets.append(bracket)
            order.updated = max(order.updated, store.clock.now())
            return bracket

    def receive(self, upload: Upload, data: bytes) -> bool:
        """The bytes of an upload landed. An image (re)starts enhancing; a bracket is uploaded.

        False when what the URL names is gone (deleted image, bracket or order)."""
        store = self._store
        with store.locked():
            now = store.clock.now()
            store.settle_due(now)
            account = store.account(upload.owner)
            order = account.orders.get(upload.order_id) if account else None
            if account is None or order is None:
                return False
            if upload.kind == "bracket":
                bracket = next((b for b in order.brackets if b.bracket_id == upload.object_id), None)
                if bracket is None:
                    return False
                bracket.data, bracket.is_uploaded = data, True
                order.updated = max(order.updated, now)
                return True
            image = account.images.get(upload.object_id)
            if image is None or image.order_id != order.order_id:
                return False
            store.settled(order, now)
            image.original, image.parts, image.seeded = data, (), False
            image.version += 1
            image.fields["downloaded"] = False  # a new original: its first full-size download spends a credit
            start(image, now, store.timings.enhance_seconds, store.admit(upload.owner))
            self._announce_if_finished(Found(order, image), now)
            order.touched(now)
            store.schedule(order)
            return True
