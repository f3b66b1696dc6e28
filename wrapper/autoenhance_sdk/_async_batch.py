"""The photo journey's uploads: one file, a batch of photos or brackets, and ``enhance``.

``_batch.py`` (sync) is written from this module by ``scripts/unasync.py``; only the bounded
map differs (threads there, tasks here). Every file of a batch is checked before anything is
sent. A file whose upload fails is reported by name in a ``BatchError`` once the others are
done, never dropped; an image whose bytes never arrived is deleted again (it would hold its
order ``waiting``). A run again with the same order id skips the files already uploaded there,
recognised by name.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from autoenhance_api.models import BracketCreatedOut, ImageCreatedOut, OrderBracketsOut, OrderOut

from ._async_uploading import put_file
from ._concurrency import async_map_bounded
from ._exceptions import (
    APIError,
    APIResponseValidationError,
    BatchError,
    NotFoundError,
    UploadExpiredError,
)
from ._files import Source
from ._progress import Reporter

if TYPE_CHECKING:
    from ._async_client import AsyncAutoenhance

__all__ = ["enhance", "upload_brackets", "upload_image", "upload_images"]

T = TypeVar("T")
OCTET = "application/octet-stream"  # what current upload URLs are signed for
NOT_UPLOADED = ("waiting", "expired")  # an image's status while (or after) its bytes never came


async def upload_image(
    client: AsyncAutoenhance, source: Source, order_id: str | None, options: dict[str, Any]
) -> ImageCreatedOut:
    """Create the image, PUT its bytes; an expired URL gets one fresh image and URL."""
    for attempt in (1, 2):
        raw = await client.images.with_raw_response.create(
            image_name=source.name, order_id=order_id, content_type=source.content_type, **options
        )
        created = raw.parsed
        try:
            # current URLs are signed for octet-stream; legacy ones for the type declared
            url, ctype = (created.upload_url, OCTET) if created.upload_url else (created.s_3_put_object_url, None)
            if not url:
                raise APIResponseValidationError(
                    f"The answer to create_image for {source.name!r} has no upload URL "
                    "(neither upload_url nor s3PutObjectUrl).",
                    response=raw.http_response,
                )
            await put_file(client, url, source, ctype or source.content_type)
            return created
        except UploadExpiredError:
            await _forget_image(client, created.image_id)
            if attempt == 2:
                raise
        except Exception:
            await _forget_image(client, created.image_id)
            raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _forget_image(client: AsyncAutoenhance, image_id: str) -> None:
    """Delete an image whose bytes never arrived, if the API lets us; best effort."""
    with contextlib.suppress(APIError):
        await client.images.delete(image_id)


async def upload_bracket(client: AsyncAutoenhance, order_id: str, source: Source) -> BracketCreatedOut:
    """Create the bracket, PUT its bytes; an expired URL gets one fresh bracket (a bracket never
    uploaded is left out when the order is processed)."""
    for attempt in (1, 2):
        created = await client.brackets.create(order_id=order_id, name=source.name)
        try:
            await put_file(client, created.upload_url, source, OCTET)
            return created
        except UploadExpiredError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def _existing_images(client: AsyncAutoenhance, order_id: str, name: str | None) -> dict[str, Any]:
    """The order's images by name ({} when the order does not exist yet: it is created first)."""
    try:
        order = await client.orders.retrieve(order_id)
    except NotFoundError:
        await client.orders.create(order_id=order_id, name=name)
        return {}
    found: dict[str, Any] = {}
    for image in order.images or []:  # an uploaded image of a name wins over one never uploaded
        if image.image_name not in found or status_of(found[image.image_name]) in NOT_UPLOADED:
            found[image.image_name] = image
    return found


async def upload_images(
    client: AsyncAutoenhance,
    order_id: str,
    sources: Sequence[Source],
    concurrency: int,
    report: Reporter,
    options: dict[str, Any],
    name: str | None = None,
) -> OrderOut:
    existing = await _existing_images(client, order_id, name)

    async def one(source: Source) -> ImageCreatedOut | None:
        found = existing.get(source.name)
        if found is not None and status_of(found) not in NOT_UPLOADED:
            return None  # uploaded by an earlier run
        if found is not None:  # created by an earlier run, its bytes never arrived
            await _forget_image(client, found.image_id)
        return await upload_image(client, source, order_id, options)

    try:
        done = await _run_batch(one, sources, concurrency, report, "upload", order_id)
    except BatchError as error:
        await _drop_orphans(client, order_id, sources, error.done)
        raise
    return await _drop_orphans(client, order_id, sources, done)


async def _drop_orphans(
    client: AsyncAutoenhance, order_id: str, sources: Sequence[Source], created: Sequence[ImageCreatedOut]
) -> OrderOut:
    """The order, without images of these files' names still waiting for bytes that this batch
    did not create: a create whose answer was lost (and retried) leaves one, which would hold the
    order ``waiting`` and expire. Deleted, and left out of the order returned."""
    order = await client.orders.retrieve(order_id)
    names, ours = {s.name for s in sources}, {c.image_id for c in created}
    orphans = [
        i for i in order.images or [] if i.image_name in names and i.image_id not in ours and status_of(i) == "waiting"
    ]
    for orphan in orphans:
        await _forget_image(client, orphan.image_id)
    if orphans and order.images is not None:
        order.images = [i for i in order.images if i not in orphans]
    return order


