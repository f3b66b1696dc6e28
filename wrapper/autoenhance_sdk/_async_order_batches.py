"""The journey helpers of ``AsyncAutoenhance().orders``: many files in, many files out.

``_order_batches.py`` (sync) is written from this module by ``scripts/unasync.py``; ``AsyncOrders``
inherits these methods. Each runs several calls (at most ``concurrency`` at a time: tasks here,
threads in the sync client), so they have no raw-response form. Everything given is checked
before the first request.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Unpack

from autoenhance_api.models import ImageFormat, OrderBracketsOut, OrderOut

from ._exceptions import InvalidInputError
from ._ids import check_bool, check_int, check_order_id, check_str
from ._requests import DownloadOptions
from ._wait import check_wait_args

if TYPE_CHECKING:
    from ._async_client import AsyncAutoenhance
    from ._files import FileInput
    from ._options import EnhanceOptions, UploadOptions
    from ._paths import Downloaded
    from ._progress import ProgressArg

__all__ = ["AsyncOrderBatches"]

DEFAULT_CONCURRENCY = 8


class AsyncOrderBatches:
    _client: AsyncAutoenhance

    async def upload_images(
        self,
        order_id: str,
        files: Iterable[FileInput],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        progress: ProgressArg = None,
        **options: Unpack[UploadOptions],
    ) -> OrderOut:
        """Upload photos into an order (made when it does not exist), ``concurrency`` at a time.

        Each file as ``images.upload`` does it (named by its file name; ``options`` for every
        image). Files already uploaded to the order (same name) are skipped, so a run again
        after a failure sends only what is missing. ``BatchError`` names every file that failed,
        after the others are done. Returns the order with its images.
        """
        from ._async_batch import upload_images  # the journey's modules load on first use
        from ._concurrency import check_concurrency
        from ._files import sources_of
        from ._options import UploadOptions, check_options
        from ._progress import reporter

        checked = check_order_id(order_id)
        sources = sources_of(files, "orders.upload_images")
        given = check_options(options, UploadOptions, "orders.upload_images")
        report = reporter(progress)
        return await upload_images(self._client, checked, sources, check_concurrency(concurrency), report, given)

    async def upload_brackets(
        self,
        order_id: str,
        files: Iterable[FileInput],
        *,
        concurrency: int = DEFAULT_CONCURRENCY,
        progress: ProgressArg = None,
    ) -> OrderBracketsOut:
        """Upload the HDR brackets of an existing order, ``concurrency`` at a time; then
        ``orders.process`` groups them into images. Named by their file names; brackets already
        uploaded (same name) are skipped. ``BatchError`` names every file that failed, after the
        others are done. Returns the order's brackets."""
        from ._async_batch import upload_brackets  # the journey's modules load on first use
        from ._concurrency import check_concurrency
        from ._files import sources_of
        from ._progress import reporter

        checked = check_order_id(order_id)
        sources = sources_of(files, "orders.upload_brackets")
        report = reporter(progress)
        return await upload_brackets(self._client, checked, sources, check_concurrency(concurrency), report)

    async def enhance(
        self,
        files: Iterable[FileInput],
        *,
        hdr: bool = False,
        brackets_per_image: int | None = None,
        order_id: str | None = None,
        name: str | None = None,
        concurrency: int = DEFAULT_CONCURRENCY,
        progress: ProgressArg = None,
        wait_timeout: float = 1800.0,
        poll_interval: float = 2.0,
        **options: Unpack[EnhanceOptions],
    ) -> OrderOut:
        """The whole journey for a folder of photos: order, uploads, processing, wait.

        Makes the order (``order_id`` or a new id; ``name``), uploads the files ``concurrency``
        at a time, and waits until every image is processed or failed; returns the finished
        order. ``hdr=True``: the files are brackets, grouped into images by
        ``brackets_per_image`` (None: automatically) and enhanced. ``options`` are the
        enhancement options. A file that fails stops the journey before the wait with a
        ``BatchError`` naming it (the others are uploaded); run again with its ``order_id`` to
        send only what is missing. ``WaitTimeoutError`` after ``wait_timeout`` seconds.
        """
        from ._async_batch import enhance  # the journey's modules load on first use
        from ._concurrency import check_concurrency
        from ._files import sources_of
        from ._options import EnhanceOptions, check_options
        from ._progress import reporter

        sources = sources_of(files, "orders.enhance")
        is_hdr = check_bool(hdr, "hdr")
        per_image = None if brackets_per_image is None else check_int(brackets_per_image, "brackets_per_image", 1, 9)
        if per_image is not None and not is_hdr:
            raise InvalidInputError("brackets_per_image groups HDR brackets: give it with hdr=True.")
        chosen = str(uuid.uuid4()) if order_id is None else check_order_id(order_id)
        timeout, interval = check_wait_args(wait_timeout, poll_interval)
        return await enhance(
            self._client,
            sources,
            hdr=is_hdr,
            brackets_per_image=per_image,
            order_id=chosen,
            name=None if name is None else check_str(name, "name", 255),
            concurrency=check_concurrency(concurrency),
            report=reporter(progress),
            wait_timeout=timeout,
            poll_interval=interval,
            options=check_options(options, EnhanceOptions, "orders.enhance"),
        )

    async def download_all(
        self,
        order_id: str,
        folder: str | os.PathLike[str],
        *,
        preview: bool = True,
        watermark: bool | None = None,
        format: str | ImageFormat | None = None,
        quality: int | None = None,
        max_width: int | None = None,
        scale: float | None = None,
        dev_mode: bool = False,
        concurrency: int = DEFAULT_CONCURRENCY,
        progress: ProgressArg = None,
    ) -> list[Downloaded]:
        """Download every enhanced image of an order into ``folder`` (made when missing),
        ``concurrency`` at a time, each as ``images.download`` does (atomically).

        Files are named after the images (``kitchen.jpg``; the image id's start is added where
        names repeat). Previews by default; **``preview=False`` downloads full size and spends one
        credit per image not downloaded before**. Images not processed are not downloaded:
        ``BatchError`` names them (``ImageNotReadyError``) and every other failure, after the
        rest are written. Returns the files written.
        """
        from ._async_downloading import download_all  # the journey's modules load on first use
        from ._concurrency import check_concurrency
        from ._paths import folder_of
        from ._progress import reporter

        checked = check_order_id(order_id)
        query = DownloadOptions.pick(locals()).checked()
        dev = check_bool(dev_mode, "dev_mode")
        limit = check_concurrency(concurrency)
        report = reporter(progress)
        return await download_all(self._client, checked, folder_of(folder), query, dev, limit, report)
