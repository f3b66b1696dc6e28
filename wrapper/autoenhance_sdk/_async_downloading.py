"""Downloads to disk: the image streams into a temporary file, renamed when complete.

``_downloading.py`` (sync) is written from this module by ``scripts/unasync.py``. The temporary
file sits beside the final one (``.<name>.<random>.part``), so the rename is atomic: an
interruption, a cut connection or an error leaves no file under the final name (and removes the
temporary one); a retry starts a new one. The final name is replaced if it exists.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from autoenhance_api.types import UNSET

from ._async_batch import run_batch, status_of
from ._base_client import CallOptions
from ._concurrency import check_stop
from ._exceptions import ImageNotReadyError
from ._generated import endpoint
from ._ids import check_image_id
from ._paths import Downloaded, extension, part_path, unique_stems
from ._progress import Reporter
from ._requests import Prepared

if TYPE_CHECKING:
    from ._async_client import AsyncAutoenhance

__all__ = ["AsyncFileSink", "download_all", "download_to"]


class AsyncFileSink:
    """Where one download goes: a file path, or a directory (``<stem><extension>`` in it)."""

    def __init__(self, target: Path, stem: str | None, image_id: str, fmt: str | None) -> None:
        self.target, self.stem, self.image_id, self.fmt = target, stem, image_id, fmt

    async def write(self, response: httpx.Response) -> Downloaded:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        final = self.target if self.stem is None else self.target / f"{self.stem}{extension(media, self.fmt)}"
        part = part_path(final)
        size = 0
        try:
            with open(part, "xb") as out:
                async for chunk in response.aiter_bytes():
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


async def download_to(
    client: AsyncAutoenhance,
    image_id: str,
    sink: AsyncFileSink,
    query: dict[str, Any],
    dev_mode: bool,
    options: CallOptions | None = None,
) -> Downloaded:
    """One enhanced image into ``sink``: the API's redirect followed, retried as any call."""
    dev = True if dev_mode else UNSET  # false: no header, as the API's default
    request = endpoint("download_enhanced_image", image_id, x_dev_mode=dev, **query)
    call: Prepared[Any] = Prepared(request, bytes, follow_redirects=True, sink=sink)
    result: Downloaded = await client._request(call, options or CallOptions())
    return result


async def download_all(
    client: AsyncAutoenhance,
    order_id: str,
    folder: Path,
    query: dict[str, Any],
    dev_mode: bool,
    concurrency: int,
    report: Reporter,
) -> list[Downloaded]:
    order = await client.orders.retrieve(order_id)
    # an expired image never got its bytes: there is no photo to download, nor to wait for
    images = [image for image in order.images or [] if status_of(image) != "expired"]
    folder.mkdir(parents=True, exist_ok=True)  # once the order is known to exist
    stems = unique_stems([(image.image_name, image.image_id) for image in images])
    fmt = query.get("format_")
    fmt = getattr(fmt, "value", fmt)

    async def one(index: int) -> Downloaded:
        image = images[index]
        status = status_of(image)
        if status != "processed":
            reason = f": {image.status_reason}" if isinstance(image.status_reason, str) and image.status_reason else ""
            raise ImageNotReadyError(f"not downloaded: the image is {status!r}, not 'processed'{reason}.")
        image_id = check_image_id(image.image_id)  # the API's id, held to the caller's rules
        return await download_to(client, image_id, AsyncFileSink(folder, stems[index], image_id, fmt), query, dev_mode)

    labels = [f"{image.image_name} ({image.image_id})" for image in images]
    again = f"call download_all again for order {order_id!r} once they are processed, or to retry the others"
    return await run_batch(one, range(len(images)), labels, concurrency, report, "download", order_id, again)
