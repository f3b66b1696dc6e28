"""Run the contract suite as a user does (its command, in its own process) and keep what it produced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from autoenhance_mock._models import Timings

# Servers the suite is run against in these tests process quickly: the suite waits for processing
# on a live target (polling), and the mock's default seconds would make each run wait for them.
FAST = Timings(grouping_seconds=0.05, enhance_seconds=0.1)


@dataclass
class Run:
    code: int
    out: str  # stdout and stderr
    cwd: Path

    def files(self) -> dict[Path, bytes]:
        """Everything the run left in its working directory."""
        return {p: p.read_bytes() for p in self.cwd.rglob("*") if p.is_file()}


def run_suite(cwd: Path, *args: str, timeout: float = 600) -> Run:
    """``autoenhance-contract ARGS`` (as ``python -m``) from ``cwd``, with no key in the environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOENHANCE_")}
    cwd.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "autoenhance_contract", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout + proc.stderr, cwd)


def seed(base_url: str, api_key: str, orders: list[dict[str, Any]]) -> None:
    """Give an account orders through the mock's control surface."""
    response = httpx.post(f"{base_url}/__mock__/seed", json={"api_key": api_key, "orders": orders}, timeout=30)
    assert response.status_code == 200, response.text


def operations_received(base_url: str) -> set[str]:
    entries = httpx.get(f"{base_url}/__mock__/requests", timeout=30).json()["requests"]
    return {e["operation"] for e in entries if e.get("operation")}


def dumps(data: Any) -> str:
    return json.dumps(data, sort_keys=True)
