"""The README quickstart and the examples run as written against the mock."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from autoenhance_mock import MockServer, Timings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def env() -> Iterator[dict[str, str]]:
    with MockServer(api_keys=["mock-api-key"], timings=Timings(0.05, 0.05)) as server:
        yield {**os.environ, "AUTOENHANCE_API_KEY": "mock-api-key", "AUTOENHANCE_BASE_URL": server.url}


def run(code_or_path: str | Path, env: dict[str, str]) -> str:
    args = [str(code_or_path)] if isinstance(code_or_path, Path) else ["-c", code_or_path]
    proc = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_readme_quickstart(env: dict[str, str]) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## The SDK: quickstart", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    out = run(code.group(1), env)
    assert "OrderStatus.PROCESSED" in out or "processed" in out


def test_sync_example(env: dict[str, str]) -> None:
    out = run(ROOT / "examples" / "order_flow.py", env)
    assert "created" in out and "processed: status=" in out and out.strip().endswith("deleted")


def test_async_example(env: dict[str, str]) -> None:
    out = run(ROOT / "examples" / "order_flow_async.py", env)
    assert "created 3 orders" in out and "['processed', 'processed', 'processed']" in out
    assert out.strip().endswith("deleted")


def test_photo_journey_example(env: dict[str, str]) -> None:
    out = run(ROOT / "examples" / "photo_journey.py", env)
    assert "created image" in out and "order processed: 1 image(s)" in out and "image processed" in out
    sizes = re.search(r"uploaded (\d+) bytes.*enhanced preview: (\d+) bytes, original: (\d+) bytes", out, re.S)
    assert sizes is not None and int(sizes[1]) > 1000 and int(sizes[2]) > 0 and int(sizes[3]) > 0, out
    assert out.strip().endswith("deleted")


def test_photo_journey_example_without_pillow(env: dict[str, str]) -> None:
    code = "import runpy, sys; sys.modules['PIL'] = None; runpy.run_path('examples/photo_journey.py')"
    out = run(code, env)
    assert "uploaded 287 bytes" in out and "image processed" in out and "enhanced preview: " in out
