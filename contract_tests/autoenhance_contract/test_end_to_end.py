"""3. The SDK against the server: every method, sync and async; tenancy; a full pagination walk."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Callable, Iterator
from urllib.parse import quote

import autoenhance_sdk as sdk
import pytest

from autoenhance_contract._session import Session


@pytest.fixture
def client(contract: Session) -> Iterator[sdk.Autoenhance]:
    with sdk.Autoenhance(api_key=contract.target.api_key, base_url=contract.target.base_url) as c:
        yield c


def new_id(contract: Session, key: str | None = None) -> str:
    """An id for an order about to be created, recorded first: even if the answer cannot be read,
    the clean-up still deletes the order on a real server."""
    order_id = f"contract-{uuid.uuid4()}"
    contract.target.created.add(key or contract.target.api_key, order_id)
    return order_id


def test_sync_methods(contract: Session, client: sdk.Autoenhance) -> None:
    contract.skip_unless("create_order", writes=True)
    order = client.orders.create(order_id=new_id(contract), name="contract: sync")
    assert order.name == "contract: sync" and order.images == [] and order.is_deleted is False
    assert client.orders.retrieve(order.order_id).order_id == order.order_id
    assert client.orders.retrieve(order.order_id, sort_images_by="-date_added").order_id == order.order_id
    assert client.orders.update(order.order_id, name="contract: renamed").name == "contract: renamed"
    assert isinstance(client.orders.brackets(order.order_id).brackets, list)
    processing = client.orders.process(order.order_id, enhance_type="warm")
    assert processing.order_id == order.order_id
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        assert client.orders.merge(order.order_id).order_id == order.order_id
    if contract.target.bundled:  # a real order may take minutes; the bundled mock takes 0.5 s
        assert client.orders.wait(order.order_id, timeout=30).status in (sdk.OrderStatus.PROCESSED, "processed")
    raw = client.orders.with_raw_response.retrieve(order.order_id)
    assert raw.status_code == 200 and raw.headers["content-type"].startswith("application/json")
    client.orders.delete(order.order_id)
    with pytest.raises(sdk.NotFoundError):
        client.orders.retrieve(order.order_id)
    with pytest.raises(sdk.NotFoundError):
        client.orders.delete(order.order_id)


@pytest.mark.anyio
async def test_async_methods(contract: Session) -> None:
    contract.skip_unless("create_order", writes=True)
    async with sdk.AsyncAutoenhance(api_key=contract.target.api_key, base_url=contract.target.base_url) as client:
        order = await client.orders.create(order_id=new_id(contract), name="contract: async")
        assert (await client.orders.retrieve(order.order_id)).name == "contract: async"
        assert (await client.orders.update(order.order_id, name="contract: a2")).name == "contract: a2"
        assert isinstance((await client.orders.brackets(order.order_id)).brackets, list)
        await client.orders.process(order.order_id)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            await client.orders.merge(order.order_id)
        first = await client.orders.list_page(per_page=1)
        assert len(first.orders) == 1
        await client.orders.delete(order.order_id)
        with pytest.raises(sdk.NotFoundError):
            await client.orders.retrieve(order.order_id)


def test_read_only_calls(contract: Session, client: sdk.Autoenhance) -> None:
    """What --read-only still checks: listing pages and reading what is listed."""
    contract.skip_unless("list_orders")
    seen = []
    for page in client.orders.list(per_page=50).iter_pages():
        assert 1 <= page.pagination.per_page <= 50
        seen += [o.order_id for o in page.orders]
        if len(seen) >= 200:
            break
    assert len(seen) == len(set(seen)), "a page repeated an order"
    with pytest.raises(sdk.NotFoundError):
        client.orders.retrieve("contract-missing-order-id")


def test_pagination_walk_meets_every_order_exactly_once(contract: Session, client: sdk.Autoenhance) -> None:
    contract.skip_unless("list_orders")
    contract.skip_unless("create_order", writes=True)
    ours = {
        client.orders.create(order_id=new_id(contract), name=f"contract: walk {i}").order_id
        for i in range(contract.walk_orders)
    }
    seen: list[str] = []
    offsets: set[str | None] = set()
    for page in client.orders.list(per_page=17).iter_pages():
        offset = page.pagination.next_offset
        assert offset not in offsets, (
            f"pagination repeats: next_offset {offset!r} was already given (rule: a walk meets every order once)"
        )
        offsets.add(offset)
        seen += [o.order_id for o in page.orders]
        assert len(seen) <= 4 * len(ours) + 1000, "pagination does not end"
    repeated = {i for i in seen if seen.count(i) > 1}
    assert not repeated, f"pagination repeats: it repeated {len(repeated)} order(s), e.g. {sorted(repeated)[:3]}"
    missing = ours - set(seen)
    reproduce = f"curl -H \"x-api-key: $AUTOENHANCE_API_KEY\" '{contract.target.base_url}/v3/orders/?per_page=17'"
    assert not missing, (
        f"pagination skipped {len(missing)} of {len(ours)} orders, e.g. {sorted(missing)[:3]}; {reproduce}"
    )


def test_one_key_never_sees_another_keys_orders(contract: Session) -> None:
    contract.skip_unless("create_order", writes=True)
    other_key = contract.target.api_key_2
    if not other_key:
        pytest.skip("tenancy needs a second account: --api-key-2 or AUTOENHANCE_API_KEY_2")
    base = contract.target.base_url
    with (
        sdk.Autoenhance(api_key=contract.target.api_key, base_url=base) as owner,
        sdk.Autoenhance(api_key=other_key, base_url=base) as other,
    ):
        order = owner.orders.create(order_id=new_id(contract), name="contract: tenancy")
        leaks = []
        calls: list[tuple[str, Callable[[], object]]] = [
            ("retrieve", lambda: other.orders.retrieve(order.order_id)),
            ("brackets", lambda: other.orders.brackets(order.order_id)),
            ("update", lambda: other.orders.update(order.order_id, name="stolen")),
            ("process", lambda: other.orders.process(order.order_id)),
            ("delete", lambda: other.orders.delete(order.order_id)),
        ]
        for name, call in calls:
            try:
                call()
                leaks.append(name)
            except sdk.NotFoundError:
                pass
        listed = [o.order_id for page in other.orders.list(per_page=50).iter_pages() for o in page.orders]
        if order.order_id in listed:
            leaks.append("list")
        reproduce = f'curl -H "x-api-key: $AUTOENHANCE_API_KEY_2" {base}/v3/orders/{quote(order.order_id, safe="")}'
        assert not leaks, f"tenancy: another key reached this key's order through {', '.join(leaks)}; {reproduce}"
        assert owner.orders.retrieve(order.order_id).name == "contract: tenancy"
