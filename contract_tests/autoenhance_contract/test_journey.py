"""4. The user's journey end to end, through the SDK, as a service runs it.

An order; a real JPEG and a real PNG registered, uploaded through their upload URLs (a plain
HTTP PUT of the raw bytes, ``application/octet-stream``, no API key: the spec's ``x-upload``);
processing waited for (bounded); both downloads decoded and checked for the asked format and
width, the preview cap, and what a full-size download does to ``downloaded``; HDR: three
exposures registered as brackets, uploaded, grouped explicitly into one image by
``process_order``, which is downloaded and decoded.

On a real server without --allow-credits every enhanced download is sent with ``dev_mode=True``
(``x-dev-mode: true``): nothing is spent and ``downloaded`` stays false. Everything is made in
orders this run creates, deleted at the end.

Each test's uploads (and, for HDR, the grouping) are sent when the run starts, with the other
tests' (``_ahead``): the server processes them while the suite runs, and each test then waits for
its own, and checks everything as if it had sent them just before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import autoenhance_sdk as sdk
import pytest

from autoenhance_contract._ahead import Setups, ahead
from autoenhance_contract._files import PROCESSING_TIMEOUT, decoded, format_of, photo, upload
from autoenhance_contract._state import current

contract = current()
F = TypeVar("F", bound=Callable[..., Any])
PREVIEW_CAP = 1024  # the spec: a preview is at most 1024 pixels on its longest side
NEEDED = ("create_order", "create_image", "retrieve_order", "retrieve_image")
DOWNLOADS = ("download_enhanced_image", "download_original_image")


def needed(*more: str) -> None:
    """Skip unless the journey's operations (and ``more``, all writes) are selected."""
    for operation in NEEDED:
        contract.skip_unless(operation, writes=operation.startswith("create"))
    for operation in more:
        contract.skip_unless(operation, writes=True)


@pytest.fixture
def client() -> Iterator[sdk.Autoenhance]:
    needed()
    with contract.client() as c:
        yield c


def sent_ahead(key: str, setup: Callable[[sdk.Autoenhance], Any], *more: str) -> Callable[[F], F]:
    """Mark a test whose set-up is ``setup(client)``, sent ahead under ``key`` (see ``_ahead``)."""

    def plan(params: dict[str, Any]) -> Setups:
        needed(*more)

        def run() -> Any:
            with contract.client() as c:
                return setup(c)

        return {key: run}

    return ahead(plan)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def credits() -> dict[str, Any]:
    """What a full-size enhanced download needs here: dev mode unless credits may be spent."""
    return {"dev_mode": True} if contract.target.saves_credits else {}


def full_size(client: sdk.Autoenhance, image_id: str, kind: str, per_run: int) -> bytes:
    """The full-size enhanced download. A 402 with --allow-credits is the account's state, not
    the server's fault (the spec documents it): the rest of the check is skipped, in one line."""
    try:
        return client.images.download_enhanced(image_id, preview=False, format="jpeg", **credits())
    except sdk.PaymentRequiredError:
        if contract.target.saves_credits:
            raise  # x-dev-mode: true must never need a credit
        pytest.skip(
            "the account has no credit left for a full-size download; --allow-credits spends "
            f"{per_run} credit(s) per run in the journey, and one for each schemathesis case asking "
            f"for full size (here: the {kind} image's download answered 402)"
        )


def wait_options() -> dict[str, float]:
    bundled = contract.target.bundled
    return {"timeout": PROCESSING_TIMEOUT[bundled], "poll_interval": 0.2 if bundled else 5.0}


def new_order(client: sdk.Autoenhance, name: str) -> str:
    return client.orders.create(order_id=contract.new_order_id(), name=name).order_id


def register(client: sdk.Autoenhance, order_id: str, name: str, data: bytes) -> str:
    """create_image, then the upload PUT; the image's id."""
    created = client.images.create(image_name=name, order_id=order_id)
    contract.target.created.add_image(contract.target.api_key, created.image_id, order_id)
    assert created.order_id == order_id and created.image_name == name
    assert isinstance(created.upload_url, str), "x-api-version 2025-05-08 answers upload_url"
    upload(created.upload_url, data, contract.before_request)
    return created.image_id


SIZES = {"jpeg": (1600, 1200), "png": (640, 480)}


def photos_uploaded(client: sdk.Autoenhance) -> tuple[str, dict[str, str]]:
    """An order, and a JPEG and a PNG registered and uploaded into it (ids: order, image by kind)."""
    order_id = new_order(client, "contract: journey")
    images = {kind: register(client, order_id, f"journey-{kind}", photo(kind, *size)) for kind, size in SIZES.items()}
    return order_id, images


