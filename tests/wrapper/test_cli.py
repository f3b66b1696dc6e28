"""``autoenhance enhance``: the command for people, run in process against the mock fixture.

The mock processes on its own clock (seconds of it); the clients the command builds get a
``sleep`` that moves that clock forward instead of sleeping, and a ``clock`` that the same sleeps
move, so every wait ends at its next poll (or at its --timeout) and no real time decides an
outcome. The fixture serves on a socket: downloads to disk need a streamed answer, which the
in-process transport does not give (it builds responses already read).
"""

from __future__ import annotations

import functools
import io
import os
import re
import runpy
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from autoenhance_mock import AutoenhanceMock, MockServer, Timings
from autoenhance_sdk import Autoenhance, _cli, _cli_args
from autoenhance_sdk._cli import main
from autoenhance_sdk._cli_summary import shell_words, shown
from autoenhance_sdk._progress import Progress
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
    """Hooks run at each sleep of the command's clients; then the sleep moves the mock's clock and
    the clients' (``now``) forward instead of sleeping. A hook may move ``now`` further."""

    now = 0.0  # the clients' clock: epoch seconds (as Retry-After dates need) from the fixture's start


@pytest.fixture
def steer(autoenhance_mock: AutoenhanceMock, monkeypatch: pytest.MonkeyPatch) -> Steer:
    hooks = Steer()
    hooks.now = time.time()

    def sleep(seconds: float) -> None:
        for hook in hooks:
            hook(seconds)
        autoenhance_mock.advance(seconds)
        hooks.now += seconds

    monkeypatch.setattr(_cli, "Autoenhance", functools.partial(Autoenhance, sleep=sleep, clock=lambda: hooks.now))
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
    command = shlex.split(line.split("): ", 1)[1])
    assert command[:2] == ["autoenhance", "enhance"] and "--order-id" in command
    return command[1:]


def early_line(err: str) -> str:
    """The order's line printed before anything is sent (what a kill -9 leaves on screen)."""
    first = err.splitlines()[0]
    assert re.fullmatch(r"Order: (\S+) \(resume with --order-id \1\)", first), first
    return first


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
    assert err == early_line(err) + "\n" and "2 processed" in out  # the order's line, then nothing
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
    assert (
        "Failed: 2" in err and len([line for line in err.splitlines() if line.startswith("  ") and "402" in line]) == 2
    )
    assert "garden.jpg (" in err and "kitchen.jpg (" in err and "To resume" in err


