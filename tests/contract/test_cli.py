"""``autoenhance-contract`` itself: what it hands the pytest it starts, and how it stops it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

import pytest
from autoenhance_contract import _cli


class _Child:
    """A pytest that passes at once; keeps what it was started with."""

    started: ClassVar[list[tuple[list[str], dict[str, str]]]] = []

    def __init__(self, argv: list[str], env: dict[str, str], **_: Any) -> None:
        self.started.append((argv, env))
        self.pid = 0

    def wait(self, timeout: float | None = None) -> int:
        return 0


@pytest.fixture
def child(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str]]]:
    started: ClassVar[list[tuple[list[str], dict[str, str]]]] = []
    monkeypatch.setattr(_Child, "started", started)
    monkeypatch.setattr(_cli.subprocess, "Popen", _Child)
    monkeypatch.setattr(_cli, "check_target", lambda *args: 1)
    for variable in ("AUTOENHANCE_API_KEY", "AUTOENHANCE_API_KEY_2", "AUTOENHANCE_API_VERSION"):
        monkeypatch.delenv(variable, raising=False)
    return started


def test_an_explicit_key_is_not_on_the_childs_command_line_and_wins(
    child: list[tuple[list[str], dict[str, str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_KEY", "from-the-environment")
    monkeypatch.setenv("AUTOENHANCE_API_KEY_2", "second-from-the-environment")
    assert _cli.main(["--base-url", "http://127.0.0.1:9", "--api-key", "Sekr3t-k1"]) == 0
    [(argv, env)] = child
    assert not any("Sekr3t" in arg or "environment" in arg for arg in argv), argv
    assert not any(arg.startswith("--autoenhance-api-key") for arg in argv), argv
    assert env["AUTOENHANCE_API_KEY"] == "Sekr3t-k1"  # the explicit key, not the caller's variable
    assert env["AUTOENHANCE_API_KEY_2"] == "second-from-the-environment"  # given only by the environment


def test_a_key_from_the_environment_only_stays_off_the_command_line(
    child: list[tuple[list[str], dict[str, str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_KEY", "Sekr3t-env")
    assert _cli.main(["--base-url", "http://127.0.0.1:9"]) == 0
    [(argv, env)] = child
    assert not any("Sekr3t" in arg for arg in argv), argv
    assert env["AUTOENHANCE_API_KEY"] == "Sekr3t-env" and "AUTOENHANCE_API_KEY_2" not in env


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_stops_the_pytest_child_and_removes_the_temporary_directory(
    signum: signal.Signals, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOENHANCE_")}
    cli = subprocess.Popen(
        [sys.executable, "-m", "autoenhance_contract", "--max-examples", "500", "--walk-orders", "50"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not (children := _children(cli.pid)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert children, "the command started no pytest"
        [child] = children
        environ = dict(
            item.split("=", 1) for item in Path(f"/proc/{child}/environ").read_text().split("\0") if "=" in item
        )
        home = Path(environ["HYPOTHESIS_STORAGE_DIRECTORY"])
        assert home.name.startswith("autoenhance-contract-") and home.is_dir()
        time.sleep(4)  # pytest is running the tests by now
        cli.send_signal(signum)
        out, _ = cli.communicate(timeout=60)
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.wait()
    assert cli.returncode == 2, out.decode()[-2000:]
    assert not _alive(child), "the pytest child was orphaned"
    assert not home.exists()


def test_the_callers_api_version_is_not_passed_on(
    child: list[tuple[list[str], dict[str, str]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_VERSION", "2024-01-01")
    assert _cli.main(["--base-url", "http://127.0.0.1:9", "--api-key", "k"]) == 0
    [(_, env)] = child
    assert "AUTOENHANCE_API_VERSION" not in env
