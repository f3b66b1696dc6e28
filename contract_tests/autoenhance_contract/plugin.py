"""The contract suite as a pytest plugin, registered by installing autoenhance-contract.

    pytest --pyargs autoenhance_contract                                        # the bundled mock
    pytest --pyargs autoenhance_contract --autoenhance-base-url URL --autoenhance-api-key KEY

Loaded into every pytest run where the suite is installed, it stays inert (its options, and
redaction of any key it was given) until a test module of the suite asks for the session: only
then does it start the bundled mock or point at the target, and report. With
``--autoenhance-base-url`` it first checks the target (preflight) and exits 2, 3 or 4 with one
line when the URL, the server or the key is wrong.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pytest

from ._options import BUNDLED, OPTIONS, Option, flag_of, operation_ids
from ._preflight import PREFLIGHT_DONE, Problem, check_target, check_url
from ._redact import Redactor
from ._state import configure, current, started
from ._target import MOCK_KEYS

if TYPE_CHECKING:  # loaded when the suite runs, not whenever pytest starts
    from ._session import Session

__all__ = ["autoenhance_contract_session"]


def _dest(option: Option) -> str:
    return "autoenhance_" + option.name.replace("-", "_")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("autoenhance-contract", "Autoenhance contract suite (pytest --pyargs autoenhance_contract)")
    for option in (*OPTIONS, BUNDLED):
        group.addoption(flag_of(option), dest=_dest(option), **option.kwargs(choices=False))


def _opt(config: pytest.Config, name: str) -> Any:
    return config.getoption("autoenhance_" + name.replace("-", "_"))


def pytest_configure(config: pytest.Config) -> None:
    redactor = Redactor([_opt(config, "api-key"), _opt(config, "api-key-2"), *MOCK_KEYS])
    config.pluginmanager.register(redactor, "autoenhance-contract-redactor")
    configure(lambda: _start(config, redactor))


def pytest_sessionstart(session: pytest.Session) -> None:
    """With a target given, check it before anything is collected."""
    config = session.config
    if _opt(config, "max-examples") < 1 or _opt(config, "walk-orders") < 0:
        pytest.exit("autoenhance-contract: --autoenhance-max-examples must be >= 1, --autoenhance-walk-orders >= 0", 2)
    base_url = _opt(config, "base-url")
    if not isinstance(base_url, str) or _opt(config, "bundled-mock") or os.environ.get(PREFLIGHT_DONE):
        return
    try:
        base_url = check_url(base_url)
        key = _opt(config, "api-key")
        if not key:
            raise Problem(2, "--autoenhance-base-url needs a key: --autoenhance-api-key or AUTOENHANCE_API_KEY")
        check_target(base_url, str(key), _opt(config, "api-key-2") or None)
    except Problem as problem:
        pytest.exit(f"autoenhance-contract: {problem}", returncode=problem.code)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Give each schemathesis test its operation in its id: ``test_operation_conforms[create_order]``.

    With pytest 9, schemathesis 4.32's per-operation items all get the bare function's id, so a
    failure did not say which operation failed (terminal, JUnit) and progress stopped short of
    100 % (eight items, one id). The operationId is also what --include/--exclude take.
    """
    if not started():
        return
    by_label = current().operation_ids_by_label()
    for item in items:
        operation = by_label.get(getattr(item, "operation_label", None) or "")
        if operation is None or item.nodeid.endswith(f"[{operation}]"):
            continue
        nodeid = f"{item.nodeid.partition('[')[0]}[{operation}]"
        item.name = f"{item.name.partition('[')[0]}[{operation}]"
        if hasattr(item, "_id"):  # pytest 9: a structured id
            from _pytest.nodeid import coerce_node_id

            item._id = coerce_node_id(nodeid)
        else:  # pytest 8
            setattr(item, "_nodeid", nodeid)  # noqa: B010


def _start(config: pytest.Config, redactor: Redactor) -> Session:
    """The session, made when the suite's first test module is imported."""
    from autoenhance_mock import MockServer, Timings

    from ._report import ContractReport
    from ._session import Session
    from ._target import Target

    unknown = {*_opt(config, "include"), *_opt(config, "exclude")} - set(operation_ids())
    if unknown:
        raise pytest.UsageError(f"unknown operation(s) {sorted(unknown)}; one of: {', '.join(operation_ids())}")
    base_url, read_only = _opt(config, "base-url"), bool(_opt(config, "read-only"))
    server = None
    if isinstance(base_url, str):
        target = Target(
            check_url(base_url),
            str(_opt(config, "api-key")),
            _opt(config, "api-key-2") or None,
            bundled=bool(_opt(config, "bundled-mock")),
            read_only=read_only,
        )
    else:
        server = MockServer(api_keys=list(MOCK_KEYS), timings=Timings(0.2, 0.3)).start()
        target = Target(server.url, MOCK_KEYS[0], MOCK_KEYS[1], bundled=True, read_only=read_only)
    report = ContractReport(config, redactor)
    config.pluginmanager.register(report, "autoenhance-contract-report")
    session = Session(
        target=target,
        max_examples=_opt(config, "max-examples"),
        walk_orders=_opt(config, "walk-orders"),
        seed=_opt(config, "seed"),
        include=list(_opt(config, "include")),
        exclude=list(_opt(config, "exclude")),
        rate_limit=_opt(config, "rate-limit"),
        server=server,
        report=report,
    )
    report.labels = {op: label for label, op in session.operation_ids_by_label().items()}
    return session


def pytest_unconfigure(config: pytest.Config) -> None:
    """Runs after a failure or Ctrl-C too: delete what this run created, stop the mock."""
    if not started():
        return
    session = current()
    configure(None)
    session.finish(print)
    if session.server is not None:
        session.server.stop()


@pytest.fixture(scope="session")
def autoenhance_contract_session() -> Session:
    """The suite's session: target, keys, selection, the orders it created."""
    return current()
