"""What a service pays to depend on the client: disk and import time, against the official SDK;
and what in-process mode saves a test suite, against the same mock over loopback.

The install figures come from fresh venvs made side by side in one run: one holding only the
``autoenhance-sdk`` wheel built from wrapper/, one holding only ``autoenhance==1.1.0``, and an
empty one whose size and start-up are subtracted from both.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL = "autoenhance==1.1.0"


def _venv(where: Path, *requirements: str) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    python = where / "bin" / "python"
    if requirements:
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-cache-dir"]
        subprocess.run([*pip, *requirements], check=True, capture_output=True)
    return python


def _site_mb(python: Path) -> float:
    out = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    )
    return sum(f.stat().st_size for f in Path(out.stdout.strip()).rglob("*") if f.is_file()) / 2**20


def _start(python: Path, code: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(python), "-c", code], check=True)
    return time.perf_counter() - started


class Installs:
    """The three venvs, made once per benchmark run and removed at the end."""

    def __enter__(self) -> Installs:
        self._tmp = tempfile.TemporaryDirectory(prefix="autoenhance-bench-")
        base = Path(self._tmp.name)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "build",
                "--wheel",
                "--no-isolation",
                "--outdir",
                str(base / "dist"),
                str(ROOT / "wrapper"),
            ],
            check=True,
            capture_output=True,
        )
        (wheel,) = (base / "dist").glob("*.whl")
        self.empty = _venv(base / "empty")
        self.ours = _venv(base / "ours", str(wheel))
        self.official = _venv(base / "official", OFFICIAL)
        return self

    def __exit__(self, *exc: object) -> None:
        self._tmp.cleanup()

    def disk(self) -> dict[str, float]:
        empty = _site_mb(self.empty)
        return {"ours_mb": _site_mb(self.ours) - empty, "official_mb": _site_mb(self.official) - empty}

    def import_times(self, runs: int) -> dict[str, float]:
        """Median wall time of ``import X`` in a new interpreter, start-up subtracted; interleaved."""
        base, ours, official = [], [], []
        for _ in range(runs):
            base.append(_start(self.empty, "pass"))
            ours.append(_start(self.ours, "import autoenhance_sdk"))
            official.append(_start(self.official, "import autoenhance"))
        start = statistics.median(base)
        return {
            "ours_ms": (statistics.median(ours) - start) * 1000,
            "official_ms": (statistics.median(official) - start) * 1000,
        }


def inprocess_vs_loopback(calls: int) -> dict[str, Any]:
    """Seconds per SDK retrieve, sync: the mock's app called in process vs the mock on a port."""
    from autoenhance_mock import MockServer, create_app, route_to
    from autoenhance_sdk import Autoenhance

    def per_call(client: Autoenhance) -> float:
        order_id = client.orders.create(name="bench").order_id
        for _ in range(20):  # warm-up
            client.orders.retrieve(order_id)
        started = time.perf_counter()
        for _ in range(calls):
            client.orders.retrieve(order_id)
        return (time.perf_counter() - started) / calls

    with MockServer(api_keys=["bench"]) as server, Autoenhance(base_url=server.url, api_key="bench") as client:
        loopback = per_call(client)
    url = "http://inprocess.bench.invalid"
    with route_to(url, create_app(api_keys=["bench"])), Autoenhance(base_url=url, api_key="bench") as client:
        inprocess = per_call(client)
    return {"inprocess": inprocess, "loopback": loopback}
