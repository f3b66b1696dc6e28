"""The suite against a running server, as users run it against a sandbox: the same verdict every
run on a server full of other orders, selection that really selects, a clear answer when the
target is wrong, and no key anywhere in what it produces."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from autoenhance_mock import MockServer, create_app
from autoenhance_sdk import Autoenhance

from tests.contract import drift
from tests.contract.suite import FAST, operations_received, run_suite, seed

A, B = "live-key-a", "live-key-b"
SMALL = ("--max-examples", "4", "--walk-orders", "5")


@pytest.fixture(scope="module")
def busy_server() -> Iterator[MockServer]:
    """A conforming server that already holds hundreds of orders of both accounts, some with the
    short ids a generator likes to produce."""
    with MockServer(api_keys=[A, B], timings=FAST) as server:
        short = ["0", "00", "a", "A", "-", "_", "0a", "contract", "x" * 128]
        for key, tag in ((A, "a"), (B, "b")):  # the same short ids in both: ids are per account
            seed(server.url, key, [{"order_id": f"user-{tag}-{n}", "name": f"order {n}"} for n in range(300)])
            seed(server.url, key, [{"order_id": i, "name": f"user {i}"} for i in short])
        yield server


@pytest.mark.parametrize("seed_args", [("--seed", "1"), ("--seed", "1"), ("--seed", "7"), ()], ids=str)
def test_same_verdict_on_a_busy_server(busy_server: MockServer, tmp_path: Path, seed_args: tuple[str, ...]) -> None:
    run = run_suite(tmp_path, "--base-url", busy_server.url, "--api-key", A, "--api-key-2", B, *SMALL, *seed_args)
    assert run.code == 0, run.out[-4000:]
    assert "FlakyStrategyDefinition" not in run.out
    assert run.files() == {}, "the run wrote into its working directory (hypothesis database?)"
    assert "clean-up: deleted" in run.out and " 0 left on the server" in run.out
    for key in (A, B):  # the accounts' own orders: none changed, processed or deleted by the run
        with Autoenhance(api_key=key, base_url=busy_server.url) as client:
            theirs = {o.order_id: o for o in client.orders.list() if not o.order_id.startswith("contract-")}
        assert len(theirs) == 300 + 9, sorted(theirs)[:5]
        changed = [i for i, o in theirs.items() if o.name not in (f"order {i.rsplit('-', 1)[-1]}", f"user {i}")]
        started = [i for i, o in theirs.items() if o.status != "waiting" or o.is_processing or o.is_merging]
        assert not changed and not started, (changed[:5], started[:5])


def test_exclude_means_never_sent_and_every_request_is_counted(tmp_path: Path) -> None:
    with MockServer(api_keys=[A, B], timings=FAST) as server:
        run = run_suite(
            tmp_path,
            *("--base-url", server.url, "--api-key", A, "--api-key-2", B, *SMALL),
            *("--exclude", "process_order", "--exclude", "merge_order"),
        )
        assert run.code == 0, run.out[-4000:]
        received = operations_received(server.url)
        entries = httpx.get(f"{server.url}/__mock__/requests", timeout=30).json()["requests"]
        log = [e for e in entries if e["verdict"] != "control"]
    assert "process_order" not in received and "merge_order" not in received
    counted = re.search(r"cost: (\d+) request\(s\) sent", run.out)
    assert counted and int(counted.group(1)) == len(log), (counted, len(log))  # checks' probes and preflight too
    assert {"create_order", "retrieve_order", "delete_order", "list_orders"} <= received


def test_one_included_operation_passes_and_skips_the_workflows(tmp_path: Path) -> None:
    run = run_suite(tmp_path, "--include", "create_order", *SMALL)
    assert run.code == 0, run.out[-4000:]
    assert "no links between the selected operations" in run.out
    with MockServer(api_keys=[A], timings=FAST) as server:
        run = run_suite(tmp_path, "--base-url", server.url, "--api-key", A, "--include", "retrieve_order", *SMALL)
        assert run.code == 0, run.out[-4000:]
        assert operations_received(server.url) <= {"retrieve_order", "list_orders"}  # list: the preflight read


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("--base-url", "127.0.0.1:4010", "--api-key", "k"), 2, "is not an http:// or https:// URL"),
        (("--base-url", "http://", "--api-key", "k"), 2, "--base-url"),
        (("--base-url", "http://127.0.0.1:9", "--api-key", "k"), 3, "cannot reach http://127.0.0.1:9"),
        (("--base-url", "http://127.0.0.1:9"), 2, "a key is needed: --api-key"),
        (("--base-url", "http://127.0.0.1:9", "--api-key", "key-one\n"), 2, "a line break"),
        (("--base-url", "http://127.0.0.1:9", "--api-key", "kéy"), 2, "non-ASCII"),
        (("--include", "list_orders", "--exclude", "list_orders"), 2, "leave no operation to check"),
    ],
)
def test_a_wrong_target_is_one_line_and_its_own_exit_code(
    tmp_path: Path, args: tuple[str, ...], code: int, says: str
) -> None:
    run = run_suite(tmp_path, *args)
    assert run.code == code, run.out
    assert says in run.out and len(run.out.strip().splitlines()) == 1, run.out


def test_a_wrong_base_path_is_not_a_contract_violation(tmp_path: Path) -> None:
    with MockServer(api_keys=[A], timings=FAST) as server:
        run = run_suite(tmp_path, "--base-url", f"{server.url}/v3", "--api-key", A)
    assert run.code == 3 and "no Orders API at" in run.out and len(run.out.strip().splitlines()) == 1, run.out


def test_a_refused_key_or_one_account_twice(tmp_path: Path) -> None:
    with MockServer(api_keys=[A, B], timings=FAST) as server:
        run = run_suite(tmp_path, "--base-url", server.url, "--api-key", "not-a-key-of-this-server")
        assert (run.code, len(run.out.strip().splitlines())) == (4, 1), run.out
        assert "refused the key" in run.out and "not-a-key-of-this-server" not in run.out
        run = run_suite(tmp_path, "--base-url", server.url, "--api-key", A, "--api-key-2", "nope")
        assert run.code == 4 and "second key" in run.out, run.out
    app = create_app(api_keys=[A, B], timings=FAST)
    with MockServer(app, asgi=drift.Drift(app, request=drift.shared_accounts(A, B))) as shared:
        seed(shared.url, A, [{"order_id": "o1"}])
        run = run_suite(tmp_path, "--base-url", shared.url, "--api-key", A, "--api-key-2", B)
        assert run.code == 4 and "one account" in run.out, run.out


def test_help_lists_operations_and_exit_codes(tmp_path: Path) -> None:
    run = run_suite(tmp_path, "--help")
    assert run.code == 0
    assert "create_order" in run.out and "list_order_brackets" in run.out
    assert "3  the target cannot be reached" in run.out


def test_a_429_is_waited_out_not_failed(tmp_path: Path) -> None:
    fault = {"kind": "status", "status": 429, "retry_after": 1, "count": 2, "operation": "retrieve_order"}
    with MockServer(api_keys=[A], timings=FAST, faults=[fault]) as server:
        run = run_suite(tmp_path, "--base-url", server.url, "--api-key", A, "--include", "retrieve_order", *SMALL)
        assert run.code == 0, run.out[-4000:]
        log = httpx.get(f"{server.url}/__mock__/requests", timeout=30).json()["requests"]
    statuses = [e["status"] for e in log if e["operation"] == "retrieve_order"]
    assert statuses[:3] == [429, 429, statuses[2]] and statuses[2] != 429
