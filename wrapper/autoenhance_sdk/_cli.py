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
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

from ._cli_args import DEFAULT_TIMEOUT, _flags, _key_problem, _parser, find_photos
from ._cli_summary import report_failures, say, shell_words, shown, summary
from ._client import Autoenhance
from ._constants import API_KEY_ENV
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
from ._paths import Downloaded
from ._progress import Progress, _terminal

__all__ = ["EXIT_API", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_TIMEOUT", "EXIT_USAGE", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_API, EXIT_TIMEOUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


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
