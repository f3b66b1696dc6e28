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


def run(code_or_path: str | Path, env: dict[str, str], cwd: Path = ROOT) -> str:
    args = [str(code_or_path)] if isinstance(code_or_path, Path) else ["-c", code_or_path]
    proc = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def quickstart_blocks() -> list[str]:
    section = (ROOT / "README.md").read_text().split("## The SDK: quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def photos_in(folder: Path) -> Path:
    from PIL import Image

    (folder / "photos").mkdir()
    for name in ("kitchen.jpg", "hall.jpg"):
        Image.new("RGB", (320, 240), "tan").save(folder / "photos" / name, "JPEG")
    return folder


def test_readme_journey_sync_and_async(env: dict[str, str], tmp_path: Path) -> None:
    sync, async_ = quickstart_blocks()[:2]
    out = run(sync, env, cwd=photos_in(tmp_path))
    assert re.search(r"processed 2 images", out) and "enhanced/kitchen.jpg image/jpeg" in out, out
    out = run(async_, env, cwd=tmp_path)
    assert "'enhanced/hall.png'" in out and "'enhanced/kitchen.png'" in out, out


def test_readme_quickstart(env: dict[str, str]) -> None:
    out = run(next(block for block in quickstart_blocks() if "orders.create(" in block), env)
    assert "OrderStatus.PROCESSED" in out or "processed" in out


def test_enhance_folder_example(env: dict[str, str], tmp_path: Path) -> None:
    out = run(ROOT / "examples" / "enhance_folder.py", env)
    assert re.search(r"order \S+: processed, 3 image\(s\)", out), out
    assert len(re.findall(r"wrote .*\.jpg \(image/jpeg, \d+ bytes\)", out)) == 3, out
    photos_in(tmp_path)
    code = f"import runpy, sys; sys.argv = ['x', {str(tmp_path / 'photos')!r}, {str(tmp_path / 'out')!r}]; "
    out = run(code + "runpy.run_path('examples/enhance_folder.py', run_name='__main__')", env)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["hall.jpg", "kitchen.jpg"], out


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
