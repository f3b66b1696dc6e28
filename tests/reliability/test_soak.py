"""A short soak: the same command as `scripts/soak.py --seconds 60`, for a few seconds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_short_soak_loses_nothing_and_never_fails() -> None:
    proc = subprocess.run(
        [sys.executable, "scripts/soak.py", "--seconds", "4", "--clients", "16", "--keys", "4", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    assert figures["ok"] and figures["5xx"] == 0 and figures["problems"] == []
    assert figures["lost_orders"] == figures["duplicated_orders"] == figures["unexpected_orders"] == 0
    assert figures["requests"] > 200 and set(figures["statuses"]) <= {"200", "204"}
