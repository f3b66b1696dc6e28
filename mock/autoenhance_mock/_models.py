"""The mock's in-memory records and how each is shown in the API's JSON.

Processing is not a background task: an order keeps the time its job started, and every read
settles the job against the clock (``settle``). State therefore follows the clock exactly and
tests never wait for a timer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from ._clock import iso

__all__ = ["Bracket", "Job", "Order", "Timings", "image_defaults"]

# What an image is enhanced with when the process/merge body leaves an option out.
_OPTION_DEFAULTS: dict[str, Any] = {
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


def image_defaults(order_id: str, user_id: str, added_ms: int) -> dict[str, Any]:
    """A complete ``ImageOut`` with neutral values; seeds and processing override what they know."""
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
        **_OPTION_DEFAULTS,
    }


@dataclass(frozen=True)
class Timings:
    """How long processing takes on the mock's clock."""

    grouping_seconds: float = 2.0  # brackets are grouped; no new images show yet
    enhance_seconds: float = 3.0  # images exist and are being enhanced


@dataclass
class Bracket:
    bracket_id: str
    name: str
    is_uploaded: bool
    metadata: dict[str, Any]

    def to_json(self, order_id: str) -> dict[str, Any]:
        return {
            "bracket_id": self.bracket_id,
            "name": self.name,
            "is_uploaded": self.is_uploaded,
            "metadata": self.metadata,
            "order_id": order_id,
        }


@dataclass
class Job:
    """A process or merge call in flight: which brackets become which image, with what options."""

    started: float
    options: dict[str, Any]
    groups: list[list[str]]  # bracket ids per image to build
    merge: bool
    images_added: bool = False


@dataclass
class Order:
    order_id: str
    name: str | None
    owner: str  # fingerprint of the API key that owns the order
    seq: int  # creation order across the whole mock; lists are newest first by it
    created: float
    updated: float
    status: str | None = "waiting"
    images: list[dict[str, Any]] = field(default_factory=list)
    brackets: list[Bracket] = field(default_factory=list)
    job: Job | None = None

    def settle(self, now: float, timings: Timings) -> None:
        """Bring a running job up to ``now``: add its images, then finish it."""
        job = self.job
        if job is None:
            return
        grouped_at = job.started + timings.grouping_seconds
        done_at = grouped_at + timings.enhance_seconds
        if not job.images_added and now >= grouped_at:
            self._add_images(job, grouped_at)
        if now >= done_at:
            failed = False
            for image in self.images:
                if image["status"] == "processing":
                    image["status"] = "processed"
                failed = failed or image["status"] == "error"
            self.status = "error" if failed else "processed"
            self.updated = done_at
            self.job = None

    def _add_images(self, job: Job, when: float) -> None:
        known = {b.bracket_id: b for b in self.brackets}
        for group in job.groups:
            missing = [bid for bid in group if bid not in known or not known[bid].is_uploaded]
            image = image_defaults(self.order_id, self.owner, int(when * 1000))
            image.update({k: v for k, v in job.options.items() if k in _OPTION_DEFAULTS})
            first = known.get(group[0])
            image["image_name"] = first.name.rsplit(".", 1)[0] if first else group[0]
            image["metadata"] = {"bracket_ids": list(group)}
            if missing:
                image["status"] = "error"
                image["status_reason"] = f"Brackets not uploaded to this order: {', '.join(missing)}."
            else:
                image["status"] = "processing"
            self.images.append(image)
        job.images_added = True
        self.updated = when

    def to_json(self, sort_images_by: str | None = None) -> dict[str, Any]:
        images = self.images
        if sort_images_by and sort_images_by != "custom":
            key = sort_images_by.lstrip("-")
            field_name = "image_name" if key == "name" else "date_added"
            images = sorted(images, key=lambda img: img[field_name], reverse=sort_images_by.startswith("-"))
        return {
            "order_id": self.order_id,
            "name": self.name,
            "created_at": iso(self.created),
            "last_updated_at": iso(self.updated),
            "images": images,
            "status": self.status,
            "is_processing": self.job is not None,
            "is_merging": self.job is not None and self.job.merge,
            "is_deleted": False,
            "total_images": len(images),
        }