@pytest.mark.parametrize(
    ("given", "extra", "message"),
    [
        ("empty", [], "No photos found"),
        ("missing.jpg", [], "no such file or directory"),
        ("notes.txt", [], "not a photo"),
        ("in", ["--brackets-per-image", "2"], "argument --brackets-per-image: groups HDR brackets, give it with --hdr"),
        ("in", ["--hdr", "--brackets-per-image", "10"], "argument --brackets-per-image: must be a whole number from 1"),
        ("in", ["--concurrency", "0"], "argument --concurrency: must be a whole number from 1 to 64, got '0'"),
        ("in", ["--concurrency", "many"], "argument --concurrency: must be a whole number from 1 to 64, got 'many'"),
        ("in", ["--retries", "-1"], "argument --retries: must be a whole number, 0 or more, got '-1'"),
        ("in", ["--timeout", "0"], "argument --timeout: must be a positive number of seconds, got '0'"),
        ("in", ["--poll-interval", "nan"], "argument --poll-interval: must be a positive number of seconds"),
        ("in", ["--order-id", "a/b"], "argument --order-id: the order id must not contain '/'"),
        ("in", ["--order-id", ""], "argument --order-id: the order id must be 1 to 128 characters long"),
        ("in", ["--name", "x" * 256], "argument --name: the name must be 0 to 255 characters long, got 256"),
        ("in", ["--base-url", "ftp://example.com"], "The base URL from --base-url must be an http(s) URL"),
    ],
    ids=lambda value: value if isinstance(value, str) else "-".join(value)[:30],
)
def test_bad_photos_and_options_exit_2_naming_the_option(
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
    assert message in err and "To resume" not in err and "Order:" not in err
    for sdk_name in ("hdr=True", "max_retries", "brackets_per_image", "poll_interval", "order_id", "base_url="):
        assert sdk_name not in err  # the command's options, never the SDK's parameters
    assert autoenhance_mock.orders() == []


def test_files_of_the_same_name_are_refused_in_the_commands_words(
    autoenhance_mock: AutoenhanceMock, tmp_path: Path, capsys: Any
) -> None:
    first, second = photo(tmp_path / "a" / "porch.jpg"), photo(tmp_path / "b" / "porch.jpg")
    code, _, err = run(capsys, "enhance", first, second, "--out", tmp_path / "out")
    assert code == 2 and "autoenhance: error: several files are named 'porch.jpg'" in err
    assert "orders.enhance" not in err and autoenhance_mock.orders() == []


def test_sdk_parameter_names_in_messages_become_the_options() -> None:
    assert (
        _cli_args._flags("max_retries must be a whole number >= 0, got -1.")
        == "--retries must be a whole number >= 0, got -1."
    )
    assert _cli_args._flags("brackets_per_image groups HDR brackets: give it with hdr=True.") == (
        "--brackets-per-image groups HDR brackets: give it with --hdr."
    )
    # only whole names: not inside other words or dotted names
    assert _cli_args._flags("my_order_id and x.concurrency stay") == "my_order_id and x.concurrency stay"


def test_missing_key_exits_3_and_says_how_to_set_it(
    autoenhance_mock: AutoenhanceMock, monkeypatch: pytest.MonkeyPatch, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    monkeypatch.delenv("AUTOENHANCE_API_KEY")
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out")
    assert code == 3 and out == ""
    assert "export AUTOENHANCE_API_KEY=" in err and "Order:" not in err
    assert autoenhance_mock.requests() == []


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        (" sk-SECRET-98765 ", "has spaces or a line break around it"),
        ("sk-SECRET-98765\n", "has spaces or a line break around it"),
        ("sk-SECRET\x1b98765", "holds spaces, control or non-ASCII characters"),
    ],
    ids=["spaces", "newline", "control"],
)
def test_a_malformed_key_exits_3_says_how_to_fix_it_and_is_never_printed(
    autoenhance_mock: AutoenhanceMock,
    monkeypatch: pytest.MonkeyPatch,
    photos: list[Path],
    tmp_path: Path,
    capsys: Any,
    key: str,
    problem: str,
) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_KEY", key)
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out")
    assert code == 3 and out == ""
    assert f"The API key from AUTOENHANCE_API_KEY {problem}" in err and "export AUTOENHANCE_API_KEY=<your key>" in err
    assert "SECRET" not in err and "98765" not in err and "Order:" not in err
    assert autoenhance_mock.requests() == []


