"""Options of the contract suite, and the server it checks.

pytest contract_tests/autoenhance_contract                       # against a freshly started bundled mock
pytest contract_tests/autoenhance_contract --base-url URL --api-key KEY  # against a sandbox or any server
"""

from __future__ import annotations

import os

import pytest
from autoenhance_mock import MockServer, Timings

from autoenhance_contract._report import ContractReport
from autoenhance_contract._session import Session, current, set_current
from autoenhance_contract._target import MOCK_KEYS, Target


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contract", "Autoenhance contract suite")
    group.addoption("--base-url", help="server to check; default: start the bundled mock on a free port")
    group.addoption("--api-key", default=os.environ.get("AUTOENHANCE_API_KEY"), help="key (AUTOENHANCE_API_KEY)")
    group.addoption(
        "--api-key-2",
        default=os.environ.get("AUTOENHANCE_API_KEY_2"),
        help="a second account's key, for the tenancy checks (AUTOENHANCE_API_KEY_2)",
    )
    group.addoption("--max-examples", type=int, default=25, help="schemathesis cases per operation and phase")
    group.addoption("--walk-orders", type=int, default=250, help="orders created for the pagination walk")
    group.addoption("--read-only", action="store_true", help="send no request that could change anything")
    group.addoption("--include-operation", action="append", default=[], metavar="OPERATION_ID")
    group.addoption("--exclude-operation", action="append", default=[], metavar="OPERATION_ID")
    group.addoption("--contract-seed", type=int, help="seed for schemathesis, to replay a run exactly")
    group.addoption(
        "--bundled-mock", action="store_true", help="the --base-url is a mock this run started (autoenhance-contract)"
    )


def pytest_configure(config: pytest.Config) -> None:
    opt = config.getoption
    keys = [opt("--api-key") or "", opt("--api-key-2") or "", *MOCK_KEYS]
    report = ContractReport(config, keys)
    config.pluginmanager.register(report, "contract-report")
    server = None
    if opt("--base-url"):
        if not opt("--api-key"):
            raise pytest.UsageError("--base-url needs a key: --api-key or AUTOENHANCE_API_KEY")
        target = Target(
            opt("--base-url").rstrip("/"),
            opt("--api-key"),
            opt("--api-key-2"),
            bundled=opt("--bundled-mock"),
            read_only=opt("--read-only"),
        )
    else:
        server = MockServer(api_keys=list(MOCK_KEYS), timings=Timings(0.2, 0.3)).start()
        target = Target(server.url, MOCK_KEYS[0], MOCK_KEYS[1], bundled=True, read_only=opt("--read-only"))
    set_current(
        Session(
            target=target,
            max_examples=opt("--max-examples"),
            walk_orders=opt("--walk-orders"),
            seed=opt("--contract-seed"),
            include=opt("--include-operation"),
            exclude=opt("--exclude-operation"),
            server=server,
            report=report,
        )
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    """Runs after a failure or Ctrl-C too: delete what this run created, stop the mock."""
    try:
        session = current()
    except RuntimeError:
        return
    set_current(None)
    if session.target.careful:
        deleted, problems = session.target.created.delete_all(session.target.base_url)
        print(f"[contract] clean-up: deleted {deleted} order(s) this run created")  # noqa: T201
        for problem in problems:
            print(f"[contract] could not delete {problem}")  # noqa: T201
    if session.server is not None:
        session.server.stop()


@pytest.fixture(scope="session")
def contract() -> Session:
    return current()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
