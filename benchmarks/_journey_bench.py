"""The photo journey, ours against the official SDK's documented way: a batch uploaded, then downloaded.

Both sides talk to one mock over loopback with its latency fault (``{"kind": "latency",
"latency_ms": 50}``, no operation: every request, the upload and asset URLs included once the mock
applies faults to its storage) standing in for a real network's round trip.

- Upload: ``files`` of random bytes (the mock stores what it cannot decode and renders a
  placeholder for it; the upload's cost does not depend on the bytes). Ours:
  ``client.orders.upload_images(order_id, paths)`` at its default concurrency. Official, as its
  README shows, one by one: ``create_image``, then ``requests.put(upload_url, data=<the whole
  file>, headers={"Content-Type": "application/octet-stream"})``. The mock is reset before each
  contender (it keeps every upload in memory, and its 30-per-hour name limit counts per name).
- Memory: the same upload in a fresh child process (``python _journey_bench.py memory ...``), so
  nothing the parent did counts. After the imports and the client's creation the child reads its
  resident set (VmRSS), resets the kernel's high-water mark to it (``/proc/self/clear_refs``, 5),
  uploads, and reports the high-water mark (VmHWM) minus that baseline: every byte the process
  held at its peak, C buffers, thread stacks and allocator slack included (tracemalloc would see
  only Python's allocations). Where the reset is refused, ``ru_maxrss`` stands in for VmHWM; it
  can only over-state the growth.
- Download: an order of ``count`` processed images made from a textured 1600x1200 JPEG, so each
  preview is a real 1024x768 JPEG of ordinary size (what users download, not the placeholder of an
  undecodable file). The mock answers downloads with a 302 to its signed asset URL, as the real
  API does. Ours: ``client.orders.download_all(order_id, folder)`` (previews, default
  concurrency). Official, one by one: ``retrieve_order`` for the ids, then
  ``download_enhanced_image(id=...)`` and the bytes written to a file. The warm-up round renders
  every preview, so the timed rounds measure the clients, not the mock's Pillow.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _servers import KEY  # noqa: E402

LATENCY_MS = 50.0
OCTET = {"Content-Type": "application/octet-stream"}


# -- the mock -------------------------------------------------------------------------------------


def _control(url: str, method: str, path: str, body: Any = None) -> Any:
    response = httpx.request(method, f"{url}/__mock__/{path}", json=body, timeout=60)
    response.raise_for_status()
    return response.json()


def fresh_order(url: str, name: str, latency_ms: float = LATENCY_MS) -> str:
    """Reset the mock (its memory, limits and faults), add the latency fault, return a new order's id."""
    _control(url, "POST", "reset")
    if latency_ms:
        _control(url, "POST", "faults", {"kind": "latency", "latency_ms": latency_ms})
    response = httpx.post(f"{url}/v3/orders/", json={"name": name}, headers={"x-api-key": KEY}, timeout=60)
    response.raise_for_status()
    return str(response.json()["order_id"])


