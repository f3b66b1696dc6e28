"""Build each distribution and try it as a user would: alone, in a fresh venv, outside the repository.

    python scripts/smoke_wheels.py             # sdk, mock, contract: build, install, smoke
    python scripts/smoke_wheels.py --lowest    # also the sdk and mock at their lowest requirements

For each of ``wrapper/`` (autoenhance-sdk), ``mock/`` (autoenhance-mock) and ``contract_tests/``
(autoenhance-contract) it builds the sdist and the wheel from that sdist (so both are
self-contained), checks what the wheel holds, installs the wheel with only what it declares
(siblings from the wheels just built, never an index) into a new venv with no pip cache, and runs
its smoke test from a temporary directory: import, ``--help`` of its commands, calls against a
mock. A module that an installable imports but does not declare fails here. It also runs the
example service's tests (examples/listing_service) in the mock's venv, as a user's repository
would, and prints the client install's package count and size.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"sdk": ROOT / "wrapper", "mock": ROOT / "mock", "contract": ROOT / "contract_tests"}
# Nothing of the test or server stack may come with the client.
NOT_IN_CLIENT = {
    "pytest",
    "hypothesis",
    "schemathesis",
    "uvicorn",
    "httptools",
    "starlette",
    "openapi-core",
    "jsonschema-rs",
}
# The lowest versions the distributions declare; --lowest installs exactly these.
LOWEST = [
    "httpx==0.27.0",
    "attrs==23.1.0",
    "httpx-aiohttp==0.1.8",
    "aiohttp==3.11.0",
    "uvicorn==0.30.0",
    "httptools==0.6.0",
    "jsonschema-rs==0.29.0",
    "pyyaml==6.0.1",
    "pillow==10.1.0",
]

SDK_SMOKE = """
import asyncio, sys
import autoenhance_sdk
from autoenhance_sdk import AsyncAutoenhance, Autoenhance
assert "aiohttp" not in sys.modules, "import autoenhance_sdk loaded aiohttp"
with Autoenhance(base_url=sys.argv[1], api_key=sys.argv[2]) as client:
    order = client.orders.create(name="smoke")
    assert client.orders.retrieve(order.order_id).name == "smoke"

async def main():
    async with AsyncAutoenhance(base_url=sys.argv[1], api_key=sys.argv[2]) as client:
        assert (await client.orders.retrieve(order.order_id)).order_id == order.order_id
    assert "aiohttp" in sys.modules

asyncio.run(main())
print("autoenhance_sdk", autoenhance_sdk.__version__, "ok")
"""

MOCK_SMOKE = """
import subprocess, sys, re
from importlib.metadata import entry_points
assert any(ep.value == "autoenhance_mock.pytest_plugin" for ep in entry_points(group="pytest11")), "no pytest11 plugin"
import autoenhance_mock
import httptools  # uvicorn's C parser, what the command and MockServer serve with, comes with the mock
from autoenhance_sdk import Autoenhance
proc = subprocess.Popen([sys.argv[1], "--port", "0", "--api-key", "smoke-key"], stderr=subprocess.PIPE, text=True)
try:
    line = proc.stderr.readline()
    url = re.search(r"http://[0-9.]+:[0-9]+", line).group(0)
    with Autoenhance(base_url=url, api_key="smoke-key") as client:
        assert client.orders.create(name="smoke").name == "smoke"
finally:
    proc.terminate()
    proc.wait(10)
