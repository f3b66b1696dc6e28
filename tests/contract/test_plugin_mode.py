"""The suite under a service's own pytest: ``pytest --pyargs autoenhance_contract --autoenhance-...``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from autoenhance_mock import MockServer

from tests.contract.suite import FAST

A = "plugin-key-a"

SERVICE_CONFTEST = """
def pytest_addoption(parser):
    parser.addoption("--base-url", help="the service's own option, as pytest-base-url has it")
"""


def pytest_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOENHANCE_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_runs_from_a_service_repository_beside_its_own_options(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(SERVICE_CONFTEST)
    (tmp_path / "test_service.py").write_text(
        "def test_service(request):\n    assert request.config.getoption('--base-url') is None\n"
    )
    with MockServer(api_keys=[A], timings=FAST) as server:
        proc = pytest_in(
            tmp_path,
            *("--pyargs", "autoenhance_contract", "--autoenhance-base-url", server.url, "--autoenhance-api-key", A),
            *("--autoenhance-max-examples", "2", "--autoenhance-walk-orders", "3"),
        )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "schemathesis cases:" in proc.stdout and " passed" in proc.stdout
    assert A not in proc.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["conftest.py", "test_service.py"]  # no .hypothesis


def test_inert_in_the_services_own_runs(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(SERVICE_CONFTEST)
    (tmp_path / "test_service.py").write_text("def test_service():\n    pass\n")
    proc = pytest_in(tmp_path, "test_service.py")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[contract]" not in proc.stdout and "contract summary" not in proc.stdout


def test_a_wrong_key_under_pytest_exits_with_the_suites_code(tmp_path: Path) -> None:
    with MockServer(api_keys=[A], timings=FAST) as server:
        proc = pytest_in(
            tmp_path,
            "--pyargs",
            "autoenhance_contract",
            "--autoenhance-base-url",
            server.url,
            "--autoenhance-api-key",
            "x",
        )
    assert proc.returncode == 4, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "refused the key" in proc.stdout + proc.stderr


def test_a_misspelt_operation_is_one_usage_error(tmp_path: Path) -> None:
    proc = pytest_in(tmp_path, "--pyargs", "autoenhance_contract", "--autoenhance-include", "create_ordr")
    assert proc.returncode == 4, proc.stdout[-2000:] + proc.stderr[-2000:]  # pytest's usage error
    assert "unknown operation(s) create_ordr" in proc.stderr and "Traceback" not in proc.stdout + proc.stderr
