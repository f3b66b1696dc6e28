"""The command line of ``autoenhance``: its options, checked by argparse so messages name the
flags, and the photos a PHOTO argument stands for. ``_cli.py`` runs what they describe."""

from __future__ import annotations

import argparse
import math
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from ._cli_summary import shown
from ._concurrency import MAX_CONCURRENCY
from ._constants import API_KEY_ENV, DEFAULT_MAX_RETRIES
from ._exceptions import InvalidInputError
from ._ids import check_order_id, check_str
from ._settings import check_key

T = TypeVar("T")
DEFAULT_TIMEOUT = 1800.0  # seconds of --timeout

# what a directory gives (any case)
PHOTO_EXTENSIONS: tuple[str, ...] = ("jpg", "jpeg", "png", "tif", "tiff", "heic", "avif", "dng", "cr2", "cr3")
PHOTO_EXTENSIONS += ("nef", "nrw", "arw", "srf", "sr2", "raf")

EPILOG = f"""\
photos:
  Each PHOTO is a file or a directory. A directory gives its photo files (not those of its
  subdirectories), sorted by name. Photo files end in (any case):
  {" ".join(PHOTO_EXTENSIONS)}.

API key:
  Set {API_KEY_ENV} in the environment (and AUTOENHANCE_BASE_URL, or --base-url, for another
  server). There is no --api-key option: a key on the command line shows in `ps` and in shell
  history.

exit codes:
  0    every photo enhanced and downloaded
  1    some photos or images failed: each is named with its reason, then what to do: the command
       to resume, when a run again can help (an image the API failed to enhance is not retried;
       a file the storage refused for good is left out of it)
  2    usage error: bad options, no photos found, a file that cannot be sent
  3    the API could not be used: no, malformed or refused API key in {API_KEY_ENV}, no
       connection, an error answer
  4    processing did not finish within --timeout (it goes on): the command to resume is printed
  130  interrupted (Ctrl-C): the command to resume is printed; 143 on SIGTERM, 129 on SIGHUP
"""


