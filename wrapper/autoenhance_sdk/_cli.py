"""``autoenhance``: enhance photos from the command line, built only on the SDK.

    autoenhance enhance PHOTOS... --out DIR [--hdr] [--full-size]

``main(argv)`` returns the exit code (``EPILOG`` lists them). It runs ``orders.enhance`` then
``orders.download_all``, prints a summary on stdout and every problem on stderr: expected errors
as one message, never a traceback, never the API key (read from ``AUTOENHANCE_API_KEY`` only).
The order id is chosen before anything is sent and printed first, so every failure (a kill too)
leaves the command that resumes it on screen; SIGTERM and SIGHUP stop a run as Ctrl-C does.
Ids, names and messages are printed with control characters escaped (``shown``).
"""

from __future__ import annotations

import argparse
import math
import os
import re
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TypeVar

from ._cli_summary import report_failures, say, shell_words, shown, summary
from ._client import Autoenhance
from ._concurrency import MAX_CONCURRENCY
from ._constants import API_KEY_ENV, DEFAULT_MAX_RETRIES
from ._exceptions import (
    APIConnectionError,
    AuthenticationError,
    AutoenhanceError,
    BatchError,
    InvalidInputError,
    PermissionDeniedError,
    WaitTimeoutError,
)
from ._files import sources_of
from ._ids import check_order_id, check_str
from ._paths import Downloaded
from ._progress import Progress, _terminal
from ._settings import check_key

