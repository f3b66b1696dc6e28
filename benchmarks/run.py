"""Benchmarks, side by side with what users would pick instead, in one run on one machine.

    python benchmarks/run.py            # the full run (10-15 minutes)
    python benchmarks/run.py --quick    # a few minutes
    python benchmarks/run.py --tiny     # about a minute: what the test suite runs
    python benchmarks/run.py --quick --only journey --out /tmp/bench   # some steps only

The journey (steps 12-14: uploads of 8 MB files and downloads, ours against the official SDK,
with the mock's 50 ms latency fault) needs 800 MB of temporary disk in the full run.

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
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE = HERE / "baseline.json"  # the figures before issue 15, for the report's before and after
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
        "journey_files": 100,
        "journey_kb": 8192,
        "journey_runs": 3,
        "journey_memory_runs": 3,
        "download_files": 100,
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
        "journey_files": 30,
        "journey_kb": 8192,
        "journey_runs": 2,
        "journey_memory_runs": 2,
        "download_files": 30,
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
        "journey_files": 3,
        "journey_kb": 256,
        "journey_runs": 1,
        "journey_memory_runs": 1,
        "download_files": 3,
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
    "upload100_vs_official": (
        "<=",
        0.25,
        "uploading 100 files of 8 MB with 50 ms latency, orders.upload_images/official create_image + PUT",
    ),
    "upload_peak_mb": ("<", 64.0, "peak memory growth (RSS) of that upload, ours (MB)"),
    "download100_vs_official": (
        "<=",
        0.25,
        "downloading 100 previews to disk with 50 ms latency, orders.download_all/official one by one",
    ),
}
# Steps of a run, for --only; each names the keys it measures.
STEPS = {
    "servers": ("mock_vs_prism_throughput", "mock_vs_prism_p99"),
    "client": ("retrieve_vs_official", "wrapper_overhead", "async64_vs_official"),
    "parse": ("parse500_vs_official",),
    "paginate": ("paginate100k_peak_mb",),
    "contract": ("contract_cases_per_s",),
    "install": ("import_vs_official", "install_mb_vs_official"),
    "inprocess": ("inprocess_vs_loopback",),
    "journey": ("upload100_vs_official", "upload_peak_mb", "download100_vs_official"),
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


def measure(size: dict[str, int], steps: set[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    results: dict[str, Any] = {}
    versions: dict[str, Any] = {}
    if "servers" in steps:
        from _servers import ensure_prism, ensure_wrk

        versions = {"prism": ensure_prism(), "wrk": ensure_wrk()}
        measure_servers(size, results)
    if "client" in steps:
        measure_client(size, results)
    if "parse" in steps:
        measure_parse(size, results)
    if "paginate" in steps:
        measure_paginate(size, results)
    if "contract" in steps:
        print("8. contract suite ...", flush=True)
        results["contract_cases_per_s"] = spread(
            [contract_rate(size["contract_examples"]) for _ in range(size["contract_runs"])]
        )
    if "install" in steps:
        measure_install(size, results)
    if "inprocess" in steps:
        measure_inprocess(size, results)
    if "journey" in steps:
        measure_journey(size, results)
    return results, versions


def measure_servers(size: dict[str, int], results: dict[str, Any]) -> None:
    from _load import wrk
    from _servers import our_mock, prism

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


def measure_client(size: dict[str, int], results: dict[str, Any]) -> None:
    import _client_bench as cb
    from _servers import our_mock

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
            # the ceiling of this setup: no SDK, the same mock and 64 in flight
            "ours_vs_raw_aiohttp_20ms": statistics.median(r["ours"] / r["raw_aiohttp"] for r in slow),
        }


def measure_parse(size: dict[str, int], results: dict[str, Any]) -> None:
    import _client_bench as cb

    print("6. parsing 500 images ...", flush=True)
    parse = repeat(size["runs"], lambda: cb.parse_order(500, size["repeat"]))
    results["parse500_vs_official"] = spread([r["ours"] / r["official"] for r in parse])
    results["parse500_vs_official"]["detail"] = {
        f"{k}_ms": statistics.median(r[k] for r in parse) * 1000 for k in parse[0]
    }


def measure_paginate(size: dict[str, int], results: dict[str, Any]) -> None:
    import _client_bench as cb
    from _servers import our_mock

    print(f"7. paginating {size['orders']:,} orders ...", flush=True)
    with our_mock(log_level="warning") as url:
        cb.seed(url, size["orders"])
        pages = [cb.paginate(url, size["orders"]) for _ in range(size["page_runs"])]
    results["paginate100k_peak_mb"] = spread([p["peak_mb"] for p in pages])
    results["paginate100k_peak_mb"]["detail"] = {
        "orders": size["orders"],
        "orders_per_s": statistics.median(p["orders_per_s"] for p in pages),
    }


def measure_install(size: dict[str, int], results: dict[str, Any]) -> None:
    import _install_bench as ib

    print("9-10. client-only install and import, against the official SDK ...", flush=True)
    with ib.Installs() as installs:
        disk = installs.disk()
        imports = [installs.import_times(size["import_runs"]) for _ in range(size["runs"])]
    results["import_vs_official"] = spread([r["ours_ms"] / r["official_ms"] for r in imports])
    results["import_vs_official"]["detail"] = {k: statistics.median(r[k] for r in imports) for k in imports[0]}
    results["install_mb_vs_official"] = spread([disk["ours_mb"] / disk["official_mb"]])
    results["install_mb_vs_official"]["detail"] = disk


def measure_inprocess(size: dict[str, int], results: dict[str, Any]) -> None:
    import _install_bench as ib

    print(f"11. {size['inprocess_calls']:,} SDK calls in process and over loopback ...", flush=True)
    calls = repeat(size["inprocess_runs"], lambda: ib.inprocess_vs_loopback(size["inprocess_calls"]))
    results["inprocess_vs_loopback"] = spread([r["inprocess"] / r["loopback"] for r in calls])
    results["inprocess_vs_loopback"]["detail"] = {
        f"{k}_us_per_call": statistics.median(r[k] for r in calls) * 1e6 for k in calls[0]
    }


def measure_journey(size: dict[str, int], results: dict[str, Any]) -> None:
    """12-14: a batch uploaded and downloaded with 50 ms of latency, ours against the official SDK."""
    import _journey_bench as jb
    from _servers import our_mock

    files, kb, runs = size["journey_files"], size["journey_kb"], size["journey_runs"]
    with jb.workdir() as tmp, our_mock(log_level="warning") as url:
        probe = jb.probe_latency(url)
        paths = jb.random_files(tmp / "upload", files, kb * 1024)
        print(f"12. uploading {files} files of {kb / 1024:g} MB with {jb.LATENCY_MS:g} ms latency ...", flush=True)
        flip = iter(range(runs + 1))
        uploads = repeat(runs, lambda: jb.upload_round(url, paths, ours_first=next(flip) % 2 == 0))
        results["upload100_vs_official"] = spread([r["ours"] / r["official"] for r in uploads])
        results["upload100_vs_official"]["detail"] = {
            "files": files,
            "file_mb": kb / 1024,
            "latency_ms": jb.LATENCY_MS,
            "ours_s": statistics.median(r["ours"] for r in uploads),
            "official_s": statistics.median(r["official"] for r in uploads),
            "ours_mb_per_s": files * kb / 1024 / statistics.median(r["ours"] for r in uploads),
            "official_mb_per_s": files * kb / 1024 / statistics.median(r["official"] for r in uploads),
            "probe_create_image_ms": probe["create_image_ms"],
            "probe_upload_put_ms": probe["upload_put_ms"],
        }

        print("13. peak memory of that upload, each side in a fresh process ...", flush=True)
        memory = [
            {who: jb.upload_memory(url, paths, who) for who in ("ours", "official")}
            for _ in range(size["journey_memory_runs"])
        ]
        results["upload_peak_mb"] = spread([m["ours"]["peak_mb"] for m in memory])
        results["upload_peak_mb"]["detail"] = {
            "official_peak_mb": statistics.median(m["official"]["peak_mb"] for m in memory),
            "official_min_mb": min(m["official"]["peak_mb"] for m in memory),
            "official_max_mb": max(m["official"]["peak_mb"] for m in memory),
            "ours_baseline_mb": statistics.median(m["ours"]["baseline_mb"] for m in memory),
            "official_baseline_mb": statistics.median(m["official"]["baseline_mb"] for m in memory),
            "method": memory[0]["ours"]["method"],
        }
        results["upload_peak_mb"]["compare"] = {"official": results["upload_peak_mb"]["detail"]["official_peak_mb"]}
        shutil.rmtree(tmp / "upload", ignore_errors=True)

        count = size["download_files"]
        print(f"14. downloading {count} previews with {jb.LATENCY_MS:g} ms latency ...", flush=True)
        order_id = jb.processed_order(url, count, jb.textured_jpeg())
        flip = iter(range(runs + 1))
        downloads = repeat(
            runs, lambda: jb.download_round(url, order_id, count, tmp / "download", ours_first=next(flip) % 2 == 0)
        )
        results["download100_vs_official"] = spread([r["ours"] / r["official"] for r in downloads])
        results["download100_vs_official"]["detail"] = {
            "images": count,
            "latency_ms": jb.LATENCY_MS,
            "mb_written": downloads[0]["mb"],
            "ours_s": statistics.median(r["ours"] for r in downloads),
            "official_s": statistics.median(r["official"] for r in downloads),
        }


def judge(results: dict[str, Any]) -> None:
    for key, (op, goal, what) in GOALS.items():
        if key not in results:
            continue
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
        "prism": versions.get("prism", "not run"),
        "wrk": versions.get("wrk", "not run"),
        "httpx": httpx.__version__,
        "schemathesis": schemathesis.__version__ if hasattr(schemathesis, "__version__") else "4.x",
    }


def write_report(
    out: Path, results: dict[str, Any], info: dict[str, Any], size_name: str, steps: set[str] | None = None
) -> None:
    only = "" if not steps or set(STEPS) <= steps else " --only " + ",".join(s for s in STEPS if s in steps)
    lines = [
        "# Benchmarks",
        "",
        f"Run: `python benchmarks/run.py{'' if size_name == 'full' else ' --' + size_name}{only}` on "
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
            f"{k} {v:,.3g}" if isinstance(v, float) else f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}"
            for k, v in entry.get("detail", {}).items()
        )
        if detail:
            lines.append(f"- `{key}`: {detail}")
    missed = [k for k, e in results.items() if e["met"] is False]
    lines += ["", "Goals missed in this run: " + (", ".join(f"`{k}`" for k in missed) if missed else "none") + "."]
    lines += before_after(results)
    findings = HERE / "FINDINGS.md"
    if findings.exists():
        lines += ["", findings.read_text().strip()]
    lines += ["", "![benchmark ratios](report.png)", ""]
    (out / "REPORT.md").write_text("\n".join(lines))


def before_after(results: dict[str, Any]) -> list[str]:
    """The report's lines setting this run beside the baseline's figures; none without a baseline or a shared key."""
    if not BASELINE.exists():
        return []
    baseline = json.loads(BASELINE.read_text())
    before = baseline["results"]
    keys = [k for k in results if k in before]
    if not keys:
        return []
    lines = [
        "",
        "## Before and after",
        "",
        f"Before ({baseline['label']}): the {baseline['run']}, kept in `benchmarks/baseline.json`; now: this run.",
        "",
        "| measure | before (median, min-max) | now (median, min-max) | goal |",
        "|---|---|---|---|",
    ]
    for key in keys:
        was, now = before[key], results[key]
        lines.append(
            f"| `{key}` | {was['value']:.3g} ({was['min']:.3g}-{was['max']:.3g}) "
            f"| {now['value']:.3g} ({now['min']:.3g}-{now['max']:.3g}) | {now['goal'] or 'reported'} |"
        )
    return lines


def plot(out: Path, results: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = [k for k in results if k in GOALS and GOALS[k][1] is not None]
    columns = min(len(keys), 7)
    rows = -(-len(keys) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(3 * columns, 3.4 * rows), squeeze=False)
    for ax in axes.flat[len(keys) :]:
        ax.axis("off")
    for ax, key in zip(axes.flat, keys, strict=False):
        entry = results[key]
        colour = "tab:green" if entry["met"] else "tab:red"
        ax.bar([0], [entry["value"]], color=colour, width=0.5)
        for x, (name, value) in enumerate(entry.get("compare", {}).items(), 1):  # the alternative's own figure
            ax.bar([x], [value], color="tab:grey", width=0.5)
            ax.text(x, value, name, ha="center", va="bottom", fontsize=7)
            ax.text(0, entry["max"], "ours", ha="center", va="bottom", fontsize=7)
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
    fig.suptitle(
        "ours relative to the alternative, or ours in MB (median, min-max; grey: the alternative's MB); dashed: goal",
        fontsize=9,
    )
    fig.tight_layout()
    fig.savefig(out / "report.png", dpi=110)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--quick", action="store_true", help="a few minutes")
    group.add_argument("--tiny", action="store_true", help="about a minute; every key, no meaningful figure")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write results.json, REPORT.md, report.png")
    parser.add_argument(
        "--only",
        metavar="STEP[,STEP]",
        help=f"run only these steps ({', '.join(STEPS)}); needs --out, not to overwrite the full report",
    )
    args = parser.parse_args(argv)
    steps = set(STEPS)
    if args.only:
        steps = {s.strip() for s in args.only.split(",") if s.strip()}
        unknown = steps - set(STEPS)
        if unknown or not steps:
            parser.error(f"--only takes steps among {', '.join(STEPS)}; got {', '.join(sorted(unknown)) or 'none'}")
        if args.out.resolve() == HERE:
            parser.error("--only writes a partial report: give --out DIR (not benchmarks/ itself)")
    size_name = "tiny" if args.tiny else "quick" if args.quick else "full"
    ensure_bench_extra()
    results, versions = measure(SIZES[size_name], steps)
    judge(results)
    info = machine(versions)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps({"size": size_name, "machine": info, **results}, indent=2))
    write_report(args.out, results, info, size_name, steps)
    plot(args.out, results)
    for key, entry in results.items():
        print(
            f"{key:>26}: {entry['value']:.3g} (min {entry['min']:.3g}, max {entry['max']:.3g}) goal {entry['goal']} "
            f"{'' if entry['met'] is None else 'met' if entry['met'] else 'MISSED'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
