"""``autoenhance enhance``: the command for people, run in process against the mock fixture.

The mock processes on its own clock (seconds of it); the clients the command builds get a
``sleep`` that moves that clock forward instead of sleeping, so every wait ends at its next poll
and no real time decides an outcome. The fixture serves on a socket: downloads to disk need a
streamed answer, which the in-process transport does not give (it builds responses already read).
"""

from __future__ import annotations

import functools
import os
import runpy
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from autoenhance_mock import AutoenhanceMock, MockServer, Timings
from autoenhance_sdk import Autoenhance, _cli
from autoenhance_sdk._cli import main
from PIL import Image

Hook = Callable[[float], None]


def photo(path: Path, color: str = "red") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (48, 32), color).save(path, format="JPEG")
    return path


@pytest.fixture
def photos(tmp_path: Path) -> list[Path]:
    return [photo(tmp_path / "in" / "kitchen.jpg"), photo(tmp_path / "in" / "garden.jpg", "green")]


class Steer(list[Hook]):
    """Hooks run at each sleep of the command's clients; then, unless ``real``, the sleep moves the
    mock's clock forward instead of sleeping."""

    real = False


@pytest.fixture
def steer(autoenhance_mock: AutoenhanceMock, monkeypatch: pytest.MonkeyPatch) -> Steer:
    hooks = Steer()

    def sleep(seconds: float) -> None:
        for hook in hooks:
            hook(seconds)
        if hooks.real:
            time.sleep(seconds)
        else:
            autoenhance_mock.advance(seconds)

    monkeypatch.setattr(_cli, "Autoenhance", functools.partial(Autoenhance, sleep=sleep))
    return hooks


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def image_names(mock: AutoenhanceMock) -> list[str]:
    return sorted(image["image_name"] for order in mock.orders() for image in order["images"])


def resume_args(err: str) -> list[str]:
    line = next(line for line in err.splitlines() if line.startswith("To resume"))
    command = shlex.split(line.split(": ", 1)[1])
    assert command[:2] == ["autoenhance", "enhance"] and "--order-id" in command
    return command[1:]


def test_help_documents_exit_codes_credits_and_the_key(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "enhance", "--help")
    assert code == 0
    for text in ("SPENDS ONE CREDIT", "AUTOENHANCE_API_KEY", "no --api-key option", "130", "4 ", "dng", "raf"):
        assert text in out
    assert run(capsys, "--help")[0] == 0


