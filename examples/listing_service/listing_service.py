"""A listing service: one Autoenhance order per property listing, its photos enhanced in one go.

The client comes from the environment (AUTOENHANCE_API_KEY, AUTOENHANCE_BASE_URL) unless one is
passed in, which is how its tests reach the mock without changing a line of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from autoenhance_sdk import AsyncAutoenhance, Autoenhance, NotFoundError, OrderOut


@dataclass
class ListingStatus:
    listing_id: str
    state: str  # "missing", "waiting", "enhancing", "ready", "failed"
    photos: int


def order_id_for(listing_id: str) -> str:
    return f"listing-{listing_id}"


class ListingPhotos:
    def __init__(self, client: Autoenhance | None = None) -> None:
        self._owns_client = client is None
        self._client = client or Autoenhance()

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> ListingPhotos:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def open(self, listing_id: str, address: str) -> OrderOut:
        """The listing's order, created on first use (safe to call again)."""
        try:
            return self._client.orders.retrieve(order_id_for(listing_id))
        except NotFoundError:
            return self._client.orders.create(order_id=order_id_for(listing_id), name=address)

    def enhance(self, listing_id: str) -> None:
        self._client.orders.process(order_id_for(listing_id), enhance_type="warm", sky_replacement=True)

    def status(self, listing_id: str) -> ListingStatus:
        try:
            order = self._client.orders.retrieve(order_id_for(listing_id))
        except NotFoundError:
            return ListingStatus(listing_id, "missing", 0)
        state = {"processed": "ready", "error": "failed"}.get(str(order.status), "waiting")
        if order.is_processing:
            state = "enhancing"
        return ListingStatus(listing_id, state, order.total_images or 0)

    def listings(self) -> list[str]:
        prefix = order_id_for("")
        return [o.order_id.removeprefix(prefix) for o in self._client.orders.list() if o.order_id.startswith(prefix)]


async def statuses(listing_ids: list[str], client: AsyncAutoenhance | None = None) -> dict[str, str]:
    """Many listings' order status at once, for a dashboard."""
    import asyncio

    if client is None:
        async with AsyncAutoenhance() as own:
            return await statuses(listing_ids, own)

    async def one(listing_id: str) -> tuple[str, str]:
        try:
            order = await client.orders.retrieve(order_id_for(listing_id))
        except NotFoundError:
            return listing_id, "missing"
        return listing_id, str(order.status)

    return dict(await asyncio.gather(*(one(i) for i in listing_ids)))
