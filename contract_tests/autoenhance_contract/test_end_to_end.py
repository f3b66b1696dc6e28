"""3. The SDK against the server: every method, sync and async; tenancy; a full pagination walk.

Which methods exist, what they call and whether they write comes from ``_sdk_calls`` (the SDK
matched to the spec): a new operation is exercised here, and guarded for tenancy, with no edit.
Each id a path names is made for the call, by the collection the path names it in: an order for
``/v3/orders/{id}``; for ``/v3/images/{id}`` an image, uploaded (a real JPEG), and processed when
the call answers a file (a download). An image to be processed is uploaded when the run starts,
with the journey's (``_ahead``): its test then only waits for what is left of the processing.
"""

from __future__ import annotations

import uuid
import warnings
from collections.abc import Iterator
from urllib.parse import quote

import autoenhance_sdk as sdk
import pytest

from autoenhance_contract._ahead import Setups, ahead
from autoenhance_contract._files import PROCESSING_TIMEOUT, decoded, photo, upload
from autoenhance_contract._options import DEV_MODE
from autoenhance_contract._safety import creates
from autoenhance_contract._sdk_calls import BINARY, SdkOperation, sdk_operations
from autoenhance_contract._session import Session
from autoenhance_contract._state import current

contract = current()
SDK = sdk_operations(contract.document)
CREATES = {collection: SDK[operation] for operation, collection in creates().items() if operation in SDK}


@pytest.fixture
def client() -> Iterator[sdk.Autoenhance]:
    with contract.client() as c:
        yield c


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def new_id(contract: Session, key: str | None = None) -> str:
    return contract.new_order_id(key)


def order_for(client: sdk.Autoenhance, purpose: str) -> str:
    """A new order of the run's key, for one call."""
    contract.skip_unless("create_order", writes=True)
    return client.orders.create(order_id=new_id(contract), name=f"contract: {purpose}").order_id


def image_for(client: sdk.Autoenhance, purpose: str, processed: bool) -> tuple[str, str]:
    """A new image in a new order (ids: image, order), its bytes uploaded through its URL; and
    processed, when asked (waited for, bounded). One to be processed was uploaded when the run
    started, if its test was about to run (``processed_ahead``)."""
    contract.skip_unless(CREATES["images"].operation, writes=True)
    contract.skip_unless("create_order", writes=True)
    if not processed:
        return uploaded_image(client, purpose)
    image_id, order_id = contract.ahead.take(f"processed {purpose}", lambda: uploaded_image(client, purpose))
    contract.skip_unless("retrieve_order")
    timeout = PROCESSING_TIMEOUT[contract.target.bundled]
    assert client.orders.wait(order_id, timeout=timeout, poll_interval=0.2).status == "processed"
    return image_id, order_id


def uploaded_image(client: sdk.Autoenhance, purpose: str) -> tuple[str, str]:
    """A new image in a new order (ids: image, order), its bytes uploaded through its URL."""
    create = CREATES["images"]
    order_id = order_for(client, purpose)
    image = create.call(client, **{**create.required, "order_id": order_id, "image_name": f"contract-{purpose}"})
    contract.target.created.add_image(contract.target.api_key, image.image_id, order_id)
    upload(image.upload_url, photo("jpeg", 64, 48), contract.before_request)
    return image.image_id, order_id


def processed_ahead(purpose: str) -> Setups:
    """The set-up ``image_for(..., processed=True)`` takes, to send ahead (see ``_ahead``); a
    skip (as ``image_for`` would skip) when it would not be used."""
    contract.skip_unless(CREATES["images"].operation, writes=True)
    contract.skip_unless("create_order", writes=True)
    contract.skip_unless("retrieve_order")

    def setup() -> tuple[str, str]:
        with contract.client() as c:
            return uploaded_image(c, purpose)

    return {f"processed {purpose}": setup}


def downloads_ahead(params: dict[str, object]) -> Setups:
    """Each test of a call that answers a file gets its processed image ahead (``arguments``)."""
    called = SDK[str(params["operation"])]
    if "images" not in called.collections or called.answer != BINARY:
        return {}
    contract.skip_unless(called.operation, writes=called.writes)
    return processed_ahead(called.operation)


