"""The journey checks each download that is selected, even when the other one is excluded."""

from __future__ import annotations

from pathlib import Path

import pytest
from autoenhance_mock import MockServer, Timings

from tests.contract.suite import operations_received, run_suite

JOURNEY = ("create_order", "create_image", "retrieve_order", "retrieve_image", "delete_order")


@pytest.mark.parametrize("download", ["download_enhanced_image", "download_original_image"])
def test_a_download_alone_is_still_checked_by_the_journey(download: str, tmp_path: Path) -> None:
    with MockServer(api_keys=["k1"], timings=Timings(0.2, 0.3)) as server:
        run = run_suite(
            tmp_path,
            *("--base-url", server.url, "--api-key", "k1"),
            *(arg for op in (*JOURNEY, download) for arg in ("--include", op)),
            *("--max-examples", "2", "--walk-orders", "2", "--", "-k", "test_journey"),
            timeout=300,
        )
        received = operations_received(server.url)
    assert run.code == 0, run.out[-3000:]
    assert "test_journey" in run.out and "passed" in run.out, run.out[-2000:]
    assert download in received, sorted(received)
