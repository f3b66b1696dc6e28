"""`autoenhance-mock` starts from the command line, takes its keys and faults, logs each request."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from autoenhance_mock import create_app, spec_path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(*args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    cmd = [sys.executable, "-m", "autoenhance_mock", "--port", str(port), *args]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{url}/__mock__/health", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "the mock did not start"
                time.sleep(0.05)  # polling for readiness only; no outcome depends on it
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stderr:
            proc.stderr.close()


def test_default_key_works_out_of_the_box() -> None:
    with running() as (url, _):
        assert httpx.get(f"{url}/v3/orders/", headers={"x-api-key": "mock-api-key"}).status_code == 200


def test_keys_from_arguments_and_environment() -> None:
    with running("--api-key", "one", "--api-key", "two") as (url, _):
        assert httpx.get(f"{url}/v3/orders/", headers={"x-api-key": "two"}).status_code == 200
        assert httpx.get(f"{url}/v3/orders/", headers={"x-api-key": "mock-api-key"}).status_code == 401
    with running(env={"AUTOENHANCE_MOCK_API_KEYS": "env-a, env-b"}) as (url, _):
        assert httpx.get(f"{url}/v3/orders/", headers={"x-api-key": "env-b"}).status_code == 200


def test_start_up_fault_and_one_log_line_per_request() -> None:
    with running("--fault", "kind=status,status=503,count=1", "--api-key", "k") as (url, proc):
        assert httpx.get(f"{url}/v3/orders/", headers={"x-api-key": "k"}).status_code == 503
        assert httpx.get(f"{url}/v3/orders/", headers={"x-api-key": "k"}).status_code == 200
        proc.terminate()
        proc.wait(10)
        assert proc.stderr is not None
        err = proc.stderr.read()
    lines = [line for line in err.splitlines() if "GET /v3/orders/" in line]
    assert len(lines) == 2 and "-> 503" in lines[0] and "-> 200" in lines[1]
    assert "k" not in lines[1].split("key=")[1], "the key is shown only as a fingerprint"


def _raw_get(url: str, path: str) -> bytes:
    """Everything the server sends for one GET on a fresh connection, up to its close."""
    host, port = url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        head = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nx-api-key: mock-api-key\r\nConnection: close\r\n"
        conn.sendall(f"{head}\r\n".encode())
        received = b""
        while chunk := conn.recv(65536):  # a timeout here means the server left the connection open
            received += chunk
    return received


def test_drop_and_truncate_faults_cut_the_commands_connections() -> None:
    """The command's server closes the connection as each fault says, and nothing else does."""
    drop, cut = "kind=drop,count=1,operation=list_orders", "kind=truncate,count=1,operation=retrieve_order"
    with running("--fault", drop, "--fault", cut) as (url, _):
        assert _raw_get(url, "/v3/orders/") == b"", "a drop closes without a byte of answer"
        head, _, body = _raw_get(url, "/v3/orders/nope").partition(b"\r\n\r\n")
        announced = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        assert head.startswith(b"HTTP/1.1 404 ") and announced > 1 and len(body) == announced // 2
        assert b"\r\n\r\n" in _raw_get(url, "/v3/orders/"), "each fault was used up; the next answers whole"
        with pytest.raises(httpx.RemoteProtocolError):  # and a client sees what it sees of a cut connection
            httpx.post(f"{url}/__mock__/faults", json={"kind": "drop", "count": 1}).raise_for_status()
            httpx.get(f"{url}/v3/orders/", headers={"x-api-key": "mock-api-key"})


def test_bad_fault_option_exits_2_with_a_message() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "autoenhance_mock", "--fault", "kind=boom"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert "kind must be one of" in proc.stderr


def test_fault_option_names_the_storage_operations() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "autoenhance_mock", "--fault", "kind=latency,latency_ms=50,operation=uploads"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert "or upload or asset for the storage URLs" in proc.stderr and "upload)" in proc.stderr


