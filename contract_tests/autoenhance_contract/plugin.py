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
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ._options import OPTIONS, Option, flag_of, operation_ids
from ._preflight import BUNDLED, PREFLIGHT_DONE, Flags, Problem, check_selection, check_target, check_url
from ._redact import Redactor
from ._state import configure, current, started
from ._target import BUNDLED_CREDITS, MOCK_KEYS

if TYPE_CHECKING:  # loaded when the suite runs, not whenever pytest starts
    from ._session import Session

__all__ = ["autoenhance_contract_session"]


def _dest(option: Option) -> str:
    return "autoenhance_" + option.name.replace("-", "_")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("autoenhance-contract", "Autoenhance contract suite (pytest --pyargs autoenhance_contract)")
    for option in OPTIONS:
        group.addoption(flag_of(option), dest=_dest(option), **option.kwargs(choices=False))


def _opt(config: pytest.Config, name: str) -> Any:
    return config.getoption("autoenhance_" + name.replace("-", "_"))


FLAGS = Flags("--autoenhance-")
HERE = Path(__file__).resolve().parent
PREFLIGHT_SENT = pytest.StashKey[int]()


def _bundled(config: pytest.Config) -> bool:
    """Whether the target is the mock autoenhance-contract started for this run (never settable by
    an option: a real server must always get the careful treatment)."""
    url = _opt(config, "base-url")
    return bool(url) and os.environ.get(BUNDLED) == url


def pytest_configure(config: pytest.Config) -> None:
    if _opt(config, "include") or _opt(config, "exclude"):
        try:
            check_selection(_opt(config, "include"), _opt(config, "exclude"), operation_ids(), FLAGS)
        except Problem as problem:
            raise pytest.UsageError(str(problem)) from None
    redactor = Redactor([_opt(config, "api-key"), _opt(config, "api-key-2"), *MOCK_KEYS])
    config.pluginmanager.register(redactor, "autoenhance-contract-redactor")
    configure(lambda: _start(config, redactor))


def pytest_sessionstart(session: pytest.Session) -> None:
    """With a target given, check it before anything is collected."""
    config = session.config
    if _opt(config, "max-examples") < 1 or _opt(config, "walk-orders") < 0:
        pytest.exit("autoenhance-contract: --autoenhance-max-examples must be >= 1, --autoenhance-walk-orders >= 0", 2)
    base_url = _opt(config, "base-url")
    if not isinstance(base_url, str) or _bundled(config) or os.environ.get(PREFLIGHT_DONE):
        return
    try:
        key, key_2 = _opt(config, "api-key"), _opt(config, "api-key-2") or None
        config.stash[PREFLIGHT_SENT] = check_target(check_url(base_url, FLAGS), key, key_2, FLAGS)
    except Problem as problem:
        pytest.exit(f"autoenhance-contract: {problem}", returncode=problem.code)


class MockCannotStart(pytest.Collector.CollectError):
    """The bundled mock cannot serve the spec (an operation without a handler): reported as its
    message alone, without a traceback, as every collection error of this type is."""


def pytest_collectstart(collector: pytest.Collector) -> None:
    """Make the session before the suite's first module is imported, outside the import's error
    handling, so that a bundled mock that cannot start ends the run: exit 2 and its message."""
    if isinstance(collector, pytest.Module) and not started() and collector.path.parent.resolve() == HERE:
        try:
            current()
        except MockCannotStart as problem:
            if hasattr(collector.config, "workerinput"):
                return  # an xdist worker would only be restarted: each module reports it when imported
            pytest.exit(str(problem), 2)


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


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """Before the first test: send the uploads the tests about to run will wait for, together
    (``_ahead``), so that the server processes them while the other tests run. Not with
    --collect-only (nothing is sent), nor in a pytest-xdist worker (it does not know yet which
    tests it gets: each runs its own set-ups)."""
    config = session.config
    if not started() or config.option.collectonly or hasattr(config, "workerinput"):
        return
    current().ahead.start(item for item in session.items if item.path.parent.resolve() == HERE)


def _start(config: pytest.Config, redactor: Redactor) -> Session:
    """The session, made when the suite's first test module is imported."""
    from autoenhance_mock import HandlerMismatchError, MockServer, Settings, Timings

    from ._report import ContractReport
    from ._session import Session
    from ._target import Target

    _keep_hypothesis_out_of_cwd(config)
    base_url, read_only = _opt(config, "base-url"), bool(_opt(config, "read-only"))
    server = None
    if isinstance(base_url, str):
        target = Target(
            check_url(base_url, FLAGS),
            str(_opt(config, "api-key")),
            _opt(config, "api-key-2") or None,
            bundled=_bundled(config),
            read_only=read_only,
            allow_credits=bool(_opt(config, "allow-credits")),
        )
        # The preflight's requests count too (made by the command, or at session start).
        target.sent = int(os.environ.get(PREFLIGHT_DONE) or config.stash.get(PREFLIGHT_SENT, 0))
    else:
        try:
            settings = Settings(credits=BUNDLED_CREDITS)  # free here: full-size downloads never run out
            server = MockServer(api_keys=list(MOCK_KEYS), timings=Timings(0.2, 0.3), settings=settings).start()
        except HandlerMismatchError as exc:  # the spec and the mock's handlers differ: say so, no traceback
            lines = str(exc).splitlines()
            raise MockCannotStart(
                "\n".join(f"autoenhance-contract: the bundled mock cannot start: {line}" for line in lines)
            ) from None
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


def _keep_hypothesis_out_of_cwd(config: pytest.Config) -> None:
    """hypothesis writes caches under ./.hypothesis; for a run of the suite they go to a temporary
    directory instead (unless HYPOTHESIS_STORAGE_DIRECTORY says where), removed at the end."""
    if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return
    import hypothesis.configuration

    from ._hypothesis_home import new_hypothesis_home

    home = new_hypothesis_home("autoenhance-contract-hypothesis-")
    hypothesis.configuration.set_hypothesis_home_dir(home)
    config.add_cleanup(lambda: shutil.rmtree(home, ignore_errors=True))


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