def test_a_refused_key_exits_3_and_is_never_printed(
    autoenhance_mock: AutoenhanceMock, monkeypatch: pytest.MonkeyPatch, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    monkeypatch.setenv("AUTOENHANCE_API_KEY", "sk-wrong-SECRET-98765")
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out")
    assert code == 3 and "401" in err and "export AUTOENHANCE_API_KEY=<your key>" in err
    assert "SECRET-98765" not in out + err and "To resume" not in err


def test_an_unreachable_api_exits_3_quickly_with_nothing_to_resume(
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
    assert "No order was made: run the same command again" in err and "To resume" not in err
    assert time.monotonic() - started < 10


def test_a_connection_lost_on_the_orders_creation_prints_the_resume(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    autoenhance_mock.fault("drop", operation="create_order")  # the order is made, its answer lost
    code, _, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--retries", "0")
    assert code == 3 and "To resume" in err and "No order was made" not in err
    autoenhance_mock.clear_faults()
    code, out, err = run(capsys, *resume_args(err))
    assert code == 0, err
    assert "2 processed" in out and len(autoenhance_mock.orders()) == 1


def test_a_connection_lost_after_uploads_began_prints_the_resume(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    def cut_off(_: float) -> None:  # at the wait's first poll: the order exists, its photos sent
        if not steer.now > started:  # once
            autoenhance_mock.fault("drop", operation="retrieve_order")

    started = steer.now
    steer.append(cut_off)
    args = ["enhance", *photos, "--out", tmp_path / "out", "--timeout", "1", "--poll-interval", "0.25", "--no-progress"]
    code, _, err = run(capsys, *args)
    assert code == 3 and "RemoteProtocolError" in err  # every poll cut off, until the deadline
    assert "To resume" in err and "No order was made" not in err


def test_an_api_error_exits_3_with_the_order_to_resume(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    autoenhance_mock.fault("status", status=500, operation="create_order")
    code, _, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--retries", "0")
    assert code == 3 and "500" in err and "To resume" in err


def test_a_failed_upload_is_named_and_a_resume_sends_only_it(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    autoenhance_mock.fault("status", status=503, operation="upload", count=1)
    args = ["enhance", *photos, "--out", tmp_path / "out", "--concurrency", "1", "--retries", "0"]
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert "Failed: 1" in err and "  kitchen.jpg: " in err and "503" in err  # the first one sent
    assert "for good" not in err and "left out" not in err
    assert not (tmp_path / "out").exists()
    resume = resume_args(err)
    assert resume[-2:] == [str(p) for p in photos] and "--retries" in resume and "--concurrency" in resume
    code, out, err = run(capsys, *resume)
    assert code == 0, err
    assert "2 processed, 0 failed" in out
    assert len(autoenhance_mock.requests("create_image")) == 3  # two, then the failed one again


def test_a_file_the_storage_refuses_for_good_is_left_out_of_the_resume(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    big = photo(tmp_path / "in" / "big.jpg")
    big.write_bytes(big.read_bytes() + b"\0" * 4000)
    autoenhance_mock.settings(upload_max_bytes=3000)  # the small photos fit, not big.jpg
    code, out, err = run(capsys, "enhance", *photos, big, "--out", tmp_path / "out", "--no-progress")
    assert code == 1 and out == ""
    assert "  big.jpg: " in err and "EntityTooLarge" in err
    assert "The storage refused big.jpg for good: sent again, it would be refused again. Leave it out" in err
    resume = resume_args(err)
    assert "big.jpg left out)" in err and str(big) not in resume and resume[-2:] == [str(p) for p in photos]
    code, out, err = run(capsys, *resume)
    assert code == 0, err
    assert "2 processed, 0 failed (from 2 photo file(s))" in out
    assert len(autoenhance_mock.requests("create_image")) == 3  # big.jpg was not sent again


def test_a_refused_file_from_a_folder_is_to_be_moved_out_and_a_refused_lone_file_leaves_nothing(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    big = photo(tmp_path / "in" / "big.jpg")
    big.write_bytes(big.read_bytes() + b"\0" * 4000)
    autoenhance_mock.settings(upload_max_bytes=3000)
    code, _, err = run(capsys, "enhance", tmp_path / "in", "--out", tmp_path / "out", "--no-progress")
    assert code == 1 and "big.jpg left out: first move big.jpg out of its folder)" in err
    assert resume_args(err)[-1] == str(tmp_path / "in")
    code, _, err = run(capsys, "enhance", big, "--out", tmp_path / "out", "--no-progress")
    assert code == 1 and "Leave it out" in err and "Nothing else is left to send." in err and "To resume" not in err


def test_a_failed_image_is_named_with_its_reason_and_not_offered_to_a_useless_resume(
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
    failure = next(line for line in err.splitlines() if line.startswith("  garden.jpg"))
    assert "too dark to enhance" in failure
    assert "The API failed to enhance garden.jpg (" in err and "A run again does not retry an image that failed" in err
    assert "in a new order (without --order-id)" in err and "Order: " in err and "To resume" not in err


def test_a_failed_image_beside_a_retryable_failure_still_gets_the_resume(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    def fail_garden(_: float) -> None:
        for image in autoenhance_mock.orders()[0]["images"]:
            if image["image_name"] == "garden.jpg" and image["status"] != "error":
                autoenhance_mock.fail_image(image["image_id"])

    steer.append(fail_garden)
    autoenhance_mock.set_credits(0)  # kitchen.jpg: 402, retried once there are credits
    code, _, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--full-size", "--no-progress")
    assert code == 1 and "402" in err and "The API failed to enhance garden.jpg" in err
    assert "To resume (what is done is skipped; images the API failed are not retried): " in err


def test_a_timeout_exits_4_and_the_resume_drops_a_short_timeout_and_finishes(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    # processing takes 3 s of the mock's clock; the clients' clock reaches --timeout 1 first
    args = ["enhance", *photos, "--out", tmp_path / "out", "--timeout", "1", "--poll-interval", "0.25"]
    code, out, err = run(capsys, *args)
    assert code == 4 and out == ""
    assert "did not finish within 1 s" in err and "waits up to 1800 s (the default --timeout)" in err
    (order,) = autoenhance_mock.orders()
    assert f"Order: {order['order_id']}" in err
    resume = resume_args(err)
    assert "--timeout" not in resume and resume[3:5] == ["--poll-interval", "0.25"]
    out_dir, order_id = str(tmp_path / "out"), order["order_id"]
    assert resume == ["enhance", "--out", out_dir, "--poll-interval", "0.25", "--order-id", order_id, *map(str, photos)]
    code, out, err = run(capsys, *resume)
    assert code == 0, err
    assert "2 processed" in out and len(autoenhance_mock.requests("create_image")) == 2


def test_a_timeout_as_long_as_the_default_is_kept_in_the_resume(
    autoenhance_mock: AutoenhanceMock, steer: Steer, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    def much_later(_: float) -> None:
        steer.now += 4000  # the clients' clock only: processing is still going on

    steer.append(much_later)
    code, _, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--timeout", "3600", "--no-progress")
    assert code == 4 and "did not finish within 3600 s; it goes on at the API." in err
    assert "the default --timeout" not in err and resume_args(err)[3:5] == ["--timeout", "3600.0"]


def test_ctrl_c_exits_130_with_the_order_to_resume(
    autoenhance_mock: AutoenhanceMock,
    steer: Steer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    steer.append(interrupt)
    monkeypatch.chdir(tmp_path)
    photo(tmp_path / "-dash.jpg")  # a name that reads as an option: after "--"
    code, out, err = run(capsys, "enhance", "--out", "out", "--order-id", "my-order-1", "--", "-dash.jpg")
    assert code == 130 and out == ""
    assert early_line(err) == "Order: my-order-1 (resume with --order-id my-order-1)"
    assert "Interrupted." in err and "\nOrder: my-order-1\n" in err
    assert resume_args(err) == ["enhance", "--out", "out", "--order-id", "my-order-1", "--", "-dash.jpg"]


@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_sigterm_and_sighup_stop_as_ctrl_c_does_and_the_handlers_are_put_back(
    autoenhance_mock: AutoenhanceMock,
    steer: Steer,
    photos: list[Path],
    tmp_path: Path,
    capsys: Any,
    name: str,
    code: int,
) -> None:
    number = signal.Signals[name]
    before = signal.getsignal(number)

    def kill(_: float) -> None:
        os.kill(os.getpid(), number)  # handled in this (the main) thread, at once

    steer.append(kill)
    exit_code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--no-progress")
    assert exit_code == code and out == ""
    (order,) = autoenhance_mock.orders()
    assert early_line(err) == f"Order: {order['order_id']} (resume with --order-id {order['order_id']})"
    assert f"Interrupted ({name}).\nOrder: {order['order_id']}\nTo resume" in err
    assert signal.getsignal(number) is before


def test_a_second_signal_acts_as_before_the_run() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with _cli._Signals() as signals:
        assert signal.getsignal(signal.SIGTERM) == signals._raise
        with pytest.raises(_cli._Signalled) as info:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)  # pragma: no cover - the handler raises before
        assert info.value.signal is signal.SIGTERM
        assert signal.getsignal(signal.SIGTERM) is before  # the next one ends the process as it would have
    assert signal.getsignal(signal.SIGTERM) is before


def test_handlers_set_outside_python_are_put_back_as_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[signal.Signals, object]] = []
    monkeypatch.setattr(signal, "signal", lambda number, handler: calls.append((number, handler)))
    monkeypatch.setattr(signal, "getsignal", lambda number: None)
    with _cli._Signals() as signals:
        signals._before = {signal.SIGTERM: None}  # what signal.signal returns for a handler set in C
    assert calls[-1] == (signal.SIGTERM, signal.SIG_DFL)


def test_main_in_another_thread_leaves_the_signals_alone(tmp_path: Path, capsys: Any) -> None:
    before = signal.getsignal(signal.SIGTERM)
    codes: list[int] = []
    thread = threading.Thread(target=lambda: codes.append(main(["enhance", str(tmp_path / "no.jpg"), "--out", "o"])))
    thread.start()
    thread.join()
    assert codes == [2] and "no such file or directory" in capsys.readouterr().err
    assert signal.getsignal(signal.SIGTERM) is before


class FakeTerminal(io.StringIO):
    """stderr as a terminal: the SDK's progress=True draws a (rich) bar on it."""

    def isatty(self) -> bool:
        return True


def test_ctrl_c_stops_the_bar_before_the_last_messages(
    autoenhance_mock: AutoenhanceMock,
    steer: Steer,
    photos: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    from rich import progress as rich_progress

    made: list[Any] = []

    class Recorded(rich_progress.Progress):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, p=None: None if n == "tqdm" else real_find_spec(n, p))
    monkeypatch.setattr(rich_progress, "Progress", Recorded)
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)

    def interrupt(_: float) -> None:  # at the first poll of the wait: its bar is drawing
        assert [bar.live.is_started for bar in made] == [False, True]
        raise KeyboardInterrupt

    steer.append(interrupt)
    assert main(["enhance", *map(str, photos), "--out", str(tmp_path / "out")]) == 130
    assert [bar.live.is_started for bar in made] == [False, False]  # stopped: nothing redraws it
    drawn = terminal.getvalue()
    assert drawn.index("wait") < drawn.index("Interrupted.")
    assert drawn.endswith("\n") and "\x1b" not in drawn[drawn.index("Interrupted.") :]


def test_the_progress_closes_the_sdks_bar_and_then_draws_nothing() -> None:
    class Draw:  # the SDK's bars: drawn on events, closed by close()
        def __init__(self) -> None:
            self.calls, self.events = list[str](), list[Progress]()

        def __call__(self, event: Progress) -> None:
            self.events.append(event)

        def close(self) -> None:
            self.calls.append("close")

    progress = _cli._Progress(draw=False)
    progress(Progress("upload", None, 0, 1))
    assert progress.seen
    draw = Draw()
    progress._draw = draw
    progress(Progress("upload", "a\x1b[2Jb.jpg", 1, 1, ValueError("refused \x1b[2J")))
    (event,) = draw.events
    assert event.name == "a\\x1b[2Jb.jpg" and str(event.error) == "refused \\x1b[2J"
    progress.stop()
    assert draw.calls == ["close"]
    progress(Progress("upload", "c.jpg", 1, 1))
    assert len(draw.events) == 1  # drawn no more
    progress.stop()  # twice: nothing to stop


def test_control_characters_in_names_are_escaped_everywhere(
    autoenhance_mock: AutoenhanceMock, steer: Steer, tmp_path: Path, capsys: Any
) -> None:
    name = "kit\x1b[31mchen\nx.jpg"
    out_dir = tmp_path / "out\x1b[0m"
    autoenhance_mock.fault("status", status=503, operation="upload", count=1)
    code, out, err = run(capsys, "enhance", photo(tmp_path / name), "--out", out_dir, "--retries", "0")
    assert code == 1 and "\x1b" not in err and "Failed: 1" in err
    assert "  kit\\x1b[31mchen\\nx.jpg: " in err and "upload: 1/1 kit\\x1b[31mchen\\nx.jpg FAILED" in err
    line = next(line for line in err.splitlines() if line.startswith("To resume"))
    assert "$'" in line and "\\x1b[31mchen\\x0ax.jpg'" in line  # bash's quoting: copied, it gives the name back
    code, out, err = run(capsys, "enhance", tmp_path / name, "--out", out_dir, "--order-id", resume_order_id(line))
    assert code == 0, err
    assert "\x1b" not in out + err and f"written to {tmp_path}/out\\x1b[0m" in out


def resume_order_id(line: str) -> str:
    return line.split("--order-id ", 1)[1].split(" ", 1)[0]


def test_an_order_id_with_control_characters_is_refused_shown_escaped(
    autoenhance_mock: AutoenhanceMock, photos: list[Path], tmp_path: Path, capsys: Any
) -> None:
    code, out, err = run(capsys, "enhance", *photos, "--out", tmp_path / "out", "--order-id", "\x1b[31mRED")
    assert code == 2 and out == "" and "\x1b" not in err
    assert "argument --order-id: the order id must be printable text, without control characters" in err
    assert "'\\x1b[31mRED'" in err and autoenhance_mock.orders() == []
    code, _, err = run(capsys, "enhance", tmp_path / "missing\x1b.jpg", "--out", tmp_path / "out")
    assert code == 2 and "missing\\x1b.jpg: no such file or directory" in err and "\x1b" not in err
    code, _, err = run(capsys, "enhance", tmp_path / "none\x1b", "--out", tmp_path / "o", "--unknown\x07")
    assert code == 2 and "unrecognized arguments: --unknown\\x07" in err and "\x07" not in err


def test_shown_escapes_control_characters_and_keeps_printable_unicode() -> None:
    assert shown("Café 東京 ok") == "Café 東京 ok"
    assert shown("a\x1b[31mb\nc\td\u200be\udcff") == "a\\x1b[31mb\\nc\\td\\u200be\\udcff"
    assert shown(ValueError("x\ry")) == "x\\ry"


@pytest.mark.parametrize(
    "word",
    [
        "plain.jpg",
        "it's here.jpg",
        "a\x1b[31mb",
        "new\nline",
        "back\\slash\x07'q",
        "zw\u200bj",
        "tag\U000e0001",
        "é\x01",
    ],
)
def test_shell_words_give_the_same_words_back_in_bash(word: str) -> None:
    bash = shutil.which("bash")
    if bash is None:  # pragma: no cover - every CI image here has bash
        pytest.skip("no bash")
    printed = subprocess.run([bash, "-c", f"printf %s {shell_words([word])}"], capture_output=True, check=True)
    assert printed.stdout == word.encode()
    assert "\n" not in shell_words([word]) and shell_words([word]).isprintable()


def test_shell_words_give_an_undecodable_file_names_bytes_back() -> None:
    word = os.fsdecode(b"caf\xe9.jpg")  # a Latin-1 name on a UTF-8 system: a surrogate in Python
    assert shell_words([word]) == "$'caf\\xe9.jpg'"


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


def test_the_installed_command_killed_with_sigterm_says_how_to_resume(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("autoenhance")
    photo(tmp_path / "in" / "porch.jpg")
    with MockServer(api_keys=["sk-cli-SECRET-4242"], timings=Timings(600, 600)) as server:  # never done in time
        env = {**os.environ, "AUTOENHANCE_API_KEY": "sk-cli-SECRET-4242", "AUTOENHANCE_BASE_URL": server.url}
        args = [str(script), "enhance", "in", "--out", "out", "--poll-interval", "0.05"]
        with subprocess.Popen(args, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True) as proc:
            assert proc.stderr is not None
            first = proc.stderr.readline()  # printed before anything is sent: the handlers are set
            order_id = first.split()[1]
            assert first == f"Order: {order_id} (resume with --order-id {order_id})\n"
            proc.send_signal(signal.SIGTERM)
            _, rest = proc.communicate(timeout=60)
    assert proc.returncode == 143, rest
    assert f"Interrupted (SIGTERM).\nOrder: {order_id}\nTo resume (what is done is skipped): autoenhance " in rest
    assert resume_args(rest)[-3:] == ["--order-id", order_id, "in"] and "SECRET" not in rest
