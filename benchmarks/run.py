"""Benchmarks, side by side with what users would pick instead, in one run on one machine.

    python benchmarks/run.py            # the full run (several minutes)
    python benchmarks/run.py --quick    # a minute or two
    python benchmarks/run.py --tiny     # seconds: what the test suite runs

Installs what it compares against when missing (the official SDK `autoenhance==1.1.0` and
matplotlib through the `bench` extra; Prism 5.x from npm into benchmarks/.cache; wrk from
Debian's packages), then writes results.json, REPORT.md and report.png (next to this file, or
into --out). Every figure is the median of several runs after a warm-up, with min and max.
Everything runs on loopback and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

SIZES = {
    "full": {
        "runs": 5,
        "wrk_runs": 3,
        "wrk_seconds": 8,
        "calls": 300,
        "batches": 20,
        "repeat": 20,
        "orders": 100_000,
        "page_runs": 3,
        "contract_examples": 10,
        "contract_runs": 3,
        "import_runs": 15,
        "inprocess_calls": 1000,
        "inprocess_runs": 5,
    },
    "quick": {
        "runs": 3,
        "wrk_runs": 2,
        "wrk_seconds": 3,
        "calls": 100,
        "batches": 6,
        "repeat": 8,
        "orders": 20_000,
        "page_runs": 2,
        "contract_examples": 5,
        "contract_runs": 1,
        "import_runs": 9,
        "inprocess_calls": 1000,
        "inprocess_runs": 3,
    },
    "tiny": {
        "runs": 2,
        "wrk_runs": 1,
        "wrk_seconds": 1,
        "calls": 10,
        "batches": 1,
        "repeat": 2,
        "orders": 300,
        "page_runs": 1,
        "contract_examples": 1,
        "contract_runs": 1,
        "import_runs": 3,
        "inprocess_calls": 100,
        "inprocess_runs": 1,
    },
}
GOALS: dict[str, tuple[str, float | None, str]] = {
    "mock_vs_prism_throughput": (">=", 4.0, "mock requests/s under the mix, ours/Prism"),
    "mock_vs_prism_p99": ("<=", 0.25, "mock p99 latency under that load, ours/Prism"),
    "retrieve_vs_official": ("<=", 1.0, "sequential retrieve time per call, ours/official SDK"),
    "wrapper_overhead": ("<=", 1.10, "same, wrapper/generated client"),
    "async64_vs_official": (
        ">=",
        3.0,
        "64 concurrent retrieves with 20 ms server latency, AsyncAutoenhance/official (best of seq, 64 threads)",
    ),
    "parse500_vs_official": ("<=", 1.0, "reading an order with 500 images into models, ours/official"),
    "paginate100k_peak_mb": ("<", 20.0, "peak memory while iterating every order with auto-pagination (MB)"),
    "contract_cases_per_s": ("report", None, "contract suite against the mock, schemathesis cases/s"),
    "import_vs_official": ("<=", 0.6, "`import autoenhance_sdk` in a venv holding only it, ours/official"),
    "install_mb_vs_official": ("<=", 1.5, "disk a client-only install adds to a venv, ours/official"),
    "inprocess_vs_loopback": ("<=", 0.5, "sync SDK call to the mock in process, against the same over loopback"),
}


def ensure_bench_extra() -> None:
    try:
        import autoenhance  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError:
        print("installing the bench extra (autoenhance==1.1.0, matplotlib) ...", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-e", f"{ROOT}[bench]"], check=True)


def spread(values: list[float]) -> dict[str, Any]:
    return {"value": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def repeat(runs: int, once: Callable[[], dict[str, float]]) -> list[dict[str, float]]:
    once()  # warm-up, not counted
    return [once() for _ in range(runs)]


def contract_rate(examples: int) -> float:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "autoenhance_contract",
            "--max-examples",
            str(examples),
            "--walk-orders",
            "20",
            "--seed",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    cases = re.search(r"schemathesis cases: (\d+)", proc.stdout)
    seconds = re.search(r"passed in ([\d.]+)s", proc.stdout)
    if proc.returncode != 0 or not cases or not seconds:
        raise RuntimeError(f"the contract suite failed:\n{proc.stdout[-3000:]}")
    return int(cases.group(1)) / float(seconds.group(1))


def measure(size: dict[str, int]) -> tuple[dict[str, Any], dict[str, Any]]:
    import _client_bench as cb
    import _install_bench as ib
    from _load import wrk
    from _servers import ensure_prism, ensure_wrk, our_mock, prism

    versions = {"prism": ensure_prism(), "wrk": ensure_wrk()}
    results: dict[str, Any] = {}

    print("1-2. mock vs Prism under wrk ...", flush=True)
    ours_runs, prism_runs = [], []
    with our_mock() as ours_url, prism() as prism_url:
        wrk(ours_url, 1)
        wrk(prism_url, 1)
        for _ in range(size["wrk_runs"]):
            ours_runs.append(wrk(ours_url, size["wrk_seconds"]))
            prism_runs.append(wrk(prism_url, size["wrk_seconds"]))
    results["mock_vs_prism_throughput"] = spread([o[0] / p[0] for o, p in zip(ours_runs, prism_runs, strict=True)])
    results["mock_vs_prism_throughput"]["detail"] = {
        "ours_rps": statistics.median(o[0] for o in ours_runs),
        "prism_rps": statistics.median(p[0] for p in prism_runs),
    }
    results["mock_vs_prism_p99"] = spread([o[1] / p[1] for o, p in zip(ours_runs, prism_runs, strict=True)])
    results["mock_vs_prism_p99"]["detail"] = {
        "ours_p99_ms": statistics.median(o[1] for o in ours_runs),
        "prism_p99_ms": statistics.median(p[1] for p in prism_runs),
    }

    with our_mock(log_level="warning") as url:
        print("3-4. sequential retrieve ...", flush=True)
        seq = repeat(size["runs"], lambda: cb.sequential_retrieve(url, size["calls"]))
        results["retrieve_vs_official"] = spread([r["ours"] / r["official"] for r in seq])
        results["wrapper_overhead"] = spread([r["ours"] / r["generated"] for r in seq])
        per_call = {k: statistics.median(r[k] for r in seq) * 1000 for k in seq[0]}
        results["retrieve_vs_official"]["detail"] = {f"{k}_ms_per_call": v for k, v in per_call.items()}
        results["wrapper_overhead"]["detail"] = results["retrieve_vs_official"]["detail"]

        print("5. 64 concurrent retrieves, on bare loopback and with 20 ms of server latency ...", flush=True)
        bare = repeat(size["runs"], lambda: cb.concurrent_retrieve(url, size["batches"]))
        cb.add_latency(url, 20)
        slow = repeat(size["runs"], lambda: cb.concurrent_retrieve(url, max(1, size["batches"] // 4)))
        results["async64_vs_official"] = spread([r["ours"] / r["official"] for r in slow])
        results["async64_vs_official"]["detail"] = {
            **{f"{k}_per_s_20ms": statistics.median(r[k] for r in slow) for k in slow[0]},
            **{f"{k}_per_s_loopback": statistics.median(r[k] for r in bare) for k in bare[0]},
            "ratio_loopback": statistics.median(r["ours"] / r["official"] for r in bare),
        }

    print("6. parsing 500 images ...", flush=True)
    parse = repeat(size["runs"], lambda: cb.parse_order(500, size["repeat"]))
    results["parse500_vs_official"] = spread([r["ours"] / r["official"] for r in parse])
    results["parse500_vs_official"]["detail"] = {
        f"{k}_ms": statistics.median(r[k] for r in parse) * 1000 for k in parse[0]
    }

    print(f"7. paginating {size['orders']:,} orders ...", flush=True)
    with our_mock(log_level="warning") as url:
        cb.seed(url, size["orders"])
        pages = [cb.paginate(url, size["orders"]) for _ in range(size["page_runs"])]
    results["paginate100k_peak_mb"] = spread([p["peak_mb"] for p in pages])
    results["paginate100k_peak_mb"]["detail"] = {
        "orders": size["orders"],
        "orders_per_s": statistics.median(p["orders_per_s"] for p in pages),
    }

    print("8. contract suite ...", flush=True)
    results["contract_cases_per_s"] = spread(
        [contract_rate(size["contract_examples"]) for _ in range(size["contract_runs"])]
    )

    print("9-10. client-only install and import, against the official SDK ...", flush=True)
    with ib.Installs() as installs:
        disk = installs.disk()
        imports = [installs.import_times(size["import_runs"]) for _ in range(size["runs"])]
    results["import_vs_official"] = spread([r["ours_ms"] / r["official_ms"] for r in imports])
    results["import_vs_official"]["detail"] = {k: statistics.median(r[k] for r in imports) for k in imports[0]}
    results["install_mb_vs_official"] = spread([disk["ours_mb"] / disk["official_mb"]])
    results["install_mb_vs_official"]["detail"] = disk

    print(f"11. {size['inprocess_calls']:,} SDK calls in process and over loopback ...", flush=True)
    calls = repeat(size["inprocess_runs"], lambda: ib.inprocess_vs_loopback(size["inprocess_calls"]))
    results["inprocess_vs_loopback"] = spread([r["inprocess"] / r["loopback"] for r in calls])
    results["inprocess_vs_loopback"]["detail"] = {
        f"{k}_us_per_call": statistics.median(r[k] for r in calls) * 1e6 for k in calls[0]
    }
    return results, versions


def judge(results: dict[str, Any]) -> None:
    for key, (op, goal, what) in GOALS.items():
        entry = results[key]
        entry["goal"] = None if goal is None else f"{op} {goal:g}"
        entry["what"] = what
        value = entry["value"]
        entry["met"] = {">=": value >= (goal or 0), "<=": value <= (goal or 0), "<": value < (goal or 0)}.get(op)


def machine(versions: dict[str, str]) -> dict[str, Any]:
    import autoenhance
    import autoenhance_sdk
    import httpx
    import schemathesis

    return {
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "autoenhance_sdk (ours)": autoenhance_sdk.__version__,
        "autoenhance (official)": autoenhance.__version__,
        "prism": versions["prism"],
        "wrk": versions["wrk"],
        "httpx": httpx.__version__,
        "schemathesis": schemathesis.__version__ if hasattr(schemathesis, "__version__") else "4.x",
    }


def write_report(out: Path, results: dict[str, Any], info: dict[str, Any], size_name: str) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Run: `python benchmarks/run.py{'' if size_name == 'full' else ' --' + size_name}` on "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Every figure is the median of several runs "
        "after a warm-up (min and max beside it), measured side by side in this one run.",
        "",
        "Machine and versions: " + ", ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
        "| # | measure | median | min | max | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for i, (key, entry) in enumerate(results.items(), 1):
        met = {True: "yes", False: "**no**", None: "-"}[entry["met"]]
        lines.append(
            f"| {i} | {entry['what']} (`{key}`) | {entry['value']:.3g} | {entry['min']:.3g} | {entry['max']:.3g} "
            f"| {entry['goal'] or 'reported'} | {met} |"
        )
    lines += ["", "Raw figures (medians):", ""]
    for key, entry in results.items():
        detail = ", ".join(
            f"{k} {v:,.3g}" if isinstance(v, float) else f"{k} {v:,}" for k, v in entry.get("detail", {}).items()
        )
        if detail:
            lines.append(f"- `{key}`: {detail}")
    missed = [k for k, e in results.items() if e["met"] is False]
    lines += ["", "Goals missed in this run: " + (", ".join(f"`{k}`" for k in missed) if missed else "none") + "."]
    findings = HERE / "FINDINGS.md"
    if findings.exists():
        lines += ["", findings.read_text().strip()]
    lines += ["", "![benchmark ratios](report.png)", ""]
    (out / "REPORT.md").write_text("\n".join(lines))


def plot(out: Path, results: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = [k for k in results if GOALS[k][1] is not None]
    fig, axes = plt.subplots(1, len(keys), figsize=(3 * len(keys), 3.4))
    for ax, key in zip(axes, keys, strict=True):
        entry = results[key]
        colour = "tab:green" if entry["met"] else "tab:red"
        ax.bar([0], [entry["value"]], color=colour, width=0.5)
        ax.errorbar(
            [0],
            [entry["value"]],
            yerr=[[entry["value"] - entry["min"]], [entry["max"] - entry["value"]]],
            color="black",
            capsize=6,
        )
        ax.axhline(GOALS[key][1] or 0, color="grey", linestyle="--", label=f"goal {entry['goal']}")
        ax.set_title(key.replace("_", " "), fontsize=8)
        ax.set_xticks([])
        ax.legend(fontsize=7)
    fig.suptitle("ours relative to the alternative (median, min-max); dashed: goal", fontsize=9)
    fig.tight_layout()
    fig.savefig(out / "report.png", dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="a minute or two")
    group.add_argument("--tiny", action="store_true", help="seconds; every key, no meaningful figure")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write results.json, REPORT.md, report.png")
    args = parser.parse_args(argv)
    size_name = "tiny" if args.tiny else "quick" if args.quick else "full"
    ensure_bench_extra()
    results, versions = measure(SIZES[size_name])
    judge(results)
    info = machine(versions)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps({"size": size_name, "machine": info, **results}, indent=2))
    write_report(args.out, results, info, size_name)
    plot(args.out, results)
    for key, entry in results.items():
        print(
            f"{key:>26}: {entry['value']:.3g} (min {entry['min']:.3g}, max {entry['max']:.3g}) goal {entry['goal']} "
            f"{'' if entry['met'] is None else 'met' if entry['met'] else 'MISSED'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