def arguments(called: SdkOperation, client: sdk.Autoenhance) -> tuple[list[str], dict[str, object]]:
    """The least a call needs: each id its path names made for it (each call its own, so a delete
    or a process cannot disturb another); for a create, a fresh order id when it creates an order,
    else an order made for it; its required arguments' least values; dev mode where a download
    could spend a credit on a real server without --allow-credits."""
    args: list[str] = []
    kwargs: dict[str, object] = dict(called.required)
    for collection in called.collections:
        if collection == "orders":
            args.append(order_for(client, called.operation))
        elif collection == "images":
            args.append(image_for(client, called.operation, processed=called.answer == BINARY)[0])
        else:
            raise AssertionError(f"{called.operation}: no rule yet makes one of {collection} for a call")
    if not called.positional and called.writes and "order_id" in called.schemas:
        own = creates().get(called.operation) == "orders"
        kwargs["order_id"] = new_id(contract) if own else order_for(client, called.operation)
    kwargs.update(dev_mode(called))
    return args, kwargs


def dev_mode(called: SdkOperation) -> dict[str, object]:
    """``{dev_mode: True}`` for a call that could spend credits, on a real server without --allow-credits."""
    if not contract.target.saves_credits:
        return {}
    return {argument: True for argument, header in called.headers.items() if header.lower() == DEV_MODE}


def answered(called: SdkOperation, result: object) -> None:
    if called.answer is None:
        assert result is None, f"{called.operation} returned {result!r} where the spec promises no body"
    elif called.answer == BINARY:
        assert isinstance(result, bytes), f"{called.operation} returned {type(result).__name__}, not the file's bytes"
        assert decoded(result).width > 0, f"{called.operation}: the file is not an image"
    else:
        assert type(result).__name__ == called.answer, f"{called.operation} returned {type(result).__name__}"


@pytest.mark.parametrize("operation", sorted(SDK))
@ahead(downloads_ahead)
def test_every_operation_answers_through_the_sync_sdk(operation: str, client: sdk.Autoenhance) -> None:
    called = SDK[operation]
    contract.skip_unless(operation, writes=called.writes)
    args, kwargs = arguments(called, client)
    answered(called, called.call(client, *args, **kwargs))


@pytest.mark.anyio
@pytest.mark.parametrize("operation", sorted(SDK))
@ahead(downloads_ahead)
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


def tenancy_routes() -> list[SdkOperation]:
    """Every selected method that names an order or an image, reads before writes and delete
    last; a skip when tenancy cannot be checked."""
    contract.skip_unless("create_order", writes=True)
    if not contract.target.api_key_2:
        pytest.skip("tenancy needs a second account: --api-key-2 or AUTOENHANCE_API_KEY_2")
    routes = sorted(
        (c for c in SDK.values() if c.positional and contract.selected(c.operation, c.writes)),
        key=lambda c: (c.writes, c.http_method == "DELETE"),
    )
    if not routes and not contract.selected("list_orders"):
        pytest.skip("no selected operation reads or names an order or an image")
    return routes


def tenancy_wants_image(routes: list[SdkOperation]) -> bool:
    return (
        any("images" in c.collections for c in routes)
        and contract.selected(CREATES["images"].operation, writes=True)
        and contract.selected("retrieve_order")
    )


def tenancy_ahead(params: dict[str, object]) -> Setups:
    """The tenancy test's processed image, sent ahead when it is needed."""
    return processed_ahead("tenancy") if tenancy_wants_image(tenancy_routes()) else {}


@ahead(tenancy_ahead)
def test_one_key_never_sees_another_keys_orders_or_images() -> None:
    """A second account reaches this account's order, or its image, by no selected route."""
    routes = tenancy_routes()
    other_key = contract.target.api_key_2
    with contract.client() as owner, contract.client(other_key) as other:
        order_id = owner.orders.create(order_id=new_id(contract), name="contract: tenancy").order_id
        ids = {"orders": order_id}
        if tenancy_wants_image(routes):
            ids["images"] = image_for(owner, "tenancy", processed=True)[0]  # downloadable: a leak would answer
        leaks = []
        for called in routes:
            if not set(called.collections) <= set(ids):
                continue
            try:
                called.call(other, *[ids[c] for c in called.collections], **called.required, **dev_mode(called))
                leaks.append(f"{called.resource}.{called.method}")
            except sdk.NotFoundError:
                pass
        if contract.selected("list_orders"):
            newest = other.orders.list_page(per_page=50).orders  # newest first: it would be here
            if order_id in {o.order_id for o in newest}:
                leaks.append("list")
        base = contract.target.base_url
        reproduce = f'curl -H "x-api-key: $AUTOENHANCE_API_KEY_2" {base}/v3/orders/{quote(order_id, safe="")}'
        assert not leaks, f"tenancy: another key reached this key's order through {', '.join(leaks)}; {reproduce}"
        if contract.selected("retrieve_order"):
            assert owner.orders.retrieve(order_id).name == "contract: tenancy"