def order_images(url: str, order_id: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{url}/v3/orders/{order_id}", headers={"x-api-key": KEY}, timeout=60)
    response.raise_for_status()
    return list(response.json()["images"])


def check_uploaded(url: str, order_id: str, paths: list[Path], who: str) -> None:
    images = order_images(url, order_id)
    names = sorted(i["image_name"] for i in images)
    waiting = [i["image_name"] for i in images if i["status"] == "waiting"]
    if names != sorted(p.name for p in paths) or waiting:
        raise RuntimeError(f"{who}: the order holds {len(images)} images, {len(waiting)} never uploaded")


def probe_latency(url: str) -> dict[str, float]:
    """One create_image and one small PUT, timed: whether the fault reaches the storage as well."""
    order_id = fresh_order(url, "probe")
    with httpx.Client(timeout=60) as http:
        started = time.perf_counter()
        created = http.post(
            f"{url}/v3/images/", json={"order_id": order_id, "image_name": "probe.bin"}, headers={"x-api-key": KEY}
        )
        create_ms = (time.perf_counter() - started) * 1000
        created.raise_for_status()
        started = time.perf_counter()
        http.put(created.json()["upload_url"], content=b"x" * 1024, headers=OCTET).raise_for_status()
        put_ms = (time.perf_counter() - started) * 1000
    return {"create_image_ms": create_ms, "upload_put_ms": put_ms}


# -- the files ------------------------------------------------------------------------------------


@contextmanager
def workdir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="autoenhance-journey-bench-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def random_files(folder: Path, count: int, size: int) -> list[Path]:
    """``count`` files of ``size`` random bytes, written once (1 MiB at a time)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"photo-{n:03d}.jpg"
        with path.open("wb") as out:
            left = size
            while left:
                chunk = min(left, 1 << 20)
                out.write(os.urandom(chunk))
                left -= chunk
        paths.append(path)
    return paths


def textured_jpeg(size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A photo-like JPEG: smoothed noise over a gradient, so it compresses as a photo does."""
    from PIL import Image, ImageFilter

    noise = [Image.effect_noise(size, 60).filter(ImageFilter.GaussianBlur(1.5)) for _ in range(3)]
    gradient = Image.linear_gradient("L").resize(size)
    bands = [Image.blend(n, gradient, 0.4) for n in noise]
    out = io.BytesIO()
    Image.merge("RGB", bands).save(out, "JPEG", quality=90)
    return out.getvalue()


# -- uploads --------------------------------------------------------------------------------------


def upload_official(url: str, order_id: str, paths: list[Path]) -> None:
    import autoenhance
    import requests

    client = autoenhance.Autoenhance(KEY, baseURL=url)
    for path in paths:
        created = client.create_image(image_name=path.name, order_id=order_id)
        response = requests.put(created.upload_url, data=path.read_bytes(), headers=OCTET, timeout=120)
        response.raise_for_status()


def upload_ours(url: str, order_id: str, paths: list[Path]) -> None:
    import autoenhance_sdk as sdk

    with sdk.Autoenhance(api_key=KEY, base_url=url) as client:
        client.orders.upload_images(order_id, paths)  # the order with its images; check_uploaded checks


UPLOADERS = {"ours": upload_ours, "official": upload_official}


def upload_round(url: str, paths: list[Path], ours_first: bool) -> dict[str, float]:
    """Seconds each side takes to upload ``paths`` into a new order, on a freshly reset mock."""
    out = {}
    for who in ("ours", "official") if ours_first else ("official", "ours"):
        order_id = fresh_order(url, f"upload {who}")
        started = time.perf_counter()
        UPLOADERS[who](url, order_id, paths)
        out[who] = time.perf_counter() - started
        check_uploaded(url, order_id, paths, who)
    return out


def upload_memory(url: str, paths: list[Path], who: str) -> dict[str, float]:
    """Peak memory growth (MB) of one side's upload, measured in a fresh child process."""
    order_id = fresh_order(url, f"memory {who}")
    listing = paths[0].parent / "files.json"
    listing.write_text(json.dumps([str(p) for p in paths]))
    proc = _run_child(["memory", "--who", who, "--url", url, "--order", order_id, "--files", str(listing)])
    check_uploaded(url, order_id, paths, who)
    return dict(json.loads(proc.splitlines()[-1]))


def _run_child(args: list[str]) -> str:
    import subprocess

    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True, timeout=900
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the memory child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc.stdout


def _status_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _child_memory(who: str, url: str, order_id: str, listing: Path) -> dict[str, Any]:
    """In the child: imports and client first, then the baseline, then the upload and its peak."""
    paths = [Path(p) for p in json.loads(listing.read_text())]
    if who == "ours":
        import autoenhance_sdk as sdk

        client = sdk.Autoenhance(api_key=KEY, base_url=url)

        def upload() -> None:
            client.orders.upload_images(order_id, paths)
    else:
        import autoenhance
        import requests

        official = autoenhance.Autoenhance(KEY, baseURL=url)

        def upload() -> None:
            for path in paths:
                created = official.create_image(image_name=path.name, order_id=order_id)
                requests.put(created.upload_url, data=path.read_bytes(), headers=OCTET, timeout=120).raise_for_status()

    baseline_kb = _status_kb("VmRSS")
    method = "VmHWM after clear_refs"
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        method = "ru_maxrss"
    if baseline_kb is None:
        method, baseline_kb = "ru_maxrss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    upload()
    seconds = time.perf_counter() - started
    hwm = _status_kb("VmHWM") if method != "ru_maxrss" else None
    peak_kb = hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "peak_mb": max(0, peak_kb - baseline_kb) / 1024,
        "baseline_mb": baseline_kb / 1024,
        "seconds": seconds,
        "method": method,
    }


