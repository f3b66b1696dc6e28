"""``autoenhance``: enhance photos from the command line, built only on the SDK.

    autoenhance enhance PHOTOS... --out DIR [--hdr] [--full-size]

``main(argv)`` returns the exit code (``EPILOG`` lists them). It runs ``orders.enhance`` then
``orders.download_all``, prints a summary on stdout and every problem on stderr: expected errors
as one message, never a traceback, never the API key (read from ``AUTOENHANCE_API_KEY`` only).
The order id is chosen before anything is sent, so every failure can say how to resume.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from ._cli_summary import report_failures, say, summary
from ._client import Autoenhance
from ._constants import API_KEY_ENV, DEFAULT_MAX_RETRIES
from ._exceptions import (
    AuthenticationError,
    AutoenhanceError,
    BatchError,
    InvalidInputError,
    MissingAPIKeyError,
    PermissionDeniedError,
    WaitTimeoutError,
)
from ._paths import Downloaded

__all__ = ["EXIT_API", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_TIMEOUT", "EXIT_USAGE", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_API, EXIT_TIMEOUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130

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
  1    some photos or images failed: each is named with its reason, then the command to resume
  2    usage error: bad options, no photos found, a file that cannot be sent
  3    the API could not be used: no or refused API key, no connection, an error answer
  4    processing did not finish within --timeout (it goes on): the command to resume is printed
  130  interrupted (Ctrl-C): the command to resume is printed
"""


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Enhance photos with the Autoenhance.ai API.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    enhance = commands.add_parser(
        "enhance",
        help="upload photos, enhance them, download the results",
        description="Upload PHOTOS into an order, wait until they are enhanced, and download the results\n"
        "into --out: free watermarked previews, unless --full-size (which spends credits).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = enhance.add_argument
    add("photos", nargs="+", metavar="PHOTO", help="photo files or directories of photos")
    add("--out", required=True, type=Path, metavar="DIR", help="where the enhanced photos go (made when missing)")
    add("--hdr", action="store_true", help="the photos are HDR brackets, grouped into images and merged")
    add("--brackets-per-image", type=int, metavar="N", help="with --hdr: brackets per image (default: automatic)")
    add(
        "--full-size",
        action="store_true",
        help="download full-size images instead of free watermarked previews: SPENDS ONE CREDIT per image "
        "not downloaded in full before",
    )
    add("--format", choices=("jpeg", "png", "webp"), help="the downloaded files' format (default jpeg)")
    add("--order-id", metavar="ID", help="the order to use: give the id printed by an earlier run to resume it")
    add("--name", help="a name for a new order (an address, a listing)")
    add("--concurrency", type=int, default=8, metavar="N", help="files sent or fetched at a time (default 8)")
    add("--timeout", type=float, default=1800.0, metavar="SECONDS", help="longest wait for processing (default 1800)")
    add("--poll-interval", type=float, default=2.0, metavar="SECONDS", help="first wait between checks (default 2)")
    add("--retries", type=int, default=DEFAULT_MAX_RETRIES, metavar="N", help="retries of a failed request (default 2)")
    add("--no-progress", action="store_true", help="no progress bar or progress lines")
    add("--dev-mode", action="store_true", help="full-size downloads without spending credits, watermarked (testing)")
    add("--api-key", action=_NoKeyOnTheCommandLine, help=argparse.SUPPRESS)
    add("--base-url", metavar="URL", help="the API's address (default: AUTOENHANCE_BASE_URL, else the production API)")
    return parser


class _NoKeyOnTheCommandLine(argparse.Action):
    """``--api-key`` is refused without repeating it: argparse would print an unknown option's value."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        parser.error(f"there is no --api-key option (the command line shows in `ps`): set {API_KEY_ENV}.")


def find_photos(given: Sequence[str]) -> list[Path]:
    """The photos named: files as given, directories' photo files sorted; each path once."""
    found: list[Path] = []
    for text in given:
        path = Path(text)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and _is_photo(p))
        elif not path.exists():
            raise InvalidInputError(f"{text}: no such file or directory.")
        elif not _is_photo(path):
            raise InvalidInputError(f"{text}: not a photo (photo files end in {', '.join(PHOTO_EXTENSIONS)}).")
        else:
            found.append(path)
    unique = list(dict.fromkeys(Path(os.path.abspath(p)) for p in found))  # not resolve(): a link keeps its name
    if not unique:
        raise InvalidInputError(f"No photos found in {' '.join(given)} (photo files end in .jpg, .png, .dng, ...).")
    return unique


def _is_photo(path: Path) -> bool:
    return path.suffix[1:].lower() in PHOTO_EXTENSIONS


class _Run:
    """One ``enhance`` command: its arguments, its order id, the command that resumes it."""

    def __init__(self, args: argparse.Namespace, argv: list[str], prog: str) -> None:
        self.args = args
        self.order_id: str = args.order_id or str(uuid.uuid4())
        again = argv if args.order_id else [*argv, "--order-id", self.order_id]
        self.resume = f"{prog} {shlex.join(again)}"

    def enhance(self) -> int:
        args = self.args
        photos = find_photos(args.photos)
        started = time.monotonic()
        progress = None if args.no_progress else True
        with Autoenhance(base_url=args.base_url, max_retries=args.retries) as client:
            order = client.orders.enhance(
                photos,
                hdr=args.hdr,
                brackets_per_image=args.brackets_per_image,
                order_id=self.order_id,
                name=args.name,
                concurrency=args.concurrency,
                progress=progress,
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
                    progress=progress,
                )
            except BatchError as exc:
                failed, files = exc, list(exc.done)
        print(summary(order, files, args, len(photos), time.monotonic() - started))
        if failed is not None:
            return self.failed(failed)
        return EXIT_OK

    def failed(self, error: BatchError) -> int:
        report_failures(error)
        return self.stop(EXIT_FAILED, "")

    def stop(self, code: int, message: str, *, resume: bool = True) -> int:
        if message:
            say(message)
        if resume:
            say(f"Order: {self.order_id}\nTo resume (what is done is skipped): {self.resume}")
        return code


def main(argv: Sequence[str] | None = None, *, prog: str = "autoenhance") -> int:
    """Run the command line ``argv`` (default ``sys.argv[1:]``); returns the exit code."""
    given = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _parser(prog).parse_args(given)
    except SystemExit as exc:  # --help (0) or a usage error (2), which argparse has printed
        return int(exc.code or 0)
    run = _Run(args, given, prog)
    try:
        return run.enhance()
    except KeyboardInterrupt:
        return run.stop(EXIT_INTERRUPTED, "Interrupted.")
    except BatchError as exc:  # uploads failed: nothing was processed, nothing downloaded
        return run.failed(exc)
    except InvalidInputError as exc:
        return run.stop(EXIT_USAGE, f"{prog}: error: {exc}", resume=False)
    except MissingAPIKeyError:
        message = f"{prog}: error: no API key. Set it in the environment: export {API_KEY_ENV}=<your key>"
        return run.stop(EXIT_API, message, resume=False)
    except (AuthenticationError, PermissionDeniedError) as exc:
        message = f"{prog}: error: the API refused the key in {API_KEY_ENV} ({exc.status_code}): {exc}"
        return run.stop(EXIT_API, message, resume=False)
    except WaitTimeoutError:
        message = f"Processing did not finish within {args.timeout:g} s; it goes on at the API."
        return run.stop(EXIT_TIMEOUT, message)
    except AutoenhanceError as exc:  # the API's answers and connections, mostly
        return run.stop(EXIT_API, f"{prog}: error: {exc}")