def _parser(prog: str) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser, list[argparse.Action]]:
    """The parser, its ``enhance`` command, and that command's arguments (to rebuild a command)."""
    parser = _Parser(prog=prog, description="Enhance photos with the Autoenhance.ai API.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    enhance = commands.add_parser(
        "enhance",
        help="upload photos, enhance them, download the results",
        description="Upload PHOTOS into an order, wait until they are enhanced, and download the results\n"
        "into --out: free watermarked previews, unless --full-size (which spends credits).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options: list[argparse.Action] = []

    def add(*names: str, **kwargs: Any) -> None:
        options.append(enhance.add_argument(*names, **kwargs))

    add("photos", nargs="+", metavar="PHOTO", help="photo files or directories of photos")
    add("--out", required=True, type=Path, metavar="DIR", help="where the enhanced photos go (made when missing)")
    add("--hdr", action="store_true", help="the photos are HDR brackets, grouped into images and merged")
    add("--brackets-per-image", type=_BRACKETS, metavar="N", help="with --hdr: brackets per image (default: automatic)")
    add(
        "--full-size",
        action="store_true",
        help="download full-size images instead of free watermarked previews: SPENDS ONE CREDIT per image "
        "not downloaded in full before",
    )
    add("--format", choices=("jpeg", "png", "webp"), help="the downloaded files' format (default jpeg)")
    add("--order-id", type=_ORDER_ID, metavar="ID", help="the order to use: an earlier run's id, to resume it")
    add("--name", type=_NAME, help="a name for a new order (an address, a listing)")
    add("--concurrency", type=_CONCURRENCY, default=8, metavar="N", help="files sent or fetched at a time (default 8)")
    add(
        "--timeout",
        type=_SECONDS,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"longest wait for processing (default {DEFAULT_TIMEOUT:g})",
    )
    add("--poll-interval", type=_SECONDS, default=2.0, metavar="SECONDS", help="first wait between checks (default 2)")
    add(
        "--retries",
        type=_RETRIES,
        default=DEFAULT_MAX_RETRIES,
        metavar="N",
        help=f"retries of a failed request (default {DEFAULT_MAX_RETRIES})",
    )
    add("--no-progress", action="store_true", help="no progress bar or progress lines")
    add("--dev-mode", action="store_true", help="full-size downloads without spending credits, watermarked (testing)")
    add("--api-key", action=_NoKeyOnTheCommandLine, help=argparse.SUPPRESS)
    add("--base-url", metavar="URL", help="the API's address (default: AUTOENHANCE_BASE_URL, else the production API)")
    return parser, enhance, options


class _Parser(argparse.ArgumentParser):
    """argparse, its messages (which quote what was typed) printed with control characters escaped."""

    def error(self, message: str) -> NoReturn:
        super().error(shown(message))


def _option(kind: Callable[[str], T], fits: Callable[[T], bool], what: str) -> Callable[[str], T]:
    """An option's type: ``kind`` of its text, refused unless it ``fits``. argparse names the
    option in the message (``argument --retries: must be ...``), not the SDK's parameter."""

    def parse(text: str) -> T:
        try:
            value = kind(text)
            if fits(value):
                return value
        except ValueError:
            pass
        raise argparse.ArgumentTypeError(f"must be {what}, got {text!r}")

    return parse


def _checked_by(check: Callable[[str, str], str], label: str) -> Callable[[str], str]:
    """An option's type that is the SDK's own check of it, its message about ``label``."""

    def parse(text: str) -> str:
        try:
            return check(text, label)
        except InvalidInputError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def _printable_order_id(text: str, label: str) -> str:
    if not text.isprintable():  # an escape sequence or a line break would be printed in every message
        raise InvalidInputError(f"{label} must be printable text, without control characters; got {text!r}.")
    return check_order_id(text, label)


_CONCURRENCY = _option(int, lambda n: 1 <= n <= MAX_CONCURRENCY, f"a whole number from 1 to {MAX_CONCURRENCY}")
_RETRIES = _option(int, lambda n: n >= 0, "a whole number, 0 or more")
_BRACKETS = _option(int, lambda n: 1 <= n <= 9, "a whole number from 1 to 9")
_SECONDS = _option(float, lambda s: 0 < s < math.inf, "a positive number of seconds")
_ORDER_ID = _checked_by(_printable_order_id, "the order id")
_NAME = _checked_by(lambda text, label: check_str(text, label, 255), "the name")


class _NoKeyOnTheCommandLine(argparse.Action):
    """``--api-key`` is refused without repeating it: argparse would print an unknown option's value."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        parser.error(f"there is no --api-key option (the command line shows in `ps`): set {API_KEY_ENV}.")


# the SDK's names for what the command's options give, in the SDK's messages
_SDK_NAMES = {
    "base_url=": "--base-url",
    "hdr=True": "--hdr",
    "brackets_per_image": "--brackets-per-image",
    "order_id": "--order-id",
    "max_retries": "--retries",
    "wait_timeout": "--timeout",
    "poll_interval": "--poll-interval",
    "concurrency": "--concurrency",
}
# whole names: not part of a longer word or dotted name (``my_order_id``, ``x.concurrency``)
_SDK_NAME = re.compile("|".join(rf"(?<![\w.-]){re.escape(name)}(?!\w)" for name in _SDK_NAMES))


def _flags(message: str) -> str:
    """An SDK message as the command's: its parameter names as the options that give them."""
    words = message.removeprefix("orders.enhance: ")  # what the SDK's files check calls the batch
    return _SDK_NAME.sub(lambda found: _SDK_NAMES[found.group()], words)


def _key_problem() -> str | None:
    """What is wrong with the API key in the environment, checked as the client will (None:
    nothing). Never the key itself."""
    try:
        key = check_key(os.environ.get(API_KEY_ENV) or None, API_KEY_ENV)
    except InvalidInputError as exc:  # spaces or a line break around it, control characters
        return f"{exc} Set it again: export {API_KEY_ENV}=<your key>"
    return None if key else f"no API key. Set it in the environment: export {API_KEY_ENV}=<your key>"


def find_photos(given: Sequence[str]) -> list[Path]:
    """The photos named: files as given, directories' photo files sorted; each path once."""
    found: list[Path] = []
    for text in given:
        path = Path(text)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and _is_photo(p))
        elif not path.exists():
            raise InvalidInputError(f"{shown(text)}: no such file or directory.")
        elif not _is_photo(path):
            raise InvalidInputError(f"{shown(text)}: not a photo (photo files end in {', '.join(PHOTO_EXTENSIONS)}).")
        else:
            found.append(path)
    unique = list(dict.fromkeys(Path(os.path.abspath(p)) for p in found))  # not resolve(): a link keeps its name
    if not unique:
        listed = " ".join(map(shown, given))
        raise InvalidInputError(f"No photos found in {listed} (photo files end in .jpg, .png, .dng, ...).")
    return unique


def _is_photo(path: Path) -> bool:
    return path.suffix[1:].lower() in PHOTO_EXTENSIONS
