"""The mock's in-memory orders and brackets, and how each is shown in the API's JSON.

Processing is not a background task: an order keeps the moments its job and images change, and
every read settles it against the clock (``_lifecycle.settle``). State therefore follows the
clock exactly and tests never wait for a timer.

An order's ``status`` follows its images (images.md): none -> ``waiting``; any processing, or
brackets being grouped -> ``processing``; any still waiting for bytes -> ``waiting``; all finished
with at least one processed -> ``processed``; all finished, none processed -> ``error``. Two
exceptions: a status seeded through the control surface is shown as seeded until the order's
images change, and an order with no images whose process/merge finished with no bracket at all to
group is ``processed`` (there is nothing left to do); with brackets left ungrouped (never uploaded,
so skipped) it stays ``waiting``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._clock import iso
from ._image import Image, image_defaults

__all__ = ["Bracket", "Job", "Order", "Timings", "image_defaults"]

_UNSET: Any = object()


@dataclass(frozen=True)
class Timings:
    """How long processing takes on the mock's clock."""

    grouping_seconds: float = 2.0  # brackets are grouped; no new images show yet
    enhance_seconds: float = 3.0  # an image is being enhanced


@dataclass(eq=False)
class Bracket:
    bracket_id: str
    name: str
    is_uploaded: bool
    metadata: dict[str, Any]
    data: bytes | None = field(default=None, repr=False)  # the uploaded bytes
    image_id: str | None = None  # the image it was grouped into

    def to_json(self, order_id: str) -> dict[str, Any]:
        return {
            "bracket_id": self.bracket_id,
            "name": self.name,
            "is_uploaded": self.is_uploaded,
            "metadata": self.metadata,
            "order_id": order_id,
            "image_id": self.image_id,
        }


@dataclass
class Job:
    """A process or merge call grouping brackets: which brackets become which image, with what options."""

    started: float
    due: float  # when grouping ends and the images appear
    options: dict[str, Any]
    groups: list[list[str]]  # bracket ids per image to build
    merge: bool


@dataclass(eq=False)
class Order:
    order_id: str
    name: str | None
    owner: str  # fingerprint of the API key that owns the order
    seq: int  # creation order across the whole mock; lists are newest first by it
    created: float
    updated: float
    images: list[Image] = field(default_factory=list)
    brackets: list[Bracket] = field(default_factory=list)
    job: Job | None = None
    seeded_status: Any = _UNSET  # a status given by a seed, shown until the images change
    jobs_done: int = 0  # finished process/merge calls
    scheduled: float | None = None  # the moment the store's timeline will settle this order at

    def seed_status(self, status: str | None) -> None:
        self.seeded_status = status

    def touched(self, now: float) -> None:
        """The images changed: the status follows them from now on."""
        self.seeded_status = _UNSET
        self.updated = max(self.updated, now)

    @property
    def is_processing(self) -> bool:
        return self.job is not None or any(img.status == "processing" for img in self.images)

    @property
    def status(self) -> Any:
        if self.job is not None:
            return "processing"
        if self.seeded_status is not _UNSET:
            return self.seeded_status
        statuses = [img.status for img in self.images]
        if not statuses:
            # A process that had nothing at all to group is done; one that skipped brackets never
            # uploaded (automatic or every-N grouping) left the order waiting for their bytes.
            ungrouped = any(b.image_id is None for b in self.brackets)
            return "processed" if self.jobs_done and not ungrouped else "waiting"
        if "processing" in statuses:
            return "processing"
        if "waiting" in statuses:
            return "waiting"
        return "processed" if "processed" in statuses else "error"  # unknown seeded states count as done

    def next_due(self) -> float | None:
        """The earliest moment the clock changes this order (its job or one of its images)."""
        moments = [img.next_due() for img in self.images]
        if self.job is not None:
            moments.append(self.job.due)
        found = [m for m in moments if m is not None]
        return min(found) if found else None

    def to_json(self, sort_images_by: str | None = None) -> dict[str, Any]:
        images = [img.to_json() for img in self.images]
        if sort_images_by and sort_images_by != "custom":
            key = sort_images_by.lstrip("-")
            field_name = "image_name" if key == "name" else "date_added"
            images.sort(key=lambda img: img[field_name], reverse=sort_images_by.startswith("-"))
        return {
            "order_id": self.order_id,
            "name": self.name,
            "created_at": iso(self.created),
            "last_updated_at": iso(self.updated),
            "images": images,
            "status": self.status,
            "is_processing": self.is_processing,
            "is_merging": self.job is not None,
            "is_deleted": False,
            "total_images": len(images),
        }
