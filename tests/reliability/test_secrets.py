"""With logging at debug, across every error path, the key never shows: not in a log line, a repr,
an exception message, a URL, nor the mock's request log (which shows a fingerprint instead)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import autoenhance_sdk as sdk
import httpx
import pytest
from autoenhance_mock import MockServer, fingerprint
from autoenhance_sdk import _logging

from tests.reliability.rawserver import RawServer, reset, response

KEY = "sk-live-VERY-SECRET-0042"


@pytest.fixture
def debug_logging(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    logger = logging.getLogger("autoenhance_sdk")
    saved = (logger.level, list(logger.handlers))
    _logging.reset_for_tests()
    monkeypatch.setenv("AUTOENHANCE_LOG", "debug")
    yield
    logger.setLevel(saved[0])
    logger.handlers[:] = saved[1]
    _logging.reset_for_tests()


def test_no_error_path_reveals_the_key(debug_logging: None, caplog: pytest.LogCaptureFixture) -> None:
    shown: list[str] = []

    def attempt(client: sdk.Autoenhance, call: str) -> None:
        shown.append(repr(client))
        try:
            if call == "create":
                client.orders.create(name=f"name holding {KEY}")
            elif call == "list":
                client.orders.list_page()
            else:
                client.orders.retrieve("o-1")
        except sdk.AutoenhanceError as exc:
            shown.extend([str(exc), repr(exc), str(getattr(exc, "body", "")), str(exc.args)])
            if isinstance(exc, sdk.APIError) and exc.request is not None:
                shown.append(str(exc.request.url))

    stop = threading.Event()
    echo = response(401, f'{{"message": "bad key {KEY}", "detail": {{"x-api-key": "{KEY}"}}}}'.encode())
    behaviours = {
        "echoing 401": lambda conn, head, n: conn.sendall(echo),
        "html with the key": lambda conn, head, n: conn.sendall(response(200, KEY.encode(), ctype="text/html")),
        "reset": lambda conn, head, n: reset(conn),
        "hang": lambda conn, head, n: stop.wait(5),
        "520": lambda conn, head, n: conn.sendall(response(520, KEY.encode(), ctype="text/plain")),
    }
    with caplog.at_level(logging.DEBUG, logger="autoenhance_sdk"), MockServer(api_keys=[KEY]) as mock:
        for _name, behave in behaviours.items():
            with RawServer(behave) as raw:  # type: ignore[arg-type]
                with sdk.Autoenhance(
                    api_key=KEY, base_url=raw.url, timeout=0.3, max_retries=1, sleep=lambda s: None
                ) as c:
                    for call in ("create", "retrieve", "list"):
                        attempt(c, call)
        stop.set()
        with sdk.Autoenhance(api_key=KEY, base_url=mock.url) as c:
            c.orders.create(name="ordinary")
            httpx.post(f"{mock.url}/__mock__/faults", json={"kind": "status", "status": 503})
            attempt(c, "list")
        with sdk.Autoenhance(api_key="another-" + KEY, base_url=mock.url) as wrong:
            attempt(wrong, "list")
        mock_log = httpx.get(f"{mock.url}/__mock__/requests").text
    text = "\n".join(shown) + caplog.text
    assert "[redacted]" in text, "the scrubber was exercised"
    assert len(caplog.records) > 20
    assert KEY not in text
    assert KEY not in mock_log
    assert fingerprint(KEY) in mock_log


def test_the_mock_logs_a_fingerprint_not_the_key(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="autoenhance_mock"), MockServer(api_keys=[KEY]) as mock:
        httpx.get(f"{mock.url}/v3/orders/", headers={"x-api-key": KEY})
        httpx.get(f"{mock.url}/v3/orders/", headers={"x-api-key": "wrong-" + KEY})
    assert KEY not in caplog.text and fingerprint(KEY) in caplog.text
