"""Sync twin of ``_async_downloading.py``, written by scripts/unasync.py: edit that file, not this one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from autoenhance_api.types import UNSET

from ._base_client import CallOptions
from ._batch import run_batch, status_of
from ._concurrency import check_stop
from ._exceptions import ImageNotReadyError
from ._generated import endpoint
from ._ids import check_image_id
from ._paths import Downloaded, extension, part_path, unique_stems
from ._progress import Reporter
from ._requests import Prepared

if TYPE_CHECKING:
    from ._client import Autoenhance

__all__ = ["FileSink", "download_all", "download_to"]


class FileSink:
    """Where one download goes: a file path, or a directory (``<stem><extension>`` in it)."""

    def __init__(self, target: Path, stem: str | None, image_id: str, fmt: str | None) -> None:
        self.target, self.stem, self.image_id, self.fmt = target, stem, image_id, fmt

    def write(self, response: httpx.Response) -> Downloaded:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        final = self.target if self.stem is None else self.target / f"{self.stem}{extension(media, self.fmt)}"
        part = part_path(final)
        size = 0
        try:
            with open(part, "xb") as out:
                for chunk in response.iter_bytes():
                    check_stop()  # a sync batch interrupted: stop here (the temporary file removed)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(part, final)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return Downloaded(final, media, self.image_id, size)


def download_to(
    client: Autoenhance,
    image_id: str,
    sink: FileSink,
    query: dict[str, Any],
    dev_mode: bool,
    options: CallOptions | None = None,
) -> Downloaded:
    """One enhanced image into ``sink``: the API's redirect followed, retried as any call."""
    dev = True if dev_mode else UNSET  # false: no header, as the API's default
    request = endpoint("download_enhanced_image", image_id, x_dev_mode=dev, **query)
    call: Prepared[Any] = Prepared(request, bytes, follow_redirects=True, sink=sink)
    result: Downloaded = client._request(call, options or CallOptions())
    return result


def download_all(
    client: Autoenhance,
    order_id: str,
    folder: Path,
    query: dict[str, Any],
    dev_mode: bool,
    concurrency: int,
    report: Reporter,
) -> list[Downloaded]:
    order = client.orders.retrieve(order_id)
    # an expired image never got its bytes: there is no photo to download, nor to wait for
    images = [image for image in order.images or [] if status_of(image) != "expired"]
    folder.mkdir(parents=True, exist_ok=True)  # once the order is known to exist
    stems = unique_stems([(image.image_name, image.image_id) for image in images])
    fmt = query.get("format_")
    fmt = getattr(fmt, "value", fmt)

    def one(index: int) -> Downloaded:
        image = images[index]
        status = status_of(image)
        if status != "processed":
            reason = f": {image.status_reason}" if isinstance(image.status_reason, str) and image.status_reason else ""
            raise ImageNotReadyError(f"not downloaded: the image is {status!r}, not 'processed'{reason}.")
        image_id = check_image_id(image.image_id)  # the API's id, held to the caller's rules
        return download_to(client, image_id, FileSink(folder, stems[index], image_id, fmt), query, dev_mode)

    labels = [f"{image.image_name} ({image.image_id})" for image in images]
    again = f"call download_all again for order {order_id!r} once they are processed, or to retry the others"
    return run_batch(one, range(len(images)), labels, concurrency, report, "download", order_id, again)