@pytest.mark.parametrize(
    "args",
    [[], ["enhance"], ["enhance", "a.jpg"], ["enhance", "a.jpg", "--out", "o", "--api-key", "secret-key"]],
    ids=["no-command", "no-photos", "no-out", "api-key-refused"],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and "usage:" in err and "secret-key" not in err


def test_enhance_writes_previews_and_a_summary(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    credits = autoenhance_mock.credits()
    out_dir = tmp_path / "out" / "new"
    code, out, err = run(capsys, "enhance", *photos, "--out", out_dir, "--name", "12 Elm St")
    assert code == 0, err
    assert sorted(p.name for p in out_dir.iterdir()) == ["garden.jpg", "kitchen.jpg"]
    (order,) = autoenhance_mock.orders()
    assert order["name"] == "12 Elm St" and image_names(autoenhance_mock) == ["garden.jpg", "kitchen.jpg"]
    assert f"Order:   {order['order_id']}" in out
    assert "2 processed, 0 failed (from 2 photo file(s))" in out
    assert f"2 preview file(s) written to {out_dir}" in out and "none spent (previews are free)" in out
    assert "Time:" in out and "upload: 2/2" in err and "download: 2/2" in err  # progress lines (no terminal)
    assert autoenhance_mock.credits() == credits
    assert autoenhance_mock.api_key not in out + err


def test_a_directory_gives_its_photos_sorted_and_each_file_once(
    autoenhance_mock: AutoenhanceMock, steer: Steer, tmp_path: Path, capsys: Any
) -> None:
    folder = tmp_path / "shoot"
    photo(folder / "b.JPEG")
    photo(folder / "a.jpg")
    (folder / "notes.txt").write_text("not a photo")
    photo(folder / "sub" / "c.jpg")  # subdirectories are not read
    code, out, err = run(capsys, "enhance", folder, folder / "a.jpg", "--out", tmp_path / "out", "--no-progress")
    assert code == 0, err
    assert err == "" and "2 processed" in out
    assert image_names(autoenhance_mock) == ["a.jpg", "b.JPEG"]
    assert [r["operation"] for r in autoenhance_mock.requests("create_image")] == ["create_image"] * 2


def test_hdr_groups_brackets_into_images(
    autoenhance_mock: AutoenhanceMock, steer: Steer, tmp_path: Path, capsys: Any
) -> None:
    brackets = [photo(tmp_path / "hdr" / f"room-{i}.jpg", color) for i, color in enumerate(("gray", "white", "black"))]
    code, out, err = run(
        capsys, "enhance", *brackets, "--out", tmp_path / "out", "--hdr", "--brackets-per-image", "3", "--no-progress"
    )
    assert code == 0, err
    assert "1 processed, 0 failed (from 3 photo file(s))" in out and "1 preview file(s)" in out
    assert len(list((tmp_path / "out").iterdir())) == 1
    assert len(autoenhance_mock.requests("create_image")) == 0


def test_full_size_spends_credits_once(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    credits = autoenhance_mock.credits()
    args = ["enhance", *photos, "--out", tmp_path / "out", "--full-size", "--format", "png", "--no-progress"]
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert autoenhance_mock.credits() == credits - 2
    assert "2 full-size file(s)" in out and "Credits: 2 spent" in out
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["garden.png", "kitchen.png"]
    (order,) = autoenhance_mock.orders()
    code, out, err = run(capsys, *args, "--order-id", order["order_id"])  # downloaded before: free
    assert code == 0, err
    assert autoenhance_mock.credits() == credits - 2 and "Credits: 0 spent" in out
    assert len(autoenhance_mock.requests("create_image")) == 2  # the second run uploaded nothing


def test_dev_mode_spends_no_credit(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    credits = autoenhance_mock.credits()
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--full-size", "--dev-mode")
    assert code == 0, err
    assert autoenhance_mock.credits() == credits and "none spent (--dev-mode)" in out


def test_full_size_without_credits_names_each_image_refused(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    autoenhance_mock.set_credits(0)
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--full-size", "--no-progress")
    assert code == 1
    assert "2 processed, 0 failed" in out and "0 full-size file(s)" in out and "Credits: 0 spent" in out
    assert "Failed: 2" in err and len([line for line in err.splitlines() if "402" in line]) == 2
    assert "garden.jpg (" in err and "kitchen.jpg (" in err and "To resume" in err


@pytest.mark.parametrize(
    ("given", "extra", "message"),
    [
        ("empty", [], "No photos found"),
        ("missing.jpg", [], "no such file or directory"),
        ("notes.txt", [], "not a photo"),
        ("in", ["--brackets-per-image", "2"], "hdr"),
        ("in", ["--concurrency", "0"], "concurrency"),
    ],
)
def test_bad_photos_and_options_exit_2(
    autoenhance_mock: AutoenhanceMock,
    photos: list[Path],
    tmp_path: Path,
    capsys: Any,
    given: str,
    extra: list[str],
    message: str,
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("text")
    code, out, err = run(capsys, "enhance", tmp_path / given, "--out", tmp_path / "out", *extra)
    assert code == 2 and out == ""
    assert message in err and "To resume" not in err
    assert autoenhance_mock.orders() == []


def test_missing_key_exits_3_and_says_how_to_set_it(
    autoenhance_mock: AutoenhanceMock, monkeypatch: pytest.MonkeyPatch, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    monkeypatch.delenv("AUTOENHANCE_API_KEY")
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out")
    assert code == 3 and out == ""
    assert "export AUTOENHANCE_API_KEY=" in err


def test_a_refused_key_exits_3_and_is_never_printed(
    autoenhance_mock: AutoenhanceMock, monkeypatch: pytest.MonkeyPatch, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_KEY", "sk-wrong-SECRET-98765")
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out")
    assert code == 3 and "401" in err and "AUTOENHANCE_API_KEY" in err
    assert "SECRET-98765" not in out + err


def test_an_unreachable_api_exits_3_quickly(
    monkeypatch: pytest.MonkeyPatch, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("AUTOENHANCE_API_KEY", "sk-test-SECRET-1234")
    started = time.monotonic()
    code, out, err = run(
        capsys,
        "enhance",
        *photos,
        "--out",
        tmp_path / "out",
        "--base-url",
        f"http://127.0.0.1:{port}",
        "--retries",
        "0",
    )
    assert code == 3 and out == "" and "Connect" in err and "SECRET" not in err
    assert time.monotonic() - started < 10


def test_an_api_error_exits_3_with_the_order_to_resume(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    autoenhance_mock.fault("status", status=500, operation="create_order")
    code, _, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--retries", "0")
    assert code == 3 and "500" in err and "To resume" in err


def test_a_failed_upload_is_named_and_a_resume_sends_only_it(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    autoenhance_mock.fault("status", status=403, operation="upload", count=1)
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--concurrency", "1")
    assert code == 1 and out == ""
    assert "Failed: 1" in err and "  kitchen.jpg: " in err and "403" in err  # the first one sent
    assert not (tmp_path / "out").exists()
    code, out, err = run(capsys, *resume_args(err))
    assert code == 0, err
    assert "2 processed, 0 failed" in out
    assert len(autoenhance_mock.requests("create_image")) == 3  # two, then the failed one again


def test_a_failed_image_is_named_with_its_reason_and_the_others_written(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    def fail_garden(_: float) -> None:
        for image in autoenhance_mock.orders()[0]["images"]:
            if image["image_name"] == "garden.jpg" and image["status"] != "error":
                autoenhance_mock.fail_image(image["image_id"], "too dark to enhance")

    steer.append(fail_garden)
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--no-progress")
    assert code == 1
    assert "1 processed, 1 failed" in out and "1 preview file(s)" in out
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["kitchen.jpg"]
    failure = next(line for line in err.splitlines() if "garden.jpg" in line)
    assert "too dark to enhance" in failure and "Order: " in err and "To resume" in err


def test_a_timeout_exits_4_and_the_resume_finishes_without_uploading_again(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    steer.real = True  # real sleeps: processing takes seconds of the mock's clock, the wait 0.05 s
    args = ["enhance", *photos, "--out", tmp_path / "out", "--timeout", "0.05", "--poll-interval", "0.01"]
    code, out, err = run(capsys, *args)
    assert code == 4 and out == ""
    assert "did not finish within 0.05 s" in err
    (order,) = autoenhance_mock.orders()
    assert f"Order: {order['order_id']}" in err
    steer.real = False
    resume = resume_args(err)
    assert resume == [str(a) for a in [*args, "--order-id", order["order_id"]]]
    code, out, err = run(capsys, *args[:-4], "--order-id", order["order_id"])  # no --timeout this time
    assert code == 0, err
    assert "2 processed" in out and len(autoenhance_mock.requests("create_image")) == 2


def test_ctrl_c_exits_130_with_the_order_to_resume(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    steer.append(interrupt)
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--order-id", "my-order-1")
    assert code == 130 and out == ""
    assert "Interrupted." in err and "Order: my-order-1" in err
    assert resume_args(err).count("--order-id") == 1  # given: the same command resumes


def test_python_m_runs_the_command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["__main__.py", "enhance", "--help"])
    with pytest.raises(SystemExit) as exited:
        runpy.run_module("autoenhance_sdk", run_name="__main__")
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("usage: python -m autoenhance_sdk enhance")


def test_the_installed_console_script_end_to_end(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("autoenhance")
    assert script.exists(), "pip install -e ./wrapper installs the autoenhance command"
    photo(tmp_path / "in" / "porch.jpg")
    with MockServer(api_keys=["sk-cli-SECRET-4242"], timings=Timings(0.05, 0.1)) as server:
        env = {**os.environ, "AUTOENHANCE_API_KEY": "sk-cli-SECRET-4242", "AUTOENHANCE_BASE_URL": server.url}
        args = [str(script), "enhance", "in", "--out", "out", "--poll-interval", "0.05"]
        proc = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "1 processed, 0 failed" in proc.stdout and "written to out" in proc.stdout
    assert (tmp_path / "out" / "porch.jpg").stat().st_size > 0
    assert "SECRET" not in proc.stdout + proc.stderr
