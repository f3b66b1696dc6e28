"""``progress=`` of the batch methods: a callback, or ``True`` for a bar on the terminal.

Events are ``Progress`` values, one when a stage starts (``done=0``) and one per file finished
(``error`` set when it failed). The sync client calls the callback from its worker threads, one
call at a time. ``True`` draws with tqdm, else rich, when installed and stderr is a terminal;
otherwise it prints one plain line per event to stderr.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from ._exceptions import InvalidInputError

__all__ = ["Progress", "ProgressArg", "Reporter", "reporter"]

logger = logging.getLogger("autoenhance_sdk")


@dataclass(frozen=True)
class Progress:
    """Where a batch stands: ``stage`` is ``upload``, ``process``, ``wait`` or ``download``;
    ``name`` the file just finished (None when a stage starts or ends); ``done`` of ``total``."""

    stage: str
    name: str | None
    done: int
    total: int
    error: BaseException | None = None


ProgressArg: TypeAlias = "Callable[[Progress], object] | bool | None"


class Reporter:
    """Counts a stage's files and passes each event on, one at a time."""

    def __init__(self, callback: Callable[[Progress], object] | None) -> None:
        self._callback = callback
        self._lock = threading.Lock()
        self._stage, self._done, self._total = "", 0, 0
        self._warned = False

    def start(self, stage: str, total: int) -> None:
        with self._lock:
            self._stage, self._done, self._total = stage, 0, total
            self._emit(Progress(stage, None, 0, total))

    def step(self, name: str | None, error: BaseException | None = None) -> None:
        with self._lock:
            self._done += 1
            self._emit(Progress(self._stage, name, self._done, self._total, error))

    def _emit(self, event: Progress) -> None:
        if self._callback is None:
            return
        try:
            self._callback(event)
        except Exception as exc:  # the caller's display failing is not the file's failure
            if not self._warned:
                self._warned = True
                logger.warning("The progress callback raised %s: %s; the batch goes on.", type(exc).__name__, exc)


def reporter(progress: object) -> Reporter:
    if progress is None or progress is False:
        return Reporter(None)
    if progress is True:
        return Reporter(_terminal())
    if not callable(progress):
        raise InvalidInputError(f"progress must be a callable, True or None, got {type(progress).__name__}.")
    return Reporter(progress)


def _terminal() -> Callable[[Progress], object]:
    if sys.stderr.isatty():
        for name, make in (("tqdm", _TqdmBar), ("rich", _RichBar)):
            if importlib.util.find_spec(name) is not None:
                return make()
    return _lines


def _lines(event: Progress) -> None:
    failed = f" FAILED: {event.error}" if event.error is not None else ""
    what = f" {event.name}" if event.name else ""
    sys.stderr.write(f"{event.stage}: {event.done}/{event.total}{what}{failed}\n")
    sys.stderr.flush()


class _TqdmBar:  # pragma: no cover - drawn only on a terminal with tqdm installed
    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, event: Progress) -> None:
        tqdm = importlib.import_module("tqdm").tqdm
        if event.done == 0:
            if self._bar is not None:
                self._bar.close()
            self._bar = tqdm(total=event.total, desc=event.stage, unit="file")
            return
        self._bar.update(1)
        if event.error is not None:
            self._bar.write(f"{event.name}: FAILED: {event.error}")
        if event.done >= event.total:
            self.close()

    def close(self) -> None:
        """Take the bar off the screen (a stage cut short leaves it open)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class _RichBar:
    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None

    def __call__(self, event: Progress) -> None:
        from rich.console import Console
        from rich.progress import Progress as RichProgress

        if event.done == 0:
            if self._progress is not None:
                self._progress.stop()
                self._progress = None
            if event.total > 0:  # an empty stage gets no step that would stop its bar
                # on stderr, the terminal checked (rich's default console is stdout's)
                self._progress = RichProgress(transient=False, console=Console(stderr=True))
                self._progress.start()
                self._task = self._progress.add_task(event.stage, total=event.total)
            return
        self._progress.advance(self._task)
        if event.error is not None:  # a name or an error is text, never rich markup
            self._progress.console.print(f"{event.name}: FAILED: {event.error}", markup=False)
        if event.done >= event.total:
            self.close()

    def close(self) -> None:
        """Stop the bar (a stage cut short leaves it open, redrawn by rich's thread)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