print("autoenhance_mock", autoenhance_mock.__version__, "ok")
"""


# Nothing of the development environment may leak into a smoke venv.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}


def run(cmd: list[str], *, cwd: Path | None = None) -> str:
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(
            f"smoke: failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout[-4000:]}{proc.stderr[-4000:]}"
        )
    return proc.stdout


def build(dist: Path) -> dict[str, Path]:
    wheels = {}
    for name, folder in FOLDERS.items():
        before = set(dist.glob("*.whl"))
        run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(folder)])
        (wheel,) = set(dist.glob("*.whl")) - before
        wheels[name] = wheel
    return wheels


def check_contents(wheels: dict[str, Path]) -> None:
    tops = {name: {n.split("/")[0] for n in zipfile.ZipFile(w).namelist()} for name, w in wheels.items()}
    expect = {
        "sdk": {"autoenhance_sdk", "autoenhance_api"},
        "mock": {"autoenhance_mock"},
        "contract": {"autoenhance_contract"},
    }
    for name, packages in expect.items():
        found = {t for t in tops[name] if not t.endswith(".dist-info")}
        if found != packages:
            raise SystemExit(f"smoke: the {name} wheel holds {sorted(found)}, expected {sorted(packages)}")
    with zipfile.ZipFile(wheels["mock"]) as wheel:
        if wheel.read("autoenhance_mock/openapi.yaml") != (ROOT / "spec" / "openapi.yaml").read_bytes():
            raise SystemExit("smoke: the mock wheel's openapi.yaml differs from spec/openapi.yaml")
    with zipfile.ZipFile(wheels["sdk"]) as wheel:
        for typed in ("autoenhance_sdk/py.typed", "autoenhance_api/py.typed"):
            wheel.getinfo(typed)


def venv(where: Path, requirements: list[str], constraints: tuple[str, ...] = ()) -> Path:
    run([sys.executable, "-m", "venv", str(where)])
    python = where / "bin" / "python"
    if not requirements:
        return python
    extra: list[str] = []
    if constraints:
        (where / "constraints.txt").write_text("\n".join(constraints) + "\n")
        extra = ["-c", str(where / "constraints.txt")]
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-cache-dir"]
    run([*pip, *extra, *requirements])
    return python


def site_mb(python: Path) -> float:
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())
    return sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 2**20


def packages(python: Path) -> set[str]:
    out = run([str(python), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"])
    return {re.split(r"[=@ ]", line)[0].lower().replace("_", "-") for line in out.splitlines() if line}


def smoke_sdk(python: Path, work: Path, mock_url: str, key: str, *, alone: bool = True) -> None:
    found = packages(python) & NOT_IN_CLIENT
    if alone and found:
        raise SystemExit(f"smoke: installing the client brought {sorted(found)}")
    run([str(python.parent / "autoenhance"), "enhance", "--help"], cwd=work)  # the console script
    print(run([str(python), "-c", SDK_SMOKE, mock_url, key], cwd=work).strip())


def smoke_mock(python: Path, work: Path) -> None:
    bin_dir = python.parent
    run([str(bin_dir / "autoenhance-mock"), "--help"], cwd=work)
    print(run([str(python), "-c", MOCK_SMOKE, str(bin_dir / "autoenhance-mock")], cwd=work).strip())
    # The example service, as its own repository runs its tests: installed, pytest from its folder.
    service = work / "listing_service"
    shutil.copytree(ROOT / "examples" / "listing_service", service, ignore=shutil.ignore_patterns("__pycache__"))
    run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-cache-dir",
            "-e",
            f"{service}[test]",
        ]
    )
    out = run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=service)
    print("example service:", out.strip().splitlines()[-1])


def smoke_contract(python: Path, work: Path) -> None:
    bin_dir = python.parent
    run([str(bin_dir / "autoenhance-contract"), "--help"], cwd=work)
    out = run(
        [str(bin_dir / "autoenhance-contract"), "--max-examples", "2", "--walk-orders", "3", "--seed", "1"], cwd=work
    )
    print("autoenhance-contract against its bundled mock:", out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lowest", action="store_true", help="also smoke the sdk and mock at their lowest requirements"
    )
    args = parser.parse_args(argv)
    from autoenhance_mock import MockServer  # the dev install's mock serves the client's smoke calls

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="autoenhance-smoke-") as tmp, MockServer(api_keys=["smoke-key"]) as server:
        base = Path(tmp)
        dist = base / "dist"
        wheels = build(dist)
        check_contents(wheels)
        print("built:", ", ".join(w.name for w in wheels.values()))
        empty = venv(base / "empty", [])
        sdk = venv(base / "sdk", [str(wheels["sdk"])])
        added = len(packages(sdk) - packages(empty))
        print(f"client install: {added} packages, +{site_mb(sdk) - site_mb(empty):.1f} MB")
        (base / "w-sdk").mkdir()
        smoke_sdk(sdk, base / "w-sdk", server.url, "smoke-key")
        mock = venv(base / "mock", [str(wheels["sdk"]), str(wheels["mock"])])
        (base / "w-mock").mkdir()
        smoke_mock(mock, base / "w-mock")
        contract = venv(base / "contract", [str(w) for w in wheels.values()])
        (base / "w-contract").mkdir()
        smoke_contract(contract, base / "w-contract")
        if args.lowest:
            low = venv(base / "low", [str(wheels["sdk"]), str(wheels["mock"])], tuple(LOWEST))
            (base / "w-low").mkdir()
            smoke_sdk(low, base / "w-low", server.url, "smoke-key", alone=False)
            smoke_mock(low, base / "w-low")
            print("lowest requirements:", ", ".join(LOWEST), "ok")
    print(f"smoke: every distribution installs alone and works ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