def test_port_0_logs_the_real_port_and_bad_options_exit_2() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "autoenhance_mock", "--port", "0"], stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        port = int(line.rsplit(":", 1)[1].split()[0])
        assert port > 0 and f"http://127.0.0.1:{port}" in line
        assert httpx.get(f"http://127.0.0.1:{port}/__mock__/health", timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stderr:
            proc.stderr.close()
    bad = subprocess.run(
        [sys.executable, "-m", "autoenhance_mock", "--log-level", "loud"], capture_output=True, text=True
    )
    assert bad.returncode == 2 and "--log-level" in bad.stderr
    with running() as (url, _):
        taken = int(url.rsplit(":", 1)[1])
        busy = subprocess.run(
            [sys.executable, "-m", "autoenhance_mock", "--port", str(taken)], capture_output=True, text=True, timeout=30
        )
    assert busy.returncode == 2 and "cannot listen" in busy.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_ctrl_c_and_sigterm_stop_quietly(sig: signal.Signals) -> None:
    """SIGTERM is what docker stop and Popen.terminate send: the same graceful stop, exit 0."""
    with running() as (url, proc):
        httpx.get(f"{url}/__mock__/health", timeout=5)
        proc.send_signal(sig)
        assert proc.wait(10) == 0
        errors = proc.stderr.read() if proc.stderr else ""
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors, errors
    assert "stopped" in errors


def test_credits_and_redirect_options_reach_the_settings() -> None:
    with running("--credits", "7", "--redirect-downloads") as (url, _):
        settings = httpx.get(f"{url}/__mock__/settings").json()
    assert settings["credits"] == 7 and settings["redirect_downloads"] is True
    with running() as (url, _):
        settings = httpx.get(f"{url}/__mock__/settings").json()
    assert settings["credits"] == 100 and settings["redirect_downloads"] is False


def test_out_of_range_options_exit_2_naming_the_option() -> None:
    for args, says in [
        (("--port", "99999"), "--port: a port from 0 to 65535"),
        (("--grouping-seconds", "-3"), "--grouping-seconds: a number of seconds, 0 or more"),
        (("--enhance-seconds", "inf"), "--enhance-seconds: a number of seconds, 0 or more"),
        (("--credits", "-1"), "--credits: a whole number of credits, 0 or more"),
        (("--credits", "1.5"), "--credits: a whole number of credits, 0 or more"),
    ]:
        proc = subprocess.run([sys.executable, "-m", "autoenhance_mock", *args], capture_output=True, text=True)
        assert proc.returncode == 2 and says in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_spec_option_serves_that_file(tmp_path: Path) -> None:
    text = spec_path().read_text(encoding="utf-8").replace("\ninfo:\n", "\ninfo:\n  x-copy: true\n", 1)
    copy = tmp_path / "openapi.yaml"
    copy.write_text(text, encoding="utf-8")
    with running("--spec", str(copy)) as (url, _):
        assert httpx.get(f"{url}/__mock__/openapi.json").json()["info"]["x-copy"] is True
        assert httpx.get(f"{url}/v3/orders/", headers={"x-api-key": "mock-api-key"}).status_code == 200


UNSENDABLE = ["k a", " lead", "trail ", "new\nline", "cr\r", "tab\tx", "bell\x07", "caf\u00e9", ""]
"""Keys no client can send as an x-api-key header as they are; each is tried with SECRET appended."""


def _refused(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "autoenhance_mock", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize("bad", UNSENDABLE, ids=repr)
def test_a_key_no_client_can_send_is_refused_naming_the_option(bad: str) -> None:
    proc = _refused(["--api-key", "fine", "--api-key", bad + "SECRET" if bad else ""])
    assert proc.returncode == 2, proc.stderr
    assert "argument --api-key: the key given " in proc.stderr and "Traceback" not in proc.stderr
    assert "SECRET" not in proc.stderr + proc.stdout


@pytest.mark.parametrize(
    "bad",
    ["k aSECRET", "SECRET\n", "SECRET\r", "\tSECRET", "new\nSECRET", "bell\x07SECRET", "caf\u00e9SECRET"],
    ids=repr,
)
def test_a_key_no_client_can_send_is_refused_naming_the_variable(bad: str) -> None:
    """Spaces beside a comma separate keys; any other whitespace (a tab, an env file's line break) is refused."""
    proc = _refused([], env={"AUTOENHANCE_MOCK_API_KEYS": f"fine, {bad}"})
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("autoenhance-mock: $AUTOENHANCE_MOCK_API_KEYS: key 2 of 2 ")
    assert "SECRET" not in proc.stderr + proc.stdout and "Traceback" not in proc.stderr


@pytest.mark.parametrize("bad", [*UNSENDABLE, "nul\x00"], ids=repr)
def test_the_app_refuses_such_keys_too(bad: str) -> None:
    with pytest.raises(ValueError, match=r"^api_keys: key 2 of 2 (is empty|has )") as caught:
        create_app(api_keys=["fine", bad + "SECRET" if bad else ""])
    assert "SECRET" not in str(caught.value)


def test_keys_in_the_variable_may_have_spaces_beside_the_commas() -> None:
    with running(env={"AUTOENHANCE_MOCK_API_KEYS": "  env-a ,env-b  ,, "}) as (url, _):
        for key in ("env-a", "env-b"):
            assert httpx.get(f"{url}/v3/orders/", headers={"x-api-key": key}).status_code == 200


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stop_right_after_the_first_line_is_quiet_too(sig: signal.Signals) -> None:
    """A supervisor waits for the line naming the port, then may stop the mock at once."""
    cmd = [sys.executable, "-m", "autoenhance_mock", "--port", "0"]
    with subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stderr is not None
        assert "serving" in proc.stderr.readline()
        proc.send_signal(sig)
        assert proc.wait(10) == 0
        errors = proc.stderr.read()
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors and "stopped" in errors, errors


def test_an_ipv6_host_is_named_in_a_url_that_works() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    cmd = [sys.executable, "-m", "autoenhance_mock", "--host", "[::1]", "--port", "0"]
    with subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        if "cannot listen" in line:
            pytest.skip("no IPv6 loopback here")
        try:
            url = re.search(r"http://\[::1\]:[0-9]+", line).group(0)  # type: ignore[union-attr]
            assert httpx.get(f"{url}/__mock__/health", timeout=5).status_code == 200
        finally:
            proc.terminate()
            proc.wait(10)
