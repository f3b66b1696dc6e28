"""One image: the ``ImageOut`` fields the API shows, the bytes behind it, and when its state changes.

State follows the mock's clock without a timer: an image keeps the moment its next change is due
(``expires_at`` while it waits for its bytes, ``done_at`` while it is enhanced) and ``advance``
applies that change once the clock has passed it. The order it belongs to (``_lifecycle``) walks
those moments in time order, so every read sees exactly the state the clock implies.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FINISHED",
    "NULL_MEANS_DEFAULT",
    "OPTION_DEFAULTS",
    "Image",
    "image_defaults",
    "options_from",
]

# What an image is enhanced with when the request leaves an option out.
OPTION_DEFAULTS: dict[str, Any] = {
    "ai_version": "5.x",
    "cloud_type": "CLEAR",
    "enhance": True,
    "enhance_type": "property",
    "lens_correction": True,
    "privacy": False,
    "sky_replacement": False,
    "upscale": False,
    "vertical_correction": True,
    "window_pull": False,
}
# The spec's x-decision on ImageIn: null in these leaves the option at its default.
NULL_MEANS_DEFAULT = frozenset({"cloud_type", "privacy", "window_pull"})
# Other ImageIn fields an image keeps and shows (ImageOut has them too).
_KEPT = ("image_name", "rating", "metadata", "finetune_settings")
# States no clock will change; an order whose images are all in one of them is done.
FINISHED = frozenset({"processed", "error", "expired"})


def image_defaults(order_id: str, user_id: str, added_ms: int) -> dict[str, Any]:
    """A complete ``ImageOut`` with neutral values; seeds and requests override what they know."""
    return {
        "image_id": str(uuid.uuid4()),
        "image_name": "image",
        "order_id": order_id,
        "user_id": user_id,
        "status": "waiting",
        "status_reason": None,
        "date_added": added_ms,
        "downloaded": False,
        "rating": 0,
        "scene": "interior",
        "metadata": {},
        "finetune_settings": None,
        **OPTION_DEFAULTS,
    }


def options_from(body: dict[str, Any]) -> dict[str, Any]:
    """The ``ImageIn`` / ``ImageInUpdate`` fields an image stores, as the image shows them.

    Fields the body leaves out are left out (an update keeps the image's values); a null where
    the spec lets null mean "default" becomes the default. Unknown fields are tolerated, not kept.
    """
    found: dict[str, Any] = {}
    for name in (*OPTION_DEFAULTS, *_KEPT):
        if name not in body:
            continue
        value = body[name]
        if value is None and name in NULL_MEANS_DEFAULT:
            value = OPTION_DEFAULTS[name]
        found[name] = value
    return found


@dataclass(eq=False)
class Image:
    """An image of an order. ``fields`` is its ``ImageOut`` JSON, shown as it is."""

    fields: dict[str, Any]
    expires_at: float | None = None  # the upload URL's end, while the image waits for its bytes
    done_at: float | None = None  # when enhancement ends, while the image is processing
    original: bytes | None = field(default=None, repr=False)  # the uploaded file
    parts: tuple[bytes, ...] = field(default=(), repr=False)  # a merged HDR image's brackets (merged when rendered)
    seeded: bool = False  # seeded through the control surface: downloads render a placeholder
    version: int = 0  # bumps with each upload: renders are cached per version
    reports: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def image_id(self) -> str:
        return str(self.fields["image_id"])

    @property
    def order_id(self) -> str:
        return str(self.fields["order_id"])

    @property
    def status(self) -> Any:
        return self.fields.get("status")

    @property
    def has_original(self) -> bool:
        """Whether there is something to render: the bytes, the brackets, or a seeded stand-in."""
        return self.original is not None or bool(self.parts) or self.seeded

    def next_due(self) -> float | None:
        """When the clock next changes this image, or None if it never will by itself."""
        if self.status == "waiting":
            return self.expires_at
        if self.status == "processing":
            return self.done_at
        return None

    def advance(self, moment: float) -> str:
        """Apply the change due at ``moment`` (its ``next_due``); return the new status."""
        if self.status == "waiting":
            self.fields["status"] = "expired"
            self.fields["status_reason"] = "Never uploaded: the upload URL expired before any bytes arrived."
            self.expires_at = None
        elif self.status == "processing":
            self.fields["status"] = "processed"
            self.done_at = None
        return str(self.status)

    def start(self, moment: float, seconds: float) -> None:
        """Enhance (again): ``processing`` until ``moment + seconds``."""
        self.fields["status"] = "processing"
        self.fields["status_reason"] = None
        self.expires_at = None
        self.done_at = moment + seconds

    def fail(self, reason: str) -> None:
        """End in ``error`` now, with ``reason`` as its ``status_reason``; nothing is due after."""
        self.fields["status"] = "error"
        self.fields["status_reason"] = reason
        self.expires_at = self.done_at = None

    def to_json(self) -> dict[str, Any]:
        return self.fields
