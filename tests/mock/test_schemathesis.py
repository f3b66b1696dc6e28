"""schemathesis, with every phase and check, finds nothing wrong with the mock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from autoenhance_mock._spec import load_spec

ROOT = Path(__file__).resolve().parents[2]


def test_schemathesis_finds_no_failure() -> None:
    proc = subprocess.run(
        [sys.executable, "scripts/fuzz_mock.py", "--max-examples", "15", "--seed", "20261130"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in out, f"phase {phase} did not run and pass:\n{out[-2000:]}"
    operations = len(load_spec(ROOT / "spec" / "openapi.yaml").operations)  # the spec fuzz_mock.py serves
    assert f"Selected: {operations}/{operations}" in out and f"Tested: {operations}" in out
