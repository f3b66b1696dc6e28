"""``autoenhance-contract``: run the whole contract suite against the bundled mock or any URL.

    autoenhance-contract                                   # starts the bundled mock, checks it
    autoenhance-contract --base-url URL --api-key KEY      # a sandbox, or any server
    autoenhance-contract --read-only --base-url URL        # sends no writes at all

Options after ``--`` go to pytest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from autoenhance_mock import HandlerMismatchError, MockServer, Settings, Timings

from ._hypothesis_home import new_hypothesis_home
from ._options import OPTIONS, flag_of, operation_ids
from ._preflight import BUNDLED, EXIT_CODES, PREFLIGHT_DONE, Problem, check_selection, check_target, check_url
from ._target import BUNDLED_CREDITS, MOCK_KEYS

__all__ = ["main"]

HERE = Path(__file__).resolve().parent


def _parser() -> argparse.ArgumentParser:
    codes = "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES.items())
    parser = argparse.ArgumentParser(
        prog="autoenhance-contract",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"operations (for --include/--exclude): {', '.join(operation_ids())}\n\nexit codes:\n{codes}",
    )
    for option in OPTIONS:
        parser.add_argument(f"--{option.name}", **option.kwargs())
    parser.add_argument("--junit-xml", metavar="PATH", help="write a JUnit XML report for CI")
    parser.add_argument("--workers", type=int, default=1, metavar="N", help="run in N processes (pytest-xdist)")
    parser.add_argument("pytest_args", nargs="*", help="more pytest options, after --")
    return parser


# the keys reach pytest through its environment, never its command line (``ps`` shows that to anyone)
KEY_VARIABLES = {"api-key": "AUTOENHANCE_API_KEY", "api-key-2": "AUTOENHANCE_API_KEY_2"}


def pytest_arguments(args: argparse.Namespace, base_url: str) -> list[str]:
    """pytest's command line: every option but the keys (see ``child_environment``)."""
    argv = [sys.executable, "-m", "pytest", str(HERE), "-c", str(HERE / "pytest.ini"), "--rootdir", str(HERE), "-q"]
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        argv += ["-p", "autoenhance_contract.plugin"]
    values = {**vars(args), "base_url": base_url}
    for option in OPTIONS:
        if option.name in KEY_VARIABLES:
            continue
        value = values[option.name.replace("-", "_")]
        if option.type == "flag":
            argv += [flag_of(option)] if value else []
        elif option.type == "append":
            argv += [arg for item in value for arg in (flag_of(option), item)]
        elif value is not None:
            argv += [flag_of(option), str(value)]
    if args.seed is not None:
        argv.append(f"--hypothesis-seed={args.seed}")
    if args.junit_xml:
        argv += ["--junit-xml", args.junit_xml]
    if args.workers > 1:
        argv += ["-n", str(args.workers)]
    return argv + list(args.pytest_args)


def child_environment(keys: tuple[str | None, str | None], extra: dict[str, str]) -> dict[str, str]:
    """pytest's environment: the caller's, with the keys the run uses (an explicit ``--api-key``
    wins over the caller's variable; a key not given is removed), without the caller's
    ``AUTOENHANCE_API_VERSION``, and with ``extra``. Never logged."""
    env = dict(os.environ)
    env.pop("AUTOENHANCE_API_VERSION", None)  # the suite checks the spec's version, not the caller's
    for variable, key in zip(KEY_VARIABLES.values(), keys, strict=True):
        env.pop(variable, None)
        if key is not None:
            env[variable] = key
    return {**env, **extra}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.max_examples < 1 or args.workers < 1 or args.walk_orders < 0:
            raise Problem(2, "--max-examples and --workers must be >= 1, --walk-orders >= 0")
        check_selection(args.include, args.exclude, operation_ids())
        if not args.base_url:
            with _bundled_mock() as server:
                print(f"[contract] checking the bundled mock at {server.url}", flush=True)
                return _run(pytest_arguments(args, server.url), child_environment(MOCK_KEYS, {BUNDLED: server.url}))
        base_url = check_url(args.base_url)
        sent = check_target(base_url, args.api_key, args.api_key_2)
    except Problem as problem:
        return _fail(problem)
    print(f"[contract] checking {base_url}" + (" (read-only)" if args.read_only else ""), flush=True)
    env = child_environment((args.api_key, args.api_key_2), {PREFLIGHT_DONE: str(sent)})
    return _run(pytest_arguments(args, base_url), env)


def _bundled_mock() -> MockServer:
    """The bundled mock, not yet started; Problem(2) if it cannot serve the spec (an operation
    without a handler): the mismatch's own lines, no traceback."""
    try:
        # credits are free here: full-size downloads never run out (a real server is another matter)
        return MockServer(
            api_keys=list(MOCK_KEYS), timings=Timings(0.2, 0.3), settings=Settings(credits=BUNDLED_CREDITS)
        )
    except HandlerMismatchError as exc:
        raise Problem(2, _mock_cannot_start(exc)) from None


def _mock_cannot_start(exc: HandlerMismatchError) -> str:
    """The mismatch, one line per problem, each saying it stops the bundled mock."""
    return "\n".join(f"the bundled mock cannot start: {line}" for line in str(exc).splitlines())


def _fail(problem: Problem) -> int:
    print("\n".join(f"autoenhance-contract: {line}" for line in str(problem).splitlines()), file=sys.stderr)
    return problem.code


STOP_GRACE = 120.0  # seconds pytest has to delete what it created once told to stop


class _Stopped(Exception):
    """SIGTERM or SIGHUP reached the command."""


def _stopped(signum: int, frame: object) -> None:
    raise _Stopped(signum)


def _run(argv: list[str], env: dict[str, str]) -> int:
    """pytest in its own process (clean imports, its own config); Ctrl-C reaches it too, and it
    still deletes what it created before exiting. SIGTERM and SIGHUP are passed on to it as a
    Ctrl-C (SIGINT), so it cleans up the same way; it gets STOP_GRACE seconds, then is killed.
    hypothesis keeps its files in a temporary directory, not the caller's, removed in every case.
    pytest's own codes map onto the suite's (EXIT_CODES)."""
    home = new_hypothesis_home("autoenhance-contract-")
    stops = (signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, _stopped) for signum in stops}
    proc: subprocess.Popen[bytes] | None = None
    try:
        proc = subprocess.Popen(argv, env={**env, "HYPOTHESIS_STORAGE_DIRECTORY": home})
        code = proc.wait()
    except (KeyboardInterrupt, _Stopped) as exc:
        for signum in stops:  # a second signal does not cut the clean-up short
            signal.signal(signum, signal.SIG_IGN)
        if proc is not None:
            if isinstance(exc, _Stopped):
                proc.send_signal(signal.SIGINT)
            _wait_bounded(proc)
        return 2
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        shutil.rmtree(home, ignore_errors=True)
    # pytest: 0 passed, 1 tests failed, 2 interrupted, 3 internal error, 4 usage error, 5 no tests
    return {0: 0, 1: 1, 2: 2, 4: 2, 5: 2}.get(code, 1)


def _wait_bounded(proc: subprocess.Popen[bytes]) -> None:
    try:
        proc.wait(timeout=STOP_GRACE)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