@sent_ahead("journey photos", photos_uploaded)
def test_photos_uploaded_processed_and_downloaded(client: sdk.Autoenhance) -> None:
    """A JPEG (larger than the preview cap) and a PNG, from upload to both downloads."""
    order_id, images = contract.ahead.take("journey photos", lambda: photos_uploaded(client))
    done = client.orders.wait(order_id, **wait_options())
    assert done.status == "processed", done.status
    assert {i.image_id for i in done.images} == set(images.values()) and done.total_images == 2
    for kind, image_id in images.items():
        width, height = SIZES[kind]
        assert client.images.retrieve(image_id).status == "processed"
        enhanced, original = (contract.selected(d) for d in DOWNLOADS)  # each checked if it is selected
        if enhanced:
            asked = decoded(client.images.download_enhanced(image_id, format="png", max_width=320, **credits()))
            assert (format_of(asked), asked.width) == ("png", 320), (kind, asked.format, asked.size)
            assert abs(asked.height - 320 * height / width) <= 1, "the aspect ratio is kept"
            preview = decoded(client.images.download_enhanced(image_id, **credits()))  # a preview, jpeg: the defaults
            cap = min(PREVIEW_CAP, max(width, height))
            assert format_of(preview) == "jpeg" and max(preview.size) <= cap, preview.size
        if original:
            full_original = decoded(client.images.download_original(image_id))  # full size, as uploaded, jpeg
            assert format_of(full_original) == "jpeg" and full_original.size == (width, height), full_original.size
            small = decoded(client.images.download_original(image_id, format="webp", max_width=200))
            assert (format_of(small), small.width) == ("webp", 200), small.size
        if enhanced:
            full = decoded(full_size(client, image_id, kind, len(images)))
            assert format_of(full) == "jpeg" and abs(full.width / full.height - width / height) < 0.01, full.size
            assert full.width >= preview.width, "full size is no smaller than the preview"
            # x-dev-mode: the image's downloaded does not change; else the first full-size download sets it
            assert client.images.retrieve(image_id).downloaded is not contract.target.saves_credits


HDR = ("create_bracket", "process_order")


def brackets_grouped(client: sdk.Autoenhance) -> tuple[str, list[str]]:
    """An order; three exposures registered as brackets and uploaded into it, then grouped into
    one image by process_order (ids: order, brackets)."""
    order_id = new_order(client, "contract: hdr")
    bracket_ids = []
    for n, exposure in enumerate((0.5, 1.0, 1.6)):
        bracket = client.brackets.create(order_id=order_id, name=f"contract-hdr-{n}.jpg", metadata={"ev": n - 1})
        assert (bracket.order_id, bracket.is_uploaded, bracket.image_id) == (order_id, False, None)
        upload(bracket.upload_url, photo("jpeg", 600, 400, exposure), contract.before_request)
        bracket_ids.append(bracket.bracket_id)
    if contract.selected("list_order_brackets"):
        listed = client.orders.brackets(order_id).brackets
        assert sorted(b.bracket_id for b in listed) == sorted(bracket_ids) and all(b.is_uploaded for b in listed)
    client.orders.process(order_id, images=[bracket_ids])
    return order_id, bracket_ids


@sent_ahead("journey hdr", brackets_grouped, *HDR)
def test_hdr_three_brackets_grouped_explicitly_into_one_image(client: sdk.Autoenhance) -> None:
    """Three exposures of one scene as brackets, uploaded, grouped by process_order into one image."""
    for operation in HDR:
        contract.skip_unless(operation, writes=True)
    order_id, bracket_ids = contract.ahead.take("journey hdr", lambda: brackets_grouped(client))
    done = client.orders.wait(order_id, **wait_options())
    assert done.status == "processed" and done.total_images == 1 and len(done.images) == 1, (done.status, done.images)
    (image,) = done.images
    contract.target.created.add_image(contract.target.api_key, image.image_id, order_id)
    assert image.image_name.startswith("contract-hdr-0"), "the image takes its first bracket's name"
    if contract.selected("list_order_brackets"):
        grouped = {b.bracket_id: b.image_id for b in client.orders.brackets(order_id).brackets}
        assert grouped == dict.fromkeys(bracket_ids, image.image_id), "each bracket names the image built from it"
    if contract.selected("download_enhanced_image"):
        enhanced = decoded(client.images.download_enhanced(image.image_id, format="jpeg", max_width=300, **credits()))
        assert (format_of(enhanced), enhanced.width) == ("jpeg", 300), enhanced.size
    if contract.selected("download_original_image"):
        original = decoded(client.images.download_original(image.image_id, format="png"))
        assert format_of(original) == "png" and abs(original.width / original.height - 1.5) < 0.01, original.size


async def photo_uploaded_async() -> tuple[str, str]:
    """Through AsyncAutoenhance: an order, and a PNG registered and uploaded into it (ids: order, image)."""
    async with contract.async_client() as client:
        order_id = (await client.orders.create(order_id=contract.new_order_id(), name="contract: async")).order_id
        created = await client.images.create(image_name="journey-async", order_id=order_id)
        contract.target.created.add_image(contract.target.api_key, created.image_id, order_id)
        assert isinstance(created.upload_url, str)
        upload(created.upload_url, photo("png", 500, 250), contract.before_request)
        return order_id, created.image_id


def async_plan(params: dict[str, Any]) -> Setups:
    needed()
    return {"journey async": lambda: asyncio.run(photo_uploaded_async())}  # its own event loop, in its thread


@pytest.mark.anyio
@ahead(async_plan)
async def test_a_photo_through_the_async_sdk() -> None:
    """The single-photo journey through AsyncAutoenhance (its own transport)."""
    needed()
    sent = contract.ahead.take("journey async", lambda: None)
    order_id, image_id = sent if sent is not None else await photo_uploaded_async()
    async with contract.async_client() as client:
        done = await client.orders.wait(order_id, **wait_options())
        assert done.status == "processed" and [i.image_id for i in done.images] == [image_id]
        if contract.selected("download_enhanced_image"):
            enhanced = decoded(await client.images.download_enhanced(image_id, format="webp", **credits()))
            assert format_of(enhanced) == "webp" and enhanced.width == 500, enhanced.size
        if contract.selected("download_original_image"):
            original = decoded(await client.images.download_original(image_id, format="png", max_width=100))
            assert (format_of(original), original.size) == ("png", (100, 50))
