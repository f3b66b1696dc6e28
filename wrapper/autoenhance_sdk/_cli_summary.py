"""What ``autoenhance enhance`` tells people: the summary (stdout) and each failure (stderr)."""

from __future__ import annotations

import argparse
import sys

from autoenhance_api.models import ImageOut, OrderOut

from ._exceptions import BatchError
from ._paths import Downloaded

__all__ = ["report_failures", "say", "summary"]


def say(message: str) -> None:
    """A message for the person at the terminal: stderr, so stdout keeps only the summary."""
    sys.stderr.write(f"{message}\n")
    sys.stderr.flush()


def summary(order: OrderOut, files: list[Downloaded], args: argparse.Namespace, photos: int, seconds: float) -> str:
    """The run in a few lines: the order, its images, the files written and where, credits, time."""
    statuses = [_status(image) for image in order.images or []]
    kind = "full-size" if args.full_size else "preview"
    return "\n".join(
        [
            f"Order:   {order.order_id}",
            f"Images:  {statuses.count('processed')} processed, {statuses.count('error')} failed "
            f"(from {photos} photo file(s))",
            f"Files:   {len(files)} {kind} file(s) written to {args.out}",
            f"Credits: {_credits(order, files, args)}",
            f"Time:    {seconds:.1f} s",
        ]
    )


def _credits(order: OrderOut, files: list[Downloaded], args: argparse.Namespace) -> str:
    if not args.full_size:
        return "none spent (previews are free)"
    if args.dev_mode:
        return "none spent (--dev-mode)"
    before = {image.image_id for image in order.images or [] if image.downloaded is True}
    spent = len({file.image_id for file in files} - before)
    return f"{spent} spent (one per image downloaded in full for the first time)"


def report_failures(error: BatchError) -> None:
    """Each file or image that failed, by name, with its reason."""
    say(f"Failed: {len(error.failures)}")
    for name, problem in error.failures.items():
        say(f"  {name}: {problem}")


def _status(image: ImageOut) -> object:
    return getattr(image.status, "value", image.status)
