"""`benchmarks/run.py` runs end to end (on a tiny size) and writes every key, the report and the plot.

The figures of a tiny run mean nothing; the full run is `python benchmarks/run.py`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = {
    "mock_vs_prism_throughput",
    "mock_vs_prism_p99",
    "retrieve_vs_official",
    "wrapper_overhead",
    "async64_vs_official",
    "parse500_vs_official",
    "paginate100k_peak_mb",
    "contract_cases_per_s",
    "import_vs_official",
    "install_mb_vs_official",
    "inprocess_vs_loopback",
    "upload100_vs_official",
    "upload_peak_mb",
    "download100_vs_official",
}


def test_tiny_run_writes_every_key(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--tiny", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    assert set(results) >= KEYS
    for key in KEYS:
        entry = results[key]
        assert entry["min"] <= entry["value"] <= entry["max"], key
        # a tiny upload may grow the resident set by nothing at all; every other figure is positive
        assert entry["value"] >= 0 if key == "upload_peak_mb" else entry["value"] > 0, key
    assert results["upload_peak_mb"]["detail"]["official_peak_mb"] >= 0
    assert results["download100_vs_official"]["detail"]["images"] >= 1
    assert results["machine"]["cores"] and results["machine"]["prism"]
    report = (tmp_path / "REPORT.md").read_text()
    assert all(f"`{key}`" in report for key in KEYS)
    assert (tmp_path / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_only_needs_known_steps_and_its_own_folder(tmp_path: Path) -> None:
    for args in (["--only", "journey,nothing", "--out", str(tmp_path)], ["--only", "journey"]):
        proc = subprocess.run(
            [sys.executable, "benchmarks/run.py", "--tiny", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 2 and "--only" in proc.stderr, proc.stderr
    assert not any(tmp_path.iterdir())
