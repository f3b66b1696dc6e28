"""Bring an order up to the clock: group its brackets, finish or expire its images, in time order.

Everything due by ``now`` is applied in the order it happened, however late the order is read,
so what a read shows, and the ``image_processed`` webhooks, are those of the moments the clock
passed, not of the moment of the read. Each finished image says whether its order was still
processing right after it: of images finishing at the same moment the last one says false.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._image import OPTION_DEFAULTS, Image, image_defaults
from ._models import Order

__all__ = ["Admit", "Finished", "Settled", "settle", "start"]

Admit = Callable[[float], "str | None"]
"""Asked before an image of the order starts enhancing at a moment: None, or why it may not."""


@dataclass(frozen=True)
class Finished:
    """An image that reached ``processed`` or ``error`` at ``moment``: one ``image_processed`` webhook."""

    image_id: str
    order_id: str
    error: bool
    order_is_processing: bool
    moment: float

    def event(self) -> dict[str, Any]:
        return {
            "event": "image_processed",
            "image_id": self.image_id,
            "order_id": self.order_id,
            "error": self.error,
            "order_is_processing": self.order_is_processing,
        }


@dataclass
class Settled:
    finished: list[Finished] = field(default_factory=list)
    added: list[Image] = field(default_factory=list)  # images made from brackets


def start(image: Image, moment: float, seconds: float, admit: Admit) -> None:
    """Start enhancing ``image`` at ``moment``, or put it in error if ``admit`` refuses (the daily cap)."""
    refused = admit(moment)
    if refused is None:
        image.start(moment, seconds)
    else:
        image.fail(refused)


def settle(order: Order, now: float, seconds: float, admit: Admit, user_id: str) -> Settled:
    """Apply every change of ``order`` due by ``now``; ``seconds`` is the enhance time, ``user_id``
    what images made from brackets show (``Signer.user_id``)."""
    result = Settled()
    order_seq = itertools.count()
    due: list[tuple[float, int, Image | None]] = []
    for image in order.images:
        moment = image.next_due()
        if moment is not None and moment <= now:
            due.append((moment, next(order_seq), image))
    if order.job is not None and order.job.due <= now:
        due.append((order.job.due, -1, None))  # grouping goes before what finishes at its moment
    if not due:
        return result
    heapq.heapify(due)
    busy = sum(1 for image in order.images if image.status == "processing")
    while due:
        moment, _, target = heapq.heappop(due)
        order.touched(moment)
        if target is None:
            made = _group(order, moment, seconds, admit, user_id)
            result.added.extend(made)
            busy += sum(1 for new in made if new.status == "processing")
            for new in made:
                if new.status == "error":
                    result.finished.append(_finished(order, new, moment, busy > 0))
                elif (new_due := new.next_due()) is not None and new_due <= now:
                    heapq.heappush(due, (new_due, next(order_seq), new))
            continue
        was_processing = target.status == "processing"
        status = target.advance(moment)
        busy -= was_processing
        if status == "processed":
            result.finished.append(_finished(order, target, moment, busy > 0))
    return result


def _finished(order: Order, image: Image, moment: float, busy: bool) -> Finished:
    return Finished(image.image_id, order.order_id, image.status == "error", busy or order.job is not None, moment)


def _group(order: Order, moment: float, seconds: float, admit: Admit, user_id: str) -> list[Image]:
    """End the order's job: one image per group of brackets, named after its first bracket."""
    job = order.job
    assert job is not None
    order.job = None
    order.jobs_done += 1
    known = {b.bracket_id: b for b in order.brackets}
    options = {k: v for k, v in job.options.items() if k in OPTION_DEFAULTS and v is not None}
    made = []
    for group in job.groups:
        missing = [bid for bid in group if bid not in known or not known[bid].is_uploaded]
        fields = image_defaults(order.order_id, user_id, int(moment * 1000))
        fields.update(options)
        first = known.get(group[0])
        fields["image_name"] = first.name.rsplit(".", 1)[0] or first.name if first else group[0]
        fields["metadata"] = {"bracket_ids": list(group)}
        members = [known[bid] for bid in group if bid in known]
        parts = tuple(b.data for b in members if b.data is not None)
        image = Image(fields, parts=parts, seeded=not parts)
        for bracket in members:
            bracket.image_id = image.image_id
        if missing:
            image.fail(f"Brackets not uploaded to this order: {', '.join(missing)}.")
        else:
            start(image, moment, seconds, admit)
        order.images.append(image)
        made.append(image)
    return made
