"""`benchmarks/run.py` runs end to end (on a tiny size) and writes every key, the report and the plot.

The figures of a tiny run mean nothing; the full run is `python benchmarks/run.py`."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

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


def load_run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_run", ROOT / "benchmarks" / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def entry(value: float, low: float, high: float, goal: str | None = "<= 1") -> dict[str, Any]:
    return {"value": value, "min": low, "max": high, "goal": goal, "what": "a measure", "met": True}


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


def test_report_sets_this_run_beside_the_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = load_run()
    baseline = tmp_path / "baseline.json"
    baseline.write_text(
        json.dumps(
            {
                "label": "before the change",
                "run": "full run of 2026-01-01 00:00 UTC, commit abc1234",
                "results": {
                    "parse500_vs_official": {"value": 0.5663, "min": 0.44362, "max": 0.60029},
                    "contract_cases_per_s": {"value": 82.791, "min": 80.223, "max": 84.267},
                    "wrapper_overhead": {"value": 0.97, "min": 0.69, "max": 1.16},  # not measured now
                },
            }
        )
    )
    monkeypatch.setattr(run, "BASELINE", baseline)
    results = {
        "contract_cases_per_s": entry(120.45, 110.02, 131.7, goal=None),
        "parse500_vs_official": entry(0.31234, 0.30011, 0.35678),
        "paginate100k_peak_mb": entry(1.38, 1.38, 1.41, goal="< 20"),  # not in the baseline
    }
    run.write_report(tmp_path, results, {"cores": 2}, "tiny", {"parse", "contract", "paginate"})
    report = (tmp_path / "REPORT.md").read_text()
    lines = report.splitlines()

    start = lines.index("## Before and after")
    assert lines.index("Goals missed in this run: none.") < start
    findings = run.HERE / "FINDINGS.md"
    if findings.exists():  # the profiles' findings follow the section
        assert report.index("## Before and after") < report.index(findings.read_text().strip())
    assert (
        "before the change" in lines[start + 2]
        and "full run of 2026-01-01 00:00 UTC, commit abc1234" in lines[start + 2]
    )
    assert lines[start + 4] == "| measure | before (median, min-max) | now (median, min-max) | goal |"
    # the current results' order, only the keys both hold
    assert lines[start + 6 : start + 8] == [
        "| `contract_cases_per_s` | 82.8 (80.2-84.3) | 120 (110-132) | reported |",
        "| `parse500_vs_official` | 0.566 (0.444-0.6) | 0.312 (0.3-0.357) | <= 1 |",
    ]
    assert lines[start + 8] == ""
    section = "\n".join(lines[start : start + 8])
    assert "wrapper_overhead" not in section and "paginate100k_peak_mb" not in section


def test_report_without_a_baseline_has_no_before_and_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = load_run()
    monkeypatch.setattr(run, "BASELINE", tmp_path / "no-baseline.json")
    run.write_report(tmp_path, {"parse500_vs_official": entry(0.31, 0.3, 0.36)}, {"cores": 2}, "tiny", {"parse"})
    report = (tmp_path / "REPORT.md").read_text()
    assert "`parse500_vs_official`" in report and "Goals missed in this run: none." in report
    assert "## Before and after" not in report and "before (median" not in report  # FINDINGS may say it


def test_committed_baseline_holds_every_measure() -> None:
    run = load_run()
    baseline = json.loads(run.BASELINE.read_text())
    assert baseline["label"] and baseline["run"]
    assert set(baseline["results"]) == set(run.GOALS)
    for key, figures in baseline["results"].items():
        assert figures["min"] <= figures["value"] <= figures["max"], key
