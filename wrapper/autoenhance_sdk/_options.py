"""The enhancement options the journey helpers pass on, as typed ``**options``.

``images.upload`` and ``orders.upload_images`` pass them to each ``images.create``;
``orders.enhance`` to ``images.create`` (single photos) or to ``orders.process`` (HDR brackets),
so it takes only the options both have. Each value is checked by the method it reaches; a name
that is not an option is refused here, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from autoenhance_api.models import CloudType, EnhanceType, ImageAiVersion

from ._exceptions import InvalidInputError

__all__ = ["EnhanceOptions", "UploadOptions", "check_options"]


class EnhanceOptions(TypedDict, total=False):
    """Options of ``orders.enhance``: those of both ``images.create`` and ``orders.process``."""

    ai_version: str | ImageAiVersion
    cloud_type: str | CloudType
    enhance: bool
    enhance_type: str | EnhanceType
    lens_correction: bool
    privacy: bool
    sky_replacement: bool
    upscale: bool
    vertical_correction: bool
    window_pull: bool


class UploadOptions(EnhanceOptions, total=False):
    """Options of ``images.upload`` and ``orders.upload_images``: those of ``images.create``."""

    threesixty: bool
    rating: int
    metadata: Mapping[str, Any]
    finetune_settings: Mapping[str, Any]


def check_options(options: Mapping[str, object], allowed: type[Any], method: str) -> dict[str, Any]:
    """``options`` without the ones left None; an unknown name is an ``InvalidInputError``."""
    known = allowed.__annotations__.keys() | getattr(allowed, "__optional_keys__", set())
    unknown = sorted(set(options) - known)
    if unknown:
        raise InvalidInputError(
            f"{method}() got unknown option(s) {', '.join(unknown)}; it takes {', '.join(sorted(known))}."
        )
    return {name: value for name, value in options.items() if value is not None}
