"""Sync twin of ``_async_images.py``, written by scripts/unasync.py: edit that file, not this one."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Unpack

from autoenhance_api.models import (
    CloudType,
    EnhanceType,
    ImageAiVersion,
    ImageCreatedOut,
    ImageFormat,
    ImageOut,
    ReportCategory,
    ReportIn,
    ReportInSource,
    ReportOut,
)
from autoenhance_api.types import UNSET

from ._base_client import CallOptions
from ._generated import endpoint
from ._ids import check_bool, check_enum, check_image_id, check_int, check_order_id, check_str
from ._raw import RawImages
from ._requests import DownloadOptions, ImageOptions, Prepared, report_categories
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

if TYPE_CHECKING:
    from ._client import Autoenhance
    from ._files import FileInput
    from ._options import UploadOptions
    from ._paths import Downloaded

__all__ = ["Images"]


class Images:
    """Images of the client's account. Every method takes ``timeout``, ``max_retries`` and
    ``extra_headers`` to override the client's settings for that call only."""

    def __init__(self, client: Autoenhance) -> None:
        self._client = client
        self.with_raw_response = RawImages(self)

    def create(
        self,
        *,
        image_name: str,
        order_id: str | None = None,
        ai_version: str | ImageAiVersion | None = None,
        enhance: bool | None = None,
        enhance_type: str | EnhanceType | None = None,
        cloud_type: str | CloudType | None = None,
        sky_replacement: bool | None = None,
        lens_correction: bool | None = None,
        vertical_correction: bool | None = None,
        privacy: bool | None = None,
        window_pull: bool | None = None,
        upscale: bool | None = None,
        threesixty: bool | None = None,
        rating: int | None = None,
        metadata: Mapping[str, Any] | None = None,
        finetune_settings: Mapping[str, Any] | None = None,
        content_type: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> ImageCreatedOut:
        """Register a photo (``create_image``) and get the URL to ``PUT`` its bytes to.

        The answer's ``upload_url`` is a presigned storage URL: ``PUT`` the raw bytes there, with
        ``Content-Type: application/octet-stream`` and no API key; enhancement starts once they
        land. The answer is returned as the API gave it: an ``api_version`` before 2025-05-08
        answers the URL as ``s3PutObjectUrl`` (``s_3_put_object_url``; ``upload_url`` unset).
        Without ``order_id`` the API files the image under a new order; with an id no order has
        yet, that order is created. Options left None take the API's defaults;
        ``content_type`` is for older API versions, which sign the upload URL for it.
        """
        body = ImageOptions.pick(locals()).image_in()
        call = Prepared(endpoint("create_image", body=body), ImageCreatedOut)
        return self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    def retrieve(
        self,
        image_id: str,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> ImageOut:
        """One image, with its status and options (``retrieve_image``; works without an API key)."""
        call = Prepared(endpoint("retrieve_image", check_image_id(image_id)), ImageOut, needs_key=False)
        return self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    def delete(
        self,
        image_id: str,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        """Delete an image (``delete_image``). Afterwards it is 404 everywhere."""
        call = Prepared[None](endpoint("delete_image", check_image_id(image_id)), None, gone_ok=True)
        return self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    def process(
        self,
        image_id: str,
        *,
        image_name: str | None = None,
        order_id: str | None = None,
        ai_version: str | ImageAiVersion | None = None,
        enhance: bool | None = None,
        enhance_type: str | EnhanceType | None = None,
        cloud_type: str | CloudType | None = None,
        sky_replacement: bool | None = None,
        lens_correction: bool | None = None,
        vertical_correction: bool | None = None,
        privacy: bool | None = None,
        window_pull: bool | None = None,
        upscale: bool | None = None,
        threesixty: bool | None = None,
        rating: int | None = None,
        metadata: Mapping[str, Any] | None = None,
        finetune_settings: Mapping[str, Any] | None = None,
        content_type: str | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> ImageOut:
        """Enhance an image again with new options (``process_image``); the options left None keep
        the image's previous values (only those given are sent)."""
        body = ImageOptions.pick(locals()).image_in_update()
        call = Prepared(endpoint("process_image", check_image_id(image_id), body=body), ImageOut)
        return self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    def download_enhanced(
        self,
        image_id: str,
        *,
        preview: bool | None = None,
        watermark: bool | None = None,
        format: str | ImageFormat | None = None,
        quality: int | None = None,
        max_width: int | None = None,
        scale: float | None = None,
        finetune: bool | None = None,
        dev_mode: bool = False,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> bytes:
        """The enhanced image's bytes (``download_enhanced_image``).

        A watermarked preview unless ``preview=False``: the first full-size download of an image
        spends one credit (``PaymentRequiredError`` when none is left), later ones are free.
        ``dev_mode=True`` (``x-dev-mode: true``) runs the full-size flow without spending credits,
        watermarked. ``format`` is ``jpeg`` (the default), ``png`` or ``webp``; ``quality`` 1 to
        90; ``max_width`` in pixels; ``scale`` 0 to 1. The API's redirect to the asset's signed URL
        is followed (at most 5 hops, http and https only), without the API key.
        """
        query = DownloadOptions.pick(locals()).checked()
        dev = True if check_bool(dev_mode, "dev_mode") else UNSET  # false: no header, as the API's default
        request = endpoint("download_enhanced_image", check_image_id(image_id), x_dev_mode=dev, **query)
        call = Prepared(request, bytes, follow_redirects=True)
        return self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    def download_original(
        self,
        image_id: str,
        *,
        preview: bool | None = None,
        watermark: bool | None = None,
        format: str | ImageFormat | None = None,
        quality: int | None = None,
        max_width: int | None = None,
        scale: float | None = None,
        finetune: bool | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> bytes:
        """The uploaded original's bytes (``download_original_image``; works without an API key).

        Full size unless ``preview=True``; the other options as for ``download_enhanced``, and
        its redirect is followed the same way.
        """
        query = DownloadOptions.pick(locals()).checked()
        request = endpoint("download_original_image", check_image_id(image_id), **query)
        call = Prepared(request, bytes, needs_key=False, follow_redirects=True)
        return self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    def report(
        self,
        image_id: str,
        *,
        categories: Sequence[str | ReportCategory],
        comment: str | None = None,
        score: int | None = None,
        source: str | ReportInSource | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> ReportOut:
        """Report what is wrong with an image's enhancement (``report_image``).

        ``categories``: at least one, such as ``["SKY_REPLACEMENT"]``; ``comment`` at most 2000
        characters; ``score`` 0 to 5; ``source`` ``API`` or ``WEBAPP``.
        """
        body = ReportIn(
            categories=report_categories(categories),
            comment=UNSET if comment is None else check_str(comment, "comment", 2000),
            score=UNSET if score is None else check_int(score, "score", 0, 5),
            source=UNSET if source is None else check_enum(ReportInSource, source, "source"),
        )
        call = Prepared(endpoint("report_image", check_image_id(image_id), body=body), ReportOut)
        return self._client._request(call, CallOptions(timeout, max_retries, extra_headers))

    def upload(
        self,
        file: FileInput,
        *,
        order_id: str | None = None,
        image_name: str | None = None,
        **options: Unpack[UploadOptions],
    ) -> ImageCreatedOut:
        """Upload one photo: create the image, then send its bytes; enhancing starts when they land.

        ``file``: a path (read from disk as it is sent: memory does not grow with its size), bytes,
        or a binary file object. ``image_name`` defaults to the file's name; ``order_id`` files it
        under that order (else the API makes one); ``options`` are those of ``create``. The bytes
        go to the upload URL with the Content-Type it is signed for (current and legacy URLs);
        connection errors, timeouts and 5xx are retried as any call; an expired URL gets one fresh
        image. ``UploadError`` (``UploadSignatureError``, ``UploadExpiredError``) when the storage
        refuses; the image created is then deleted again. Returns the image as created (its
        ``status`` is from before the upload: ``images.retrieve`` shows it enhancing).
        """
        from ._batch import upload_image  # the journey's modules load on first use
        from ._files import source_of
        from ._options import UploadOptions, check_options

        source = source_of(file, None if image_name is None else check_str(image_name, "image_name", 255, 1))
        given = check_options(options, UploadOptions, "images.upload")
        order = None if order_id is None else check_order_id(order_id)
        return upload_image(self._client, source, order, given)

    def download(
        self,
        image_id: str,
        to: str | os.PathLike[str],
        *,
        preview: bool = True,
        watermark: bool | None = None,
        format: str | ImageFormat | None = None,
        quality: int | None = None,
        max_width: int | None = None,
        scale: float | None = None,
        dev_mode: bool = False,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        extra_headers: dict[str, str] | None = None,
    ) -> Downloaded:
        """Download the enhanced image to disk; returns where it went and its content type.

        ``to``: a file path (its directory must exist), or a directory, where the file is named
        ``<image_id>.jpg`` (``.png``, ``.webp`` by the answer's type). The bytes stream into a
        temporary file beside it, renamed when complete: an interruption never leaves a partial
        file under the final name. A preview by default; **``preview=False`` downloads the full
        size, which spends one credit** the first time for each image (``PaymentRequiredError``
        when none is left; ``dev_mode=True`` spends none, watermarked). The other options are
        those of ``download_enhanced``; its redirect is followed, without the API key.
        """
        from ._downloading import FileSink, download_to  # loaded on first use
        from ._paths import download_target, safe_stem

        query = DownloadOptions.pick(locals()).checked()
        checked = check_image_id(image_id)
        dev = check_bool(dev_mode, "dev_mode")
        target, is_dir = download_target(to)
        fmt = getattr(query.get("format_"), "value", None)
        # an id is one path segment of the API, but may hold what a file name must not (\, :)
        sink = FileSink(target, safe_stem(checked, "image") if is_dir else None, checked, fmt)
        options = CallOptions(timeout, max_retries, extra_headers)
        return download_to(self._client, checked, sink, query, dev, options)
