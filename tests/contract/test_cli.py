"""``autoenhance-contract`` itself: what it hands the pytest it starts, and how it stops it."""

from __future__ import annotations

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
