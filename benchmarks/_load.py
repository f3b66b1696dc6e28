"""Throughput and p99 latency of a server under wrk: keep-alive, fixed concurrency, one mix."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from _servers import KEY

MIX = Path(__file__).resolve().parent / "mix.lua"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: float, connections: int = 32) -> tuple[float, float]:
    """(requests/s, p99 in ms) of one wrk run."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", "-s", str(MIX), url, "--", KEY],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} non-2xx answers under load:\n{out}")
    return rps, float(value) * _UNITS[unit]