# -- downloads ------------------------------------------------------------------------------------


def processed_order(url: str, count: int, photo: bytes) -> str:
    """A new order of ``count`` images uploaded (not timed) and processed, downloads redirected."""
    order_id = fresh_order(url, "downloads", latency_ms=0)
    _control(url, "POST", "settings", {"redirect_downloads": True})

    def one(n: int) -> None:
        with httpx.Client(timeout=60) as http:
            created = http.post(
                f"{url}/v3/images/",
                json={"order_id": order_id, "image_name": f"room-{n:03d}.jpg"},
                headers={"x-api-key": KEY},
            )
            created.raise_for_status()
            http.put(created.json()["upload_url"], content=photo, headers=OCTET).raise_for_status()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, range(count)))
    _control(url, "POST", "clock/advance", {"seconds": 60})
    images = order_images(url, order_id)
    if len(images) != count or any(i["status"] != "processed" for i in images):
        raise RuntimeError(f"the download order is not processed: {[i['status'] for i in images]}")
    _control(url, "POST", "faults", {"kind": "latency", "latency_ms": LATENCY_MS})
    return order_id


def download_official(url: str, order_id: str, folder: Path) -> int:
    import autoenhance

    client = autoenhance.Autoenhance(KEY, baseURL=url)
    written = 0
    for image in client.retrieve_order(id=order_id).images:
        data = client.download_enhanced_image(id=image.image_id)
        (folder / f"{image.image_id}.jpg").write_bytes(data)
        written += len(data)
    return written


def download_ours(url: str, order_id: str, folder: Path) -> int:
    import autoenhance_sdk as sdk

    with sdk.Autoenhance(api_key=KEY, base_url=url) as client:
        done = client.orders.download_all(order_id, folder)
    return sum(d.size for d in done)


DOWNLOADERS = {"ours": download_ours, "official": download_official}


def download_round(url: str, order_id: str, count: int, root: Path, ours_first: bool) -> dict[str, float]:
    """Seconds each side takes to download the order's previews into an empty folder."""
    out, sizes = {}, {}
    for who in ("ours", "official") if ours_first else ("official", "ours"):
        folder = root / who
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        started = time.perf_counter()
        sizes[who] = DOWNLOADERS[who](url, order_id, folder)
        out[who] = time.perf_counter() - started
        files = [p for p in folder.iterdir() if p.is_file()]
        if len(files) != count or sum(p.stat().st_size for p in files) != sizes[who]:
            raise RuntimeError(f"{who}: {len(files)} files on disk for {count} images")
    if sizes["ours"] != sizes["official"]:
        raise RuntimeError(f"the two sides wrote different bytes: {sizes}")
    out["mb"] = sizes["ours"] / 2**20
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the memory child of the journey benchmark")
    sub = parser.add_subparsers(dest="command", required=True)
    memory = sub.add_parser("memory")
    memory.add_argument("--who", choices=sorted(UPLOADERS), required=True)
    memory.add_argument("--url", required=True)
    memory.add_argument("--order", required=True)
    memory.add_argument("--files", type=Path, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(_child_memory(args.who, args.url, args.order, args.files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
