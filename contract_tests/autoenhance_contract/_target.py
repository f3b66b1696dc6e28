"""The server under test, and what this run created on it (so it can delete it after)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx

__all__ = ["BUNDLED_CREDITS", "CreatedResources", "MOCK_KEYS", "Target"]

MOCK_KEYS = ("contract-key-a", "contract-key-b")
BUNDLED_CREDITS = 1_000_000  # each account of the bundled mock: its credits are free


class CreatedResources:
    """What this run created, per key: orders, and images (each with its order, when known).
    Only these may be changed or deleted on a real server. Resources are named by their
    collection, as paths name them (``orders``, ``images``)."""

    def __init__(self) -> None:
        self._ids: dict[str, dict[str, set[str]]] = {}  # key -> collection -> ids
        self._image_orders: dict[tuple[str, str], str | None] = {}  # (key, image id) -> its order
        self._confirmed: dict[tuple[str, str], None] = {}  # (key, order id): known to exist, in order
        self._lock = threading.Lock()
        self.total = 0  # every order this run is known to have created, deleted or not
        self.images_total = 0  # every image recorded in this run

    def __repr__(self) -> str:  # keyed by API key: never shown
        return f"<CreatedResources: {self.count()} order(s) pending>"

    def _add(self, api_key: str, collection: str, resource_id: str) -> bool:
        ids = self._ids.setdefault(api_key, {}).setdefault(collection, set())
        new = resource_id not in ids
        ids.add(resource_id)
        return new

    def _confirm(self, api_key: str, order_id: str) -> None:
        if (api_key, order_id) not in self._confirmed:
            self._confirmed[(api_key, order_id)] = None
            self.total += 1

    def add(self, api_key: str, order_id: str, confirmed: bool = True) -> None:
        """An order this run created; ``confirmed=False``: one it is about to create (owned, and
        deleted at the end, but counted only once a create answers for it)."""
        with self._lock:
            self._add(api_key, "orders", order_id)
            if confirmed:
                self._confirm(api_key, order_id)

    def add_image(self, api_key: str, image_id: str, order_id: str | None) -> None:
        """An image this run created, and the order it went into (created by it too: an image goes
        into a new order, or one of the run's own)."""
        with self._lock:
            self.images_total += self._add(api_key, "images", image_id)
            self._image_orders[(api_key, image_id)] = order_id
            if order_id is not None:
                self._add(api_key, "orders", order_id)
                self._confirm(api_key, order_id)

    def owns(self, api_key: str, resource_id: str, collection: str = "orders") -> bool:
        """Whether this run created it; never for a collection it records nothing of."""
        with self._lock:
            return resource_id in self._ids.get(api_key, {}).get(collection, set())

    def left(self) -> list[str]:
        """The ids of the orders known to exist and not yet deleted, in the order they were made."""
        with self._lock:
            return [
                order_id for key, order_id in self._confirmed if order_id in self._ids.get(key, {}).get("orders", ())
            ]

    def count(self) -> int:
        """Orders known to exist and not yet deleted."""
        return len(self.left())

    def delete_all(self, base_url: str, before: Callable[[], None] = lambda: None) -> tuple[int, list[str]]:
        """Delete every order this run created (their images go with them), and any image of its
        whose order is not known; (orders deleted, problems). 404 counts as already gone."""
        deleted, problems = 0, []
        with self._lock:
            orders = [(key, order_id) for key, kinds in self._ids.items() for order_id in kinds.get("orders", ())]
            pending = {(key, order_id) for key, order_id in orders}
            strays = [
                (key, image_id)
                for key, kinds in self._ids.items()
                for image_id in kinds.get("images", ())
                if (key, self._image_orders.get((key, image_id))) not in pending
            ]
            self._ids.clear()
            self._image_orders.clear()
        with httpx.Client(base_url=base_url, timeout=30) as http:
            for path, (key, resource_id) in [("/v3/images/", s) for s in strays] + [("/v3/orders/", o) for o in orders]:
                before()
                try:
                    resp = http.delete(f"{path}{_quote(resource_id)}", headers={"x-api-key": key})
                except httpx.HTTPError as exc:
                    problems.append(f"{resource_id}: {type(exc).__name__}")
                    continue
                if resp.status_code in (204, 404):
                    if resp.status_code == 204 and path == "/v3/orders/":
                        deleted += 1
                        with self._lock:  # it existed: a create whose answer was never read made it
                            self._confirm(key, resource_id)
                else:
                    problems.append(f"{resource_id}: {resp.status_code}")
        return deleted, problems


def _quote(order_id: str) -> str:
    return quote(order_id, safe="")


@dataclass
class Target:
    """Where the suite points, with which keys, and how careful it must be."""

    base_url: str
    api_key: str = field(repr=False)
    api_key_2: str | None = field(repr=False)
    bundled: bool  # the mock this run started: nothing there belongs to anyone
    read_only: bool
    allow_credits: bool = False  # --allow-credits: full-size downloads may spend credits on a real server
    created: CreatedResources = field(default_factory=CreatedResources)
    sent: int = 0  # requests sent to the target by this process
    credits_spent: int = 0  # full-size downloads answered without x-dev-mode: true

    @property
    def careful(self) -> bool:
        """On anything but our own mock, touch only what this run created."""
        return not self.bundled

    def count_credit(self, credit_operation: bool, dev_mode: object, preview: object, status: int) -> None:
        """Count a download that spent a credit: a full-size one (``preview=false``) of an
        operation that can spend, sent without ``x-dev-mode: true``, that answered the image."""
        full_size = str(preview).lower() == "false"
        if credit_operation and full_size and str(dev_mode).lower() != "true" and status in (200, 302):
            self.credits_spent += 1

    @property
    def saves_credits(self) -> bool:
        """Every enhanced download goes with ``x-dev-mode: true``: on a real server unless
        --allow-credits (the bundled mock's credits are free)."""
        return self.careful and not self.allow_credits