async def upload_brackets(
    client: AsyncAutoenhance,
    order_id: str,
    sources: Sequence[Source],
    concurrency: int,
    report: Reporter,
    name: str | None = None,
) -> OrderBracketsOut:
    try:
        listing = await client.orders.brackets(order_id)
    except NotFoundError:  # brackets need an order: made here, as upload_images would
        await client.orders.create(order_id=order_id, name=name)
        listing = OrderBracketsOut(brackets=[])
    uploaded = {bracket.name for bracket in listing.brackets if bracket.is_uploaded}

    async def one(source: Source) -> BracketCreatedOut | None:
        return None if source.name in uploaded else await upload_bracket(client, order_id, source)

    await _run_batch(one, sources, concurrency, report, "upload", order_id)
    return await client.orders.brackets(order_id)


async def _run_batch(
    job: Callable[[Source], Any], sources: Sequence[Source], concurrency: int, report: Reporter, stage: str, order: str
) -> list[Any]:
    """Run ``job`` over every file; a ``BatchError`` naming each failure once all are done."""
    again = f"run the same call with order_id={order!r} to retry only what is missing"
    return await run_batch(job, sources, [s.name for s in sources], concurrency, report, stage, order, again)


async def run_batch(
    job: Callable[[T], Any],
    items: Sequence[T],
    labels: Sequence[str],
    concurrency: int,
    report: Reporter,
    stage: str,
    order: str,
    again: str,
) -> list[Any]:
    """Run ``job`` over every item (``labels`` name them in progress and errors), at most
    ``concurrency`` at a time; what returned None (skipped) is not in the result. A
    ``BatchError`` naming each failure once all are done, ``again`` saying what to do next."""
    report.start(stage, len(items))

    async def reported(index: int) -> Any:
        try:
            result = await job(items[index])
        except Exception as exc:
            report.step(labels[index], exc)
            raise
        report.step(labels[index])
        return result

    results = await async_map_bounded(reported, range(len(items)), concurrency)
    failures = {labels[i]: r for i, r in enumerate(results) if isinstance(r, Exception)}
    done = [r for r in results if r is not None and not isinstance(r, Exception)]
    if failures:
        raise batch_error(f"{stage} of", len(items), failures, done, order, again)
    return done


def batch_error(
    what: str, total: int, failures: dict[str, Exception], done: list[Any], order: str, again: str
) -> BatchError:
    shown = "; ".join(f"{name}: {str(error)[:300].rstrip('.')}" for name, error in list(failures.items())[:10])
    more = f"; and {len(failures) - 10} more" if len(failures) > 10 else ""
    return BatchError(
        f"The {what} {len(failures)} of {total} file(s) failed (order {order!r}): {shown}{more}. "
        f"The others are done; {again}.",
        failures=failures,
        done=done,
        order_id=order,
    )


def _groups(listing: OrderBracketsOut, sources: Sequence[Source], per_image: int) -> list[list[str]]:
    """Every ``per_image`` brackets not yet in an image, in the order the files were given: the
    uploads ran side by side, so the server's order of the brackets is not the files' order."""
    ungrouped = {b.name: b.bracket_id for b in listing.brackets if b.is_uploaded and b.image_id is None}
    ids = [ungrouped[s.name] for s in sources if s.name in ungrouped]
    return [ids[start : start + per_image] for start in range(0, len(ids), per_image)]


def status_of(image: Any) -> object:
    return getattr(image.status, "value", image.status)


async def enhance(
    client: AsyncAutoenhance,
    sources: Sequence[Source],
    *,
    hdr: bool,
    brackets_per_image: int | None,
    order_id: str,
    name: str | None,
    concurrency: int,
    report: Reporter,
    wait_timeout: float,
    poll_interval: float,
    options: dict[str, Any],
) -> OrderOut:
    if hdr:
        try:
            before = await client.orders.retrieve(order_id)
        except NotFoundError:
            before = await client.orders.create(order_id=order_id, name=name)
        listing = await upload_brackets(client, order_id, sources, concurrency, report, name)
        fresh = any(b.image_id is None for b in listing.brackets if b.is_uploaded)
        if fresh or not before.images:  # brackets not yet in an image: group and enhance them
            report.start("process", 1)
            groups = None if brackets_per_image is None else _groups(listing, sources, brackets_per_image)
            await client.orders.process(order_id, images=groups, **options)
            report.step(None)
    else:
        await upload_images(client, order_id, sources, concurrency, report, options, name)
    report.start("wait", 1)
    order = await client.orders.wait(order_id, timeout=wait_timeout, poll_interval=poll_interval)
    report.step(None)
    return order
