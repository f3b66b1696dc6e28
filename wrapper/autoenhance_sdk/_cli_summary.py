"""What ``autoenhance enhance`` tells people: the summary (stdout) and each failure (stderr).

Ids, names, paths and error texts can hold control characters (an escape sequence in an order id
or a file name, a newline from an API's reason): ``shown`` escapes them as Python's ``repr`` does,
so nothing printed can recolour the terminal or split a line; printable Unicode stays as it is.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from autoenhance_api.models import ImageOut, OrderOut

from ._exceptions import BatchError, ImageNotReadyError, UploadError, UploadExpiredError
from ._paths import Downloaded
from ._retry import is_retryable_status

__all__ = ["Failures", "report_failures", "say", "shell_words", "shown", "summary"]


def shown(value: object) -> str:
    """``value`` as text safe to print: each control (non-printable) character escaped (``\\x1b``,
    ``\\n``, ``\\u200b``), everything else as it is."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in str(value))


def shell_words(words: Iterable[str]) -> str:
    """A command line to copy: each word quoted for the shell; one with control characters in
    bash's ``$'...'`` (``\\xHH`` escapes), so it stays one line that gives the same word back."""
    return " ".join(shlex.quote(word) if word.isprintable() else f"$'{''.join(map(_escaped, word))}'" for word in words)


def _escaped(char: str) -> str:
    if char in "\\'":
        return f"\\{char}"
    if char.isprintable():
        return char
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (Python's surrogateescape)
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


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
            f"Order:   {shown(order.order_id)}",
            f"Images:  {statuses.count('processed')} processed, {statuses.count('error')} failed "
            f"(from {photos} photo file(s))",
            f"Files:   {len(files)} {kind} file(s) written to {shown(args.out)}",
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


@dataclass
class Failures:
    """A batch's failures by what a run again does about them."""

    at_api: list[str] = field(default_factory=list)  # images the API failed to enhance: not retried
    refused: list[str] = field(default_factory=list)  # files the storage refused for good: refused again
    retried: list[str] = field(default_factory=list)  # the rest (connections, timeouts, 5xx...): retried


def report_failures(error: BatchError) -> Failures:
    """Each file or image that failed, by name, with its reason; what a run again does about them."""
    found = Failures()
    say(f"Failed: {len(error.failures)}")
    for name, problem in error.failures.items():
        say(f"  {shown(name)}: {shown(problem)}")
        if isinstance(problem, ImageNotReadyError) and "the image is 'error'" in str(problem):
            found.at_api.append(name)
        elif _refused_for_good(problem):
            found.refused.append(name)
        else:
            found.retried.append(name)
    return found


def _refused_for_good(problem: Exception) -> bool:
    """The storage refused the file itself (too large, a signature it cannot match): a fresh URL
    gets the same answer. An expired URL, a 408, 429 or 5xx are the moment's, and retried."""
    if not isinstance(problem, UploadError) or isinstance(problem, UploadExpiredError):
        return False
    return not is_retryable_status(problem.status_code)


def _status(image: ImageOut) -> object:
    return getattr(image.status, "value", image.status)
