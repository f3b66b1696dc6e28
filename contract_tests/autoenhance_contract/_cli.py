"""``autoenhance-contract``: run the whole contract suite against the bundled mock or any URL.

    autoenhance-contract                                   # starts the bundled mock, checks it
    autoenhance-contract --base-url URL --api-key KEY      # a sandbox, or any server
    autoenhance-contract --read-only --base-url URL        # sends no writes at all

Exit code 0 only when everything conforms. Options after ``--`` go to pytest.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from autoenhance_mock import MockServer, Timings

from ._target import MOCK_KEYS

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
OPERATIONS = (
    "create_order",
    "list_orders",
    "retrieve_order",
    "update_order",
    "delete_order",
    "process_order",
    "merge_order",
    "list_order_brackets",
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autoenhance-contract", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="server to check (default: start the bundled mock on a free port)")
    parser.add_argument("--api-key", default=os.environ.get("AUTOENHANCE_API_KEY"), help="default: AUTOENHANCE_API_KEY")
    parser.add_argument(
        "--api-key-2",
        default=os.environ.get("AUTOENHANCE_API_KEY_2"),
        help="a second account's key for the tenancy checks (default: AUTOENHANCE_API_KEY_2)",
    )
    parser.add_argument("--junit-xml", metavar="PATH", help="write a JUnit XML report for CI")
    parser.add_argument("--max-examples", type=int, default=25, metavar="N", help="cases per operation (25)")
    parser.add_argument("--seed", type=int, metavar="N", help="replay a run exactly")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="run in N processes")
    parser.add_argument("--read-only", action="store_true", help="send no request that could change anything")
    parser.add_argument("--include", action="append", default=[], metavar="OPERATION", choices=OPERATIONS)
    parser.add_argument("--exclude", action="append", default=[], metavar="OPERATION", choices=OPERATIONS)
    parser.add_argument("--walk-orders", type=int, default=250, metavar="N", help="orders for the pagination walk")
    parser.add_argument("pytest_args", nargs="*", help="more pytest options, after --")
    return parser


def pytest_arguments(args: argparse.Namespace, base_url: str, keys: tuple[str, str | None], bundled: bool) -> list[str]:
    argv = [
        sys.executable,
        "-m",
        "pytest",
        str(HERE),
        "-c",
        str(HERE / "pytest.ini"),
        "--rootdir",
        str(HERE),
        "-q",
        "--base-url",
        base_url,
        "--api-key",
        keys[0],
        "--max-examples",
        str(args.max_examples),
        "--walk-orders",
        str(args.walk_orders),
    ]
    if keys[1]:
        argv += ["--api-key-2", keys[1]]
    if bundled:
        argv.append("--bundled-mock")
    if args.read_only:
        argv.append("--read-only")
    if args.seed is not None:
        argv += ["--contract-seed", str(args.seed), f"--hypothesis-seed={args.seed}"]
    if args.junit_xml:
        argv += ["--junit-xml", args.junit_xml]
    if args.workers > 1:
        argv += ["-n", str(args.workers)]
    for op in args.include:
        argv += ["--include-operation", op]
    for op in args.exclude:
        argv += ["--exclude-operation", op]
    return argv + list(args.pytest_args)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.max_examples < 1 or args.workers < 1 or args.walk_orders < 0:
        print("autoenhance-contract: --max-examples and --workers must be >= 1, --walk-orders >= 0", file=sys.stderr)
        return 2
    if args.base_url:
        if not args.api_key:
            print("autoenhance-contract: --base-url needs a key: --api-key or AUTOENHANCE_API_KEY", file=sys.stderr)
            return 2
        print(f"[contract] checking {args.base_url}" + (" (read-only)" if args.read_only else ""))
        return _run(pytest_arguments(args, args.base_url, (args.api_key, args.api_key_2), bundled=False))
    with MockServer(api_keys=list(MOCK_KEYS), timings=Timings(0.2, 0.3)) as server:
        print(f"[contract] checking the bundled mock at {server.url}", flush=True)
        return _run(pytest_arguments(args, server.url, MOCK_KEYS, bundled=True))


def _run(argv: list[str]) -> int:
    """pytest in its own process (clean imports, its own config); Ctrl-C reaches it too, and it
    still deletes what it created before exiting."""
    proc = subprocess.Popen(argv)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return proc.wait()