__all__ = ["EXIT_API", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_TIMEOUT", "EXIT_USAGE", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_API, EXIT_TIMEOUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
DEFAULT_TIMEOUT = 1800.0  # seconds of --timeout
T = TypeVar("T")

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


class _Progress:
    """The SDK's progress events, through the command: drawn by the SDK's bar (or lines) unless
    --no-progress, names and errors shown safely; ``seen`` once one came (the order exists then:
    the first comes after its creation); ``stop`` ends a bar a failure left drawing."""

    def __init__(self, draw: bool) -> None:
        self.seen = False
        self._draw: Callable[[Progress], object] | None = _terminal() if draw else None
        self._lock = threading.Lock()  # a worker's last event and ``stop`` (the main thread's) in turn

    def __call__(self, event: Progress) -> None:
        self.seen = True
        with self._lock:
            if self._draw is not None:
                name = None if event.name is None else shown(event.name)
                error = None if event.error is None else Exception(shown(event.error))
                self._draw(replace(event, name=name, error=error))

    def stop(self) -> None:
        """Stop the bar and draw nothing more: the last messages come after it, not under it.

        A stage cut short (Ctrl-C, a failure) leaves the SDK's tqdm or rich bar open: the rich
        one redraws itself from its thread. Both bars have ``close()``; plain lines have none.
        """
        with self._lock:
            draw, self._draw = self._draw, None
        close = getattr(draw, "close", None)
        if close is not None:
            close()


class _Signalled(KeyboardInterrupt):
    """SIGTERM or SIGHUP: the run stops as on Ctrl-C, its exit code ``128 + signal``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signal = signal.Signals(signum)


class _Signals:
    """While a run goes on, SIGTERM and SIGHUP raise ``_Signalled`` in the main thread, as Ctrl-C
    raises KeyboardInterrupt, so the run says how to resume. Once: a second signal does what it
    did before (ends the process). The handlers before are put back on exit. Signals reach only
    the main thread's handlers: elsewhere, nothing is changed."""

    def __enter__(self) -> _Signals:
        self._before: dict[signal.Signals, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for each in [s for s in signal.Signals if s.name in ("SIGTERM", "SIGHUP")]:  # no SIGHUP on Windows
                self._before[each] = signal.signal(each, self._raise)
        return self

    def _raise(self, signum: int, frame: FrameType | None) -> None:
        self.restore()
        raise _Signalled(signum)

    def restore(self) -> None:
        for each, handler in self._before.items():
            signal.signal(each, signal.SIG_DFL if handler is None else handler)  # None: not set from Python
        self._before = {}

    def __exit__(self, *_: object) -> None:
        self.restore()


def _names(names: Sequence[str]) -> str:
    return ", ".join(map(shown, names))


class _Run:
    """One ``enhance`` command: its arguments, its order id, its progress, the command that resumes it."""

    def __init__(self, args: argparse.Namespace, prog: str, options: list[argparse.Action]) -> None:
        self.args, self.prog, self.options = args, prog, options
        self.order_id: str = args.order_id or str(uuid.uuid4())
        self.progress = _Progress(draw=not args.no_progress)

    def enhance(self) -> int:
        args = self.args
        photos = find_photos(args.photos)
        sources_of(photos, "orders.enhance")  # as orders.enhance checks them, before the order's line
        problem = _key_problem()
        if problem is not None:
            return self.stop(EXIT_API, f"{self.prog}: error: {problem}", resume=False)
        started = time.monotonic()
        with Autoenhance(base_url=args.base_url, max_retries=args.retries) as client:
            # first of all, so that whatever ends the run (a kill -9 too) leaves it on screen
            say(f"Order: {shown(self.order_id)} (resume with --order-id {shell_words([self.order_id])})")
            order = client.orders.enhance(
                photos,
                hdr=args.hdr,
                brackets_per_image=args.brackets_per_image,
                order_id=self.order_id,
                name=args.name,
                concurrency=args.concurrency,
                progress=self.progress,
                wait_timeout=args.timeout,
                poll_interval=args.poll_interval,
            )
            failed: BatchError | None = None
            try:
                files: list[Downloaded] = client.orders.download_all(
                    order.order_id,
                    args.out,
                    preview=not args.full_size,
                    format=args.format,
                    dev_mode=args.dev_mode,
                    concurrency=args.concurrency,
                    progress=self.progress,
                )
            except BatchError as exc:
                failed, files = exc, list(exc.done)
        self.progress.stop()
        print(summary(order, files, args, len(photos), time.monotonic() - started))
        return EXIT_OK if failed is None else self.failed(failed)

    def failed(self, error: BatchError) -> int:
        """Files or images failed: each named with its reason; then what a run again does."""
        self.progress.stop()
        found = report_failures(error)
        if found.at_api:
            say(
                f"The API failed to enhance {_names(found.at_api)} (its reason is above). A run again does not "
                "retry an image that failed: send the photo again in a new order (without --order-id), or "
                "report it to Autoenhance.ai with the order id."
            )
        if found.refused:
            say(
                f"The storage refused {_names(found.refused)} for good: sent again, it would be refused again. "
                "Leave it out (a file too large: make it smaller, or send it apart)."
            )
        say(f"Order: {shown(self.order_id)}")
        if not (found.retried or found.refused):  # only images the API failed: a run again changes nothing
            return EXIT_FAILED
        given = {Path(text).name for text in self.args.photos}
        photos = [text for text in self.args.photos if Path(text).name not in found.refused]
        if not photos:
            say("Nothing else is left to send.")
            return EXIT_FAILED
        in_folders = [name for name in found.refused if name not in given]
        what = "what is done is skipped"
        what += "; images the API failed are not retried" if found.at_api else ""
        what += f"; {_names(found.refused)} left out" if found.refused else ""
        what += f": first move {_names(in_folders)} out of its folder" if in_folders else ""
        say(f"To resume ({what}): {self.command(photos=photos)}")
        return EXIT_FAILED

    def timed_out(self) -> int:
        timeout = self.args.timeout
        message = f"Processing did not finish within {timeout:g} s; it goes on at the API."
        if timeout >= DEFAULT_TIMEOUT:
            return self.stop(EXIT_TIMEOUT, message)
        message += f" The command to resume waits up to {DEFAULT_TIMEOUT:g} s (the default --timeout)."
        return self.stop(EXIT_TIMEOUT, message, leave_out=("timeout",))

    def order_may_exist(self, error: AutoenhanceError) -> bool:
        """False when the API was surely never reached: no file sent yet, no --order-id of an
        earlier run, and the connection failed before the order's creation was sent (a POST
        may have arrived)."""
        if self.progress.seen or self.args.order_id is not None or not isinstance(error, APIConnectionError):
            return True
        return error.request is not None and error.request.method == "POST"

    def stop(self, code: int, message: str, *, resume: bool = True, leave_out: Sequence[str] = ()) -> int:
        self.progress.stop()
        say(message)
        if resume:
            say(f"Order: {shown(self.order_id)}")
            say(f"To resume (what is done is skipped): {self.command(leave_out=leave_out)}")
        return code

    def command(self, *, photos: Sequence[str] | None = None, leave_out: Sequence[str] = ()) -> str:
        """The command that resumes this run: its options (as parsed; but ``leave_out``'s),
        ``--order-id``, then its photos (``photos``: other ones)."""
        words = ["enhance"]
        skip = {"order_id", *leave_out}
        for action in self.options:
            value = getattr(self.args, action.dest)
            if not action.option_strings or action.dest in skip or value is None or value == action.default:
                continue
            flag = action.option_strings[0]
            words += [flag] if value is True else [flag, str(value)]
        given = list(self.args.photos if photos is None else photos)
        words += ["--order-id", self.order_id, *(["--"] if any(p.startswith("-") for p in given) else []), *given]
        return f"{self.prog} {shell_words(words)}"


def main(argv: Sequence[str] | None = None, *, prog: str = "autoenhance") -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    given = list(sys.argv[1:] if argv is None else argv)
    parser, enhance, options = _parser(prog)
    try:
        args = parser.parse_args(given)
        if args.brackets_per_image is not None and not args.hdr:
            enhance.error("argument --brackets-per-image: groups HDR brackets, give it with --hdr")
    except SystemExit as exc:  # --help (0) or a usage error (2), which argparse has printed
        return int(exc.code or 0)
    run = _Run(args, prog, options)
    try:
        with _Signals():  # put back before any message below: a signal then ends the process
            return run.enhance()
    except _Signalled as exc:  # SIGTERM, SIGHUP
        return run.stop(128 + exc.signal, f"Interrupted ({exc.signal.name}).")
    except KeyboardInterrupt:
        return run.stop(EXIT_INTERRUPTED, "Interrupted.")
    except BatchError as exc:  # uploads failed: nothing was processed, nothing downloaded
        return run.failed(exc)
    except InvalidInputError as exc:
        return run.stop(EXIT_USAGE, f"{prog}: error: {_flags(shown(exc))}", resume=False)
    except (AuthenticationError, PermissionDeniedError) as exc:
        message = (
            f"{prog}: error: the API refused the key in {API_KEY_ENV} ({exc.status_code}): {shown(exc)}\n"
            f"Check the key, then set it again: export {API_KEY_ENV}=<your key>"
        )
        return run.stop(EXIT_API, message, resume=False)
    except WaitTimeoutError:
        return run.timed_out()
    except AutoenhanceError as exc:  # the API's answers and connections, mostly
        exists = run.order_may_exist(exc)
        never = "" if exists else "\nNo order was made: run the same command again once the API can be reached."
        return run.stop(EXIT_API, f"{prog}: error: {shown(exc)}{never}", resume=exists)
