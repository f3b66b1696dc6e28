"""Run schemathesis over every operation of the spec against a freshly started mock.

    python scripts/fuzz_mock.py                      # the thorough run: 500 examples per operation
    python scripts/fuzz_mock.py --max-examples 20    # what the test suite runs
    python scripts/fuzz_mock.py -- --phases=stateful # anything after -- goes to `schemathesis run`

All phases (examples, coverage, fuzzing, stateful through the spec's links), both positive and
negative data, every built-in check. The mock runs on a free loopback port with response
validation on, and is stopped when schemathesis ends. Exits with schemathesis' own code.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from autoenhance_mock import MockServer

ROOT = Path(__file__).resolve().parent.parent
KEY = "fuzz-key"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("extra", nargs="*", help="more `schemathesis run` options (after --)")
    args = parser.parse_args(argv)
    with MockServer(api_keys=[KEY], validate_responses=True) as server:
        cmd = [
            str(Path(sys.executable).parent / "schemathesis"),
            "--config-file",
            str(ROOT / "contract_tests" / "autoenhance_contract" / "schemathesis.toml"),
            "run",
            str(ROOT / "spec" / "openapi.yaml"),
            "--url",
            server.url,
            "--header",
            f"x-api-key: {KEY}",
            "--max-examples",
            str(args.max_examples),
            *(["--seed", str(args.seed)] if args.seed is not None else []),
            *args.extra,
        ]
        started = time.perf_counter()
        code = subprocess.call(cmd, cwd=ROOT)
        print(f"schemathesis finished in {time.perf_counter() - started:.1f} s with exit code {code}")
    return code


if __name__ == "__main__":
    sys.exit(main())
