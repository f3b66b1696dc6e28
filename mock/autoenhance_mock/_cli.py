"""``autoenhance-mock``: serve the mock on a port until interrupted."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

import uvicorn

from ._app import DEFAULT_API_KEY, KEYS_ENV, create_app, key_problem
from ._faults import FaultError, parse_fault_option
from ._handlers import HandlerMismatchError
from ._listen import listening_socket, origin
from ._models import Timings
from ._settings import Settings

__all__ = ["main"]


def _port(text: str) -> int:
    value = int(text) if text.isdigit() else -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port from 0 to 65535 (0 picks a free one), got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"a number of seconds, 0 or more, got {text!r}")
    return value


def _credits(text: str) -> int:
    value = int(text) if text.isascii() and text.isdigit() else -1
    if not 0 <= value <= 10**12:
        raise argparse.ArgumentTypeError(f"a whole number of credits, 0 or more, got {text!r}")
    return value


def _api_key(text: str) -> str:
    problem = key_problem(text)
    if problem is not None:  # the message leaves the key out: it is a secret, and may not print
        raise argparse.ArgumentTypeError(f"the key given {problem}")
    return text


def _spec_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        problem = "not a file" if path.exists() else "no such file"
        raise argparse.ArgumentTypeError(f"an OpenAPI file (YAML or JSON), got {text!r}: {problem}")
    return path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autoenhance-mock",
        description="A stateful mock of the Autoenhance.ai API, validated against its OpenAPI spec.",
        epilog=f"Keys: --api-key, else ${KEYS_ENV} (comma-separated), else {DEFAULT_API_KEY!r}; "
        "a key is printable ASCII without spaces, as the x-api-key header carries it. "
        "Control surface: http://HOST:PORT/__mock__/ (see the README).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=4010, help="port to bind; 0 picks a free one (default 4010)")
    parser.add_argument(
        "--api-key", action="append", dest="api_keys", type=_api_key, metavar="KEY", help="a valid key (repeatable)"
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="a fault active from the start, e.g. kind=status,status=503,count=2 (repeatable)",
    )
    parser.add_argument("--fault-seed", type=int, metavar="N", help="seed for ratio faults, for repeatable runs")
    parser.add_argument(
        "--grouping-seconds",
        type=_seconds,
        default=Timings.grouping_seconds,
        metavar="S",
        help=f"seconds after process/merge until brackets become images (default {Timings.grouping_seconds:g})",
    )
    parser.add_argument(
        "--enhance-seconds",
        type=_seconds,
        default=Timings.enhance_seconds,
        metavar="S",
        help=f"seconds more until the order is processed (default {Timings.enhance_seconds:g})",
    )
    parser.add_argument(
        "--credits",
        type=_credits,
        default=Settings.credits,
        metavar="N",
        help=f"credits each account starts with, for full-size downloads (default {Settings.credits})",
    )
    parser.add_argument(
        "--redirect-downloads",
        action="store_true",
        help="answer downloads with a 302 to a signed asset URL, as the real API does (default: the bytes)",
    )
    parser.add_argument(
        "--spec",
        type=_spec_file,
        metavar="PATH",
        help="the OpenAPI file to serve; the mock needs a handler for each of its operations "
        "(default: the spec bundled with the mock)",
    )
    parser.add_argument(
        "--log-level",
        default=os.environ.get("AUTOENHANCE_MOCK_LOG", "info"),
        metavar="LEVEL",
        help="debug, info, warning or error (default: $AUTOENHANCE_MOCK_LOG, else info)",
    )
    return parser


class _Terminated(Exception):
    """SIGTERM, raised where the process is, to stop as Ctrl-C stops it."""


def _terminated(signum: int, frame: object) -> None:
    raise _Terminated


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    level = logging.getLevelName(args.log_level.upper())
    if not isinstance(level, int):
        print(
            f"autoenhance-mock: --log-level must be debug, info, warning or error, got {args.log_level!r}",
            file=sys.stderr,
        )
        return 2
    logging.basicConfig(level=level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # a line per request: what the logging HOWTO's "Optimization" leaves out of each record
    # (the caller's file and line, thread, process), which no line of this format shows; a third
    # of a line's cost (measured for issue 15)
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging._srcfile = None
    try:
        faults = [parse_fault_option(text) for text in args.fault]
        app = create_app(
            api_keys=args.api_keys,
            faults=faults,
            fault_seed=args.fault_seed,
            timings=Timings(args.grouping_seconds, args.enhance_seconds),
            settings=Settings(credits=args.credits, redirect_downloads=args.redirect_downloads),
            spec=args.spec,
        )
    except HandlerMismatchError as exc:  # one line per mismatch, each saying who it is from
        print("\n".join(f"autoenhance-mock: {line}" for line in str(exc).splitlines()), file=sys.stderr)
        return 2
    except (FaultError, ValueError) as exc:
        print(f"autoenhance-mock: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the --spec file vanished or is unreadable since the check above
        print(f"autoenhance-mock: cannot read --spec {args.spec}: {exc.strerror}", file=sys.stderr)
        return 2
    # Bind here rather than in uvicorn: the log then names the real port, also for --port 0.
    try:
        sock = listening_socket(args.host, args.port)
    except OSError as exc:
        print(f"autoenhance-mock: cannot listen on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    host, port = sock.getsockname()[:2]
    log = logging.getLogger("autoenhance_mock")
    try:
        # SIGTERM (docker stop, Popen.terminate) stops as Ctrl-C does: uvicorn shuts down
        # gracefully, then raises the signal again, which this handler turns into a quiet stop
        signal.signal(signal.SIGTERM, _terminated)
        # uvicorn, not granian (measured for issue 15): granian answers 500 for an app that raises
        # or returns before answering, so it cannot drop a connection unanswered, and it loses a
        # part of a body sent before a cut at random, which the truncate fault needs
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", proxy_headers=False)
        where = origin(host, port)
        log.info("serving %d operations on %s with %d key(s)", len(app.spec.operations), where, len(app.api_keys))
        uvicorn.Server(config).run(sockets=[sock])
    except (KeyboardInterrupt, _Terminated):  # also when it comes before uvicorn serves
        log.info("stopped")
    finally:
        app.close()  # the webhook thread, if a webhook was set
    return 0
