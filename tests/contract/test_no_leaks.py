"""A failing run, at its most talkative, shows the key nowhere: terminal, JUnit, files it writes."""

from __future__ import annotations

import re
from pathlib import Path

from autoenhance_mock import MockServer, create_app

from tests.contract import drift
from tests.contract.suite import FAST, run_suite

KEY, KEY_2 = "Sekr3t-Leak-Key-7f", "Other-Leak-Key-9c"


def test_a_failing_run_shows_no_key_anywhere(tmp_path: Path) -> None:
    app = create_app(api_keys=[KEY, KEY_2], timings=FAST)
    broken = drift.Drift(app, drift.on_json(drift.renamed_field))  # fails schemathesis and the SDK tests
    with MockServer(app, asgi=broken) as server:
        run = run_suite(
            tmp_path / "cwd",
            *("--base-url", server.url, "--api-key", KEY, "--api-key-2", KEY_2, "--max-examples", "3"),
            *("--walk-orders", "3", "--junit-xml", "report.xml"),
            *("--", "--tb=long", "--showlocals", "-vv", "-rA"),
        )
    assert run.code == 1, run.out[-3000:]
    assert "[response_schema_conformance]" in run.out  # it did fail, and said why
    produced = {"output": run.out, **{str(p): data.decode("utf-8", "replace") for p, data in run.files().items()}}
    assert any(name.endswith("report.xml") for name in produced)
    for where, text in produced.items():
        for key in (KEY, KEY_2):
            assert key not in text, f"the key appears in {where}"
    assert "[REDACTED]" in run.out or "$AUTOENHANCE_API_KEY" in run.out


def test_a_short_key_is_redacted_as_a_token_not_as_letters(tmp_path: Path) -> None:
    app = create_app(api_keys=["k", "q"], timings=FAST)
    with MockServer(app, asgi=drift.Drift(app, drift.status(201, "/v3/orders", "POST"))) as server:
        run = run_suite(
            tmp_path,
            *("--base-url", server.url, "--api-key", "k", "--max-examples", "3", "--walk-orders", "3"),
            *("--", "--showlocals"),
        )
    assert run.code == 1, run.out[-3000:]
    curls = [line for line in run.out.splitlines() if "reproduce: curl" in line]
    assert curls and all('"x-api-key: $AUTOENHANCE_API_KEY"' in line for line in curls), curls[:3]
    assert "x-api-$" not in run.out and "[REDACTED]ey" not in run.out
    assert not re.search(r"api_key='k'|'x-api-key': 'k'", run.out)
