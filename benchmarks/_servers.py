"""The servers compared: our mock and Prism, each started on a free loopback port and stopped after.

Prism comes from npm into benchmarks/.cache/prism (git-ignored) when missing; wrk from Debian's
packages when missing. Nothing is fetched at all when both are already there.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / ".cache"
PRISM = CACHE / "prism" / "node_modules" / ".bin" / "prism"
SPEC = ROOT / "spec" / "openapi.yaml"
KEY = "bench-key"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_prism() -> str:
    if not PRISM.exists():
        (CACHE / "prism").mkdir(parents=True, exist_ok=True)
        print("installing @stoplight/prism-cli@5 from npm into benchmarks/.cache/prism ...", flush=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "@stoplight/prism-cli@5"],
            cwd=CACHE / "prism",
            check=True,
        )
    return subprocess.run([str(PRISM), "--version"], capture_output=True, text=True, check=True).stdout.strip()


def ensure_wrk() -> str:
    if shutil.which("wrk") is None:
        print("installing wrk from Debian's packages ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, check=True, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], env=env, check=True, capture_output=True)
    out = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return (out.stdout + out.stderr).split("\n")[0].strip()


def _wait(url: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            httpx.get(url, headers={"x-api-key": KEY}, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)  # waiting for the port to open
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextmanager
def our_mock(log_level: str = "info") -> Iterator[str]:
    """Our mock as a user starts it: the CLI, default logging (to /dev/null, as Prism's)."""
    port = free_port()
    cmd = [sys.executable, "-m", "autoenhance_mock", "--port", str(port), "--api-key", KEY, "--log-level", log_level]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{url}/__mock__/health", proc)
        httpx.post(f"{url}/v3/orders/", json={"order_id": "bench-order", "name": "bench"}, headers={"x-api-key": KEY})
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


@contextmanager
def prism() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(PRISM), "mock", str(SPEC), "-p", str(port), "-h", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{url}/v3/orders/bench-order", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
