"""The fixtures that installing autoenhance-mock registers, used from a user's own test files.

Each test writes a test file into a temporary directory and runs pytest on it (pytester), so the
plugin is loaded as a user's pytest loads it: through its pytest11 entry point.
"""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_user=source)
    return pytester.runpytest("-p", "no:cacheprovider", "-W", "error", *args)


def test_fresh_state_and_environment_for_each_test(pytester: pytest.Pytester) -> None:
    before = os.environ.get("AUTOENHANCE_BASE_URL")
    result = run(
        pytester,
        """
import os
from autoenhance_sdk import Autoenhance

def test_first(autoenhance_mock):
    assert os.environ["AUTOENHANCE_BASE_URL"] == autoenhance_mock.url
    assert os.environ["AUTOENHANCE_API_KEY"] == autoenhance_mock.api_key
    with Autoenhance() as client:
        client.orders.create(order_id="same")
    assert [o["order_id"] for o in autoenhance_mock.orders()] == ["same"]

def test_second_sees_nothing_of_the_first(autoenhance_mock, autoenhance_client):
    assert autoenhance_mock.orders() == [] and autoenhance_mock.requests() == []
    autoenhance_client.orders.create(order_id="same")  # no 409: the state is fresh

def test_one_server_for_the_session(autoenhance_mock, request):
    assert autoenhance_mock.url.startswith("http://127.0.0.1:")
    assert not autoenhance_mock.inprocess
    assert "mock-api-key" not in repr(autoenhance_mock)
""",
    )
    result.assert_outcomes(passed=3)
    assert os.environ.get("AUTOENHANCE_BASE_URL") == before


def test_helpers_seed_clock_faults_and_request_log(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
import pytest
from autoenhance_mock import MockControlError
from autoenhance_sdk import InternalServerError, NotFoundError

def test_helpers(autoenhance_mock, autoenhance_client):
    other = autoenhance_mock.api_keys[1]
    autoenhance_mock.seed([{"order_id": "mine", "brackets": [{"bracket_id": "b1", "is_uploaded": True}]}])
    autoenhance_mock.seed([{"order_id": "theirs"}], api_key=other)
    assert [o["order_id"] for o in autoenhance_mock.orders(api_key=other)] == ["theirs"]
    with pytest.raises(NotFoundError):
        autoenhance_client.orders.retrieve("theirs")

    autoenhance_client.orders.process("mine")
    assert autoenhance_client.orders.retrieve("mine").is_processing
    before = autoenhance_mock.now()
    assert autoenhance_mock.advance(60) >= before + 60
    assert str(autoenhance_client.orders.retrieve("mine").status) == "processed"

    fault = autoenhance_mock.fault("status", status=500, operation="list_orders")
    assert fault["kind"] == "status"
    with pytest.raises(InternalServerError):
        autoenhance_client.with_options(max_retries=0).orders.list_page()
    autoenhance_mock.clear_faults()
    autoenhance_client.orders.list_page()
    assert [r["status"] for r in autoenhance_mock.requests("list_orders")] == [500, 200]

    with pytest.raises(MockControlError, match="orders.0.name"):
        autoenhance_mock.seed([{"name": 3}])
    with pytest.raises(MockControlError):
        autoenhance_mock.fault("no-such-kind")
    with pytest.raises(MockControlError, match="createOrder"):
        autoenhance_mock.requests("createOrder")
""",
    )
    result.assert_outcomes(passed=1)


IN_PROCESS_CHECK = """
import socket
import pytest
from autoenhance_sdk import Autoenhance

@pytest.fixture
def no_sockets(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")
    monkeypatch.setattr(socket.socket, "connect", refuse)

def test_mode(autoenhance_mock, no_sockets):
    assert autoenhance_mock.inprocess
    with Autoenhance() as client:  # from the environment, as service code builds it
        client.orders.create(order_id="x")
    assert [o["order_id"] for o in autoenhance_mock.orders()] == ["x"]
"""


@pytest.mark.parametrize(
    ("how", "args", "ini"),
    [
        ("marker", (), ""),
        ("option", ("--autoenhance-mock-inprocess",), ""),
        ("ini", (), "[pytest]\nautoenhance_mock_inprocess = true\n"),
    ],
)
def test_in_process_mode_opens_no_socket(pytester: pytest.Pytester, how: str, args: tuple[str, ...], ini: str) -> None:
    source = IN_PROCESS_CHECK
    if how == "marker":
        source = source.replace("def test_mode", "@pytest.mark.autoenhance_mock(inprocess=True)\ndef test_mode")
    if ini:
        pytester.makeini(ini)
    run(pytester, source, *args).assert_outcomes(passed=1)


def test_a_marker_overrides_the_run_setting(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
import pytest

@pytest.mark.autoenhance_mock(inprocess=False)
def test_socket(autoenhance_mock):
    assert not autoenhance_mock.inprocess

def test_default(autoenhance_mock):
    assert autoenhance_mock.inprocess

@pytest.mark.autoenhance_mock(inprocss=True)
def test_misspelt(autoenhance_mock):
    pass

@pytest.mark.autoenhance_mock(inprocess="no")
def test_not_a_bool(autoenhance_mock):
    pass

@pytest.mark.autoenhance_mock(True)
def test_positional(autoenhance_mock):
    pass
""",
        "--autoenhance-mock-inprocess",
    )
    result.assert_outcomes(passed=2, errors=3)
    result.stdout.fnmatch_lines(
        [
            "*takes only inprocess=True or inprocess=False, got (inprocss=True)*",
            "*takes only inprocess=True or inprocess=False, got (inprocess='no')*",
            "*takes only inprocess=True or inprocess=False, got (True)*",
        ],
        consecutive=False,
    )


@pytest.mark.parametrize("inprocess", [False, True])
def test_async_client_fixture_under_anyio(pytester: pytest.Pytester, inprocess: bool) -> None:
    result = run(
        pytester,
        f"""
import pytest

pytestmark = [pytest.mark.anyio, pytest.mark.autoenhance_mock(inprocess={inprocess})]

@pytest.fixture
def anyio_backend():
    return "asyncio"

async def test_async(async_autoenhance_client, autoenhance_mock):
    order = await async_autoenhance_client.orders.create(name="a")
    assert (await async_autoenhance_client.orders.retrieve(order.order_id)).name == "a"
    assert len(autoenhance_mock.requests()) == 2

async def test_again(async_autoenhance_client):
    assert [o async for o in async_autoenhance_client.orders.list()] == []
""",
    )
    result.assert_outcomes(passed=2)  # -W error: an unclosed connection would fail it
