"""--allow-credits: an account without credit is said in one line, and the cost line counts credits."""

from __future__ import annotations

from pathlib import Path

import pytest
from autoenhance_mock import MockServer, Settings, Timings

from tests.contract.suite import run_suite

JOURNEY = ("create_order", "create_image", "retrieve_order", "retrieve_image", "delete_order")
DOWNLOADS = ("download_enhanced_image", "download_original_image")


@pytest.mark.parametrize("credits", [0, 10])
def test_allow_credits_with_and_without_credit_left(credits: int, tmp_path: Path) -> None:
    server = MockServer(api_keys=["k1"], timings=Timings(0.2, 0.3), settings=Settings(credits=credits))
    with server:
        run = run_suite(
            tmp_path,
            *("--base-url", server.url, "--api-key", "k1", "--allow-credits"),
            *(arg for op in JOURNEY + DOWNLOADS for arg in ("--include", op)),
            *("--max-examples", "2", "--walk-orders", "2", "--", "-k", "test_photos_uploaded", "-rs"),
            timeout=300,
        )
    assert run.code == 0, run.out[-3000:]
    assert "PaymentRequiredError" not in run.out and "Traceback" not in run.out, run.out[-3000:]
    said = "the account has no credit left for a full-size download; --allow-credits spends 2 credit(s) per run"
    assert (said in run.out) is (credits == 0), run.out[-3000:]
    assert f", {0 if credits == 0 else 2} credit(s) spent" in run.out, run.out[-1000:]
