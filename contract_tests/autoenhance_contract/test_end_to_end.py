"""3. The SDK against the server: every method, sync and async; tenancy; a full pagination walk.

Which methods exist, what they call and whether they write comes from ``_sdk_calls`` (the SDK
matched to the spec): a new operation is exercised here, and guarded for tenancy, with no edit.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator
from urllib.parse import quote

import autoenhance_sdk as sdk
import pytest

from autoenhance_contract._sdk_calls import SdkOperation, sdk_operations
from autoenhance_contract._session import Session
from autoenhance_contract._state import current

contract = current()
SDK = sdk_operations(contract.document)


@pytest.fixture
def client() -> Iterator[sdk.Autoenhance]:
    with contract.client() as c:
        yield c


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def new_id(contract: Session, key: str | None = None) -> str:
    """An id for an order about to be created, recorded first: even if the answer cannot be read,
    the clean-up still deletes the order on a real server."""
    order_id = f"contract-{uuid.uuid4()}"
    contract.target.created.add(key or contract.target.api_key, order_id)
    return order_id


def arguments(called: SdkOperation, client: sdk.Autoenhance) -> tuple[list[str], dict[str, str]]:
    """The least a call needs: an order made for it when the path names one (each its own, so a
    delete or a process cannot disturb another call); a fresh id for a create."""
    if called.positional:
        contract.skip_unless("create_order", writes=True)
        order = client.orders.create(order_id=new_id(contract), name=f"contract: {called.operation}")
        return [order.order_id] * len(called.positional), {}
    if called.writes and "order_id" in called.schemas:
        return [], {"order_id": new_id(contract)}
    return [], {}


def answered(called: SdkOperation, result: object) -> None:
    if called.answer is None:
        assert result is None, f"{called.operation} returned {result!r} where the spec promises no body"
    else:
        assert type(result).__name__ == called.answer, f"{called.operation} returned {type(result).__name__}"


@pytest.mark.parametrize("operation", sorted(SDK))
def test_every_operation_answers_through_the_sync_sdk(operation: str, client: sdk.Autoenhance) -> None:
    called = SDK[operation]
    contract.skip_unless(operation, writes=called.writes)
    args, kwargs = arguments(called, client)
    answered(called, called.call(client, *args, **kwargs))


@pytest.mark.anyio
@pytest.mark.parametrize("operation", sorted(SDK))
async def test_every_operation_answers_through_the_async_sdk(operation: str, client: sdk.Autoenhance) -> None:
    called = SDK[operation]
    contract.skip_unless(operation, writes=called.writes)
    args, kwargs = arguments(called, client)
    async with contract.async_client() as async_client:
        answered(called, await called.call(async_client, *args, **kwargs))


def test_sync_methods(client: sdk.Autoenhance) -> None:
    """Every selected operation through the sync SDK, on an order made for it."""
    contract.skip_unless("create_order", writes=True)
    selected = contract.selected
    order = client.orders.create(order_id=new_id(contract), name="contract: sync")
    assert order.name == "contract: sync" and order.images == [] and order.is_deleted is False
    if selected("retrieve_order"):
        assert client.orders.retrieve(order.order_id).order_id == order.order_id
        assert client.orders.retrieve(order.order_id, sort_images_by="-date_added").order_id == order.order_id
        raw = client.orders.with_raw_response.retrieve(order.order_id)
        assert raw.status_code == 200 and raw.headers["content-type"].startswith("application/json")
    if selected("update_order", writes=True):
        assert client.orders.update(order.order_id, name="contract: renamed").name == "contract: renamed"
    if selected("list_order_brackets"):
        assert isinstance(client.orders.brackets(order.order_id).brackets, list)
    if selected("process_order", writes=True):
        assert client.orders.process(order.order_id, enhance_type="warm").order_id == order.order_id
        if contract.target.bundled and selected("retrieve_order"):  # a real order may take minutes
            assert client.orders.wait(order.order_id, timeout=30).status in (sdk.OrderStatus.PROCESSED, "processed")
    if selected("merge_order", writes=True):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            assert client.orders.merge(order.order_id).order_id == order.order_id
    if selected("delete_order", writes=True):
        client.orders.delete(order.order_id)
        with pytest.raises(sdk.NotFoundError):
            client.orders.delete(order.order_id)
        if selected("retrieve_order"):
            with pytest.raises(sdk.NotFoundError):
                client.orders.retrieve(order.order_id)


@pytest.mark.anyio
async def test_async_methods() -> None:
    """The same through the async SDK (its own transport), for the selected operations."""
    contract.skip_unless("create_order", writes=True)
    selected = contract.selected
    async with contract.async_client() as client:
        order = await client.orders.create(order_id=new_id(contract), name="contract: async")
        if selected("retrieve_order"):
            assert (await client.orders.retrieve(order.order_id)).name == "contract: async"
        if selected("update_order", writes=True):
            assert (await client.orders.update(order.order_id, name="contract: a2")).name == "contract: a2"
        if selected("list_order_brackets"):
            assert isinstance((await client.orders.brackets(order.order_id)).brackets, list)
        if selected("process_order", writes=True):
            await client.orders.process(order.order_id)
        if selected("merge_order", writes=True):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                await client.orders.merge(order.order_id)
        if selected("list_orders"):
            assert len((await client.orders.list_page(per_page=1)).orders) == 1
        if selected("delete_order", writes=True):
            await client.orders.delete(order.order_id)
            with pytest.raises(sdk.NotFoundError):
                await client.orders.delete(order.order_id)


def test_read_only_calls(client: sdk.Autoenhance) -> None:
    """What --read-only still checks: listing pages and reading what is listed."""
    contract.skip_unless("list_orders")
    seen = []
    for page in client.orders.list(per_page=50).iter_pages():
        assert 1 <= page.pagination.per_page <= 50
        seen += [o.order_id for o in page.orders]
        if len(seen) >= 200:
            break
    assert len(seen) == len(set(seen)), "a page repeated an order"
    if contract.selected("retrieve_order"):
        with pytest.raises(sdk.NotFoundError):
            client.orders.retrieve(f"contract-missing-{uuid.uuid4()}")


def test_pagination_walk_meets_every_order_exactly_once(client: sdk.Autoenhance) -> None:
    contract.skip_unless("list_orders")
    contract.skip_unless("create_order", writes=True)
    ours = {
        client.orders.create(order_id=new_id(contract), name=f"contract: walk {i}").order_id
        for i in range(contract.walk_orders)
    }
    seen: list[str] = []
    offsets: set[str | None] = set()
    # Newest first: this run's orders come first, so the walk stops once it has met them all, on
    # an account of any size; it goes on to the end only when one is missing.
    for page in client.orders.list(per_page=17).iter_pages():
        offset = page.pagination.next_offset
        assert offset not in offsets, (
            f"pagination repeats: next_offset {offset!r} was already given (rule: a walk meets every order once)"
        )
        offsets.add(offset)
        seen += [o.order_id for o in page.orders]
        if ours <= set(seen):
            break
    repeated = {i for i in seen if seen.count(i) > 1}
    assert not repeated, f"pagination repeats: it repeated {len(repeated)} order(s), e.g. {sorted(repeated)[:3]}"
    missing = ours - set(seen)
    reproduce = f"curl -H \"x-api-key: $AUTOENHANCE_API_KEY\" '{contract.target.base_url}/v3/orders/?per_page=17'"
    assert not missing, (
        f"pagination skipped {len(missing)} of {len(ours)} orders, e.g. {sorted(missing)[:3]}; {reproduce}"
    )


def test_one_key_never_sees_another_keys_orders() -> None:
    """A second account reaches this account's order by no selected route."""
    contract.skip_unless("create_order", writes=True)
    other_key = contract.target.api_key_2
    if not other_key:
        pytest.skip("tenancy needs a second account: --api-key-2 or AUTOENHANCE_API_KEY_2")
    with contract.client() as owner, contract.client(other_key) as other:
        order = owner.orders.create(order_id=new_id(contract), name="contract: tenancy")
        # every method that names an order, reads before writes and delete last
        routes = sorted((c for c in SDK.values() if c.positional), key=lambda c: (c.writes, c.http_method == "DELETE"))
        leaks = []
        for called in routes:
            if not contract.selected(called.operation, called.writes):
                continue
            try:
                called.call(other, *[order.order_id] * len(called.positional))
                leaks.append(called.method)
            except sdk.NotFoundError:
                pass
        if contract.selected("list_orders"):
            newest = other.orders.list_page(per_page=50).orders  # newest first: it would be here
            if order.order_id in {o.order_id for o in newest}:
                leaks.append("list")
        base = contract.target.base_url
        reproduce = f'curl -H "x-api-key: $AUTOENHANCE_API_KEY_2" {base}/v3/orders/{quote(order.order_id, safe="")}'
        assert not leaks, f"tenancy: another key reached this key's order through {', '.join(leaks)}; {reproduce}"
        if contract.selected("retrieve_order"):
            assert owner.orders.retrieve(order.order_id).name == "contract: tenancy"
