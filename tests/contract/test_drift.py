"""The contract suite catches drift: run it against broken variants of the mock, expect it to fail
and to name the problem. (The clean mock passing is the main job in scripts/test.)"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from autoenhance_contract._options import operations
from autoenhance_mock import MockServer, create_app

from tests.contract import drift
from tests.contract.suite import FAST

A, B = "drift-key-a", "drift-key-b"

KINDS: dict[str, tuple[Callable[[Any], drift.Drift], list[str]]] = {
    "wrong status code": (
        lambda app: drift.Drift(app, drift.status(201, "/v3/orders", "POST")),
        ["[status_code_conformance]", "POST /v3/orders/"],
    ),
    "undocumented status": (
        lambda app: drift.Drift(app, drift.status(418, "/brackets", "GET")),
        ["[status_code_conformance]", "GET /v3/orders/{order_id}/brackets"],
    ),
    "renamed field": (
        lambda app: drift.Drift(app, drift.on_json(drift.renamed_field)),
        # the schemathesis check, and the suite's SDK clients, which read strictly
        ["[response_schema_conformance]", '"name" is a required property', "'name' is missing or null"],
    ),
    "wrong format": (
        lambda app: drift.Drift(app, drift.on_json(drift.wrong_format)),
        ["[response_schema_conformance]", "date-time"],
    ),
    "wrong type": (
        lambda app: drift.Drift(app, drift.on_json(drift.wrong_type)),
        ["[response_schema_conformance]", 'is not of type "integer"'],
    ),
    "auth not enforced": (
        lambda app: drift.Drift(app, request=drift.auth_not_enforced(A)),
        ["[ignored_auth]", "GET /v3/orders/"],
    ),
    "one key sees another's orders": (
        lambda app: drift.Drift(app, request=drift.shared_accounts(A, B)),
        ["tenancy: another key reached this key's order through orders.retrieve"],
    ),
    "pagination repeats": (
        lambda app: drift.Drift(app, drift.on_json(drift.RepeatingPages())),
        ["pagination repeats"],
    ),
    "pagination skips": (
        lambda app: drift.Drift(app, drift.on_json(drift.skipping_pages)),
        ["pagination skipped"],
    ),
    "wrong content type": (
        lambda app: drift.Drift(app, drift.text_plain),
        ["[content_type_conformance]"],
    ),
}


# Every drift above is in the orders' answers: the runs check only the operations on orders (from
# the spec), which keeps each run short; images are checked by the main job and the live tests.
ORDERS_ONLY = [arg for op, _, path in operations() if path.startswith("/v3/orders") for arg in ("--include", op)]


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_suite_fails_and_names_the_drift(kind: str) -> None:
    make, expected = KINDS[kind]
    app = create_app(api_keys=[A, B], timings=FAST)
    with MockServer(app, asgi=make(app)) as server:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "autoenhance_contract",
                "--base-url",
                server.url,
                "--api-key",
                A,
                "--api-key-2",
                B,
                "--max-examples",
                "5",
                "--walk-orders",
                "40",
                "--seed",
                "1",
                *ORDERS_ONLY,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"the suite passed despite {kind}:\n{out[-3000:]}"
    for needle in expected:
        assert needle in out, f"{kind}: {needle!r} not named in the output:\n{out[-5000:]}"
