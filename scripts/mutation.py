"""Mutation testing of the SDK's decision modules with mutmut; run by ``scripts/mutation``.

    ./scripts/mutation                        run, print the score and what was not caught
    ./scripts/mutation --threshold 90         exit 1 below 90 % instead of 95 %
    ./scripts/mutation --diffs -j 4           also print each uncaught mutant's diff; 4 workers

Not part of CI: it takes minutes. The modules and tests are ``[tool.mutmut]`` in pyproject.toml.

mutmut 3 imports a mutated package only from mutants/, mutants/src or mutants/source, and names
each mutant after its file's path below src/; the SDK lives in wrapper/ (installed editable from
there). So the run happens in a staging folder, .mutmut/ (gitignored), rebuilt on every run:

    .mutmut/pyproject.toml        a link to the repository's ([tool.mutmut], pytest's settings)
    .mutmut/tests, .mutmut/spec   copies of tests/ and spec/ (mutmut copies them on into
                                  mutants/, where a test finds the spec beside tests/ as usual)
    .mutmut/src/autoenhance_sdk   a copy of wrapper/autoenhance_sdk: nothing mutmut writes
                                  (``mutmut apply``) can reach the real source
    .mutmut/mutants/              mutmut's working copy: the mutated package, where tests run

Every run starts from an empty mutants/: mutmut keeps a cached verdict until the mutated function
changes, so a survivor would stay one after a new test killed it. To look at one mutant after a
run: ``cd .mutmut && ../.venv/bin/mutmut show <name>``.

The score is caught / total: a mutant is caught when a test fails (killed) or hangs past mutmut's
time limit (timeout). Anything else (survived, no tests, suspicious, ...) is listed by name.

Some survivors are equivalent: no caller can tell them from the original. Those seen so far
(mutant numbers move with the code, so they are described, not listed):
  - a header name upper-cased (``"RETRY-AFTER"``, ``"CONTENT-TYPE"``): httpx headers ignore case;
  - ``Retry(delay, None)``: neither client reads ``Retry.error``;
  - ``cast(None, None)`` or ``None`` for ``cast(T, None)``; ``body=None`` dropped (its default);
  - the codec or error handler of decoding a request body for the debug log (``"UTF-8"``, no
    ``"replace"``): the SDK only sends JSON that httpx encoded as UTF-8;
  - ``DEFAULT_TIMEOUT.connect and 5.0`` / ``or 6.0``: that constant's connect is set, 5.0;
  - ``ensure_ascii=None``: as falsy as False;
  - the ``missing field`` wording of a KeyError in ``read_success``: tolerant reading fills missing
    fields before the generated parser runs, so no answer raises a KeyError there.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / ".mutmut"
PACKAGE = "autoenhance_sdk"
CAUGHT = ("killed", "timeout")
RESULT_LINE = re.compile(r"^\s*(?P<name>\S+): (?P<status>.+)$")


def stage() -> None:
    """Rebuild .mutmut/ from the repository as it is now."""
    if STAGE.exists():
        shutil.rmtree(STAGE)
    (STAGE / "src").mkdir(parents=True)
    (STAGE / "pyproject.toml").symlink_to(ROOT / "pyproject.toml")
    for source, target in (
        (ROOT / "wrapper" / PACKAGE, STAGE / "src" / PACKAGE),
        (ROOT / "tests", STAGE / "tests"),
        (ROOT / "spec", STAGE / "spec"),  # tests/spec_walk.py reads the spec beside tests/
    ):
        shutil.copytree(source, target, ignore=_NOT_COPIED, copy_function=_copy_if_still_there)


_NOT_COPIED = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")  # .* : editors' temporary files


def _copy_if_still_there(source: str, target: str) -> None:
    """``shutil.copy2``, skipping a file that an editor or a test removed between the listing and
    the copy."""
    with contextlib.suppress(FileNotFoundError):
        shutil.copy2(source, target)


def mutmut(*args: str, capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *args],
        cwd=STAGE,
        text=True,
        capture_output=capture,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def uncaught() -> dict[str, str]:
    """Each mutant that was not killed, with its status (``mutmut results`` lists them)."""
    proc = mutmut("results", capture=True)
    if proc.returncode != 0:
        sys.exit(f"mutmut results failed:\n{proc.stdout}{proc.stderr}")
    found = {}
    for line in proc.stdout.splitlines():
        match = RESULT_LINE.match(line)
        if match:
            found[match["name"]] = match["status"].strip()
    return found


def counts() -> dict[str, int]:
    proc = mutmut("export-cicd-stats", capture=True)
    path = STAGE / "mutants" / "mutmut-cicd-stats.json"
    if proc.returncode != 0 or not path.is_file():
        sys.exit(f"mutmut export-cicd-stats failed:\n{proc.stdout}{proc.stderr}")
    data: dict[str, int] = json.loads(path.read_text())
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--threshold",
        type=float,
        default=95.0,
        metavar="PERCENT",
        help="exit 1 when the score (caught / total) is below this (default: 95)",
    )
    parser.add_argument(
        "-j",
        "--max-children",
        type=int,
        default=None,
        metavar="N",
        help="mutants tested at once (default: mutmut's, the number of CPUs)",
    )
    parser.add_argument("--diffs", action="store_true", help="print the diff of every mutant not caught")
    args = parser.parse_args()
    if not 0 <= args.threshold <= 100:
        parser.error(f"--threshold must be 0 to 100, got {args.threshold}")
    if args.max_children is not None and args.max_children < 1:
        parser.error(f"--max-children must be at least 1, got {args.max_children}")
    if importlib.util.find_spec("mutmut") is None:
        sys.exit("mutmut is not installed: python -m pip install -r requirements-dev.txt")

    started = time.monotonic()
    stage()
    run_args = ["run"] if args.max_children is None else ["run", "--max-children", str(args.max_children)]
    proc = mutmut(*run_args)
    if proc.returncode != 0:
        print(f"mutmut run failed (exit {proc.returncode}); see its output above.", file=sys.stderr)
        return 2
    elapsed = time.monotonic() - started

    stats = counts()
    missed = {name: status for name, status in uncaught().items() if status not in CAUGHT}
    total = stats["total"]
    caught = sum(stats[status] for status in CAUGHT)
    if total == 0 or stats["killed"] == 0:
        # mutmut's forced-fail check should stop a run that tests the unmutated code; a run that
        # killed nothing is broken all the same (the tests do not import the mutated copy).
        print(f"No mutant was killed out of {total}: the tests did not run against mutants/.", file=sys.stderr)
        return 2
    score = 100 * caught / total
    print()
    print(f"mutation score: {caught} / {total} caught = {score:.1f} %  (threshold {args.threshold:g} %)")
    print(f"  killed {stats['killed']}, timeout {stats['timeout']}; not caught {len(missed)}; {elapsed:.0f} s")
    if missed:
        print("not caught:")
        for name, status in sorted(missed.items()):
            print(f"  {name}: {status}")
            if args.diffs:
                diff = mutmut("show", name, capture=True).stdout
                print("\n".join(f"      {line}" for line in diff.splitlines()[1:] if line.strip()))
    if missed:
        print("(scripts/mutation.py describes the survivors known to be equivalent)")
    if score < args.threshold:
        print(f"FAIL: {score:.1f} % is below {args.threshold:g} %", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
