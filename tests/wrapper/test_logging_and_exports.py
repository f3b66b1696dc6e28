"""Logging never shows the key; the public surface is exactly ``__all__``, documented and typed."""

from __future__ import annotations

import inspect
import logging
from pathlib import Path

import autoenhance_sdk as sdk
import httpx
import pytest
from autoenhance_sdk import _logging

from tests.wrapper.helpers import KEY, RESOURCES, Recorder, order_json, reply, resource_methods, sync_client


@pytest.fixture
def fresh_logging():
    logger = logging.getLogger("autoenhance_sdk")
    saved = (logger.level, list(logger.handlers))
    _logging.reset_for_tests()
    yield logger
    logger.setLevel(saved[0])
    logger.handlers[:] = saved[1]
    _logging.reset_for_tests()


def test_debug_logs_every_path_without_the_key(
    fresh_logging: logging.Logger, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTOENHANCE_LOG", "debug")
    recorder = Recorder(
        httpx.ConnectError(f"down {KEY}"),
        reply(200, order_json(name=f"named {KEY}")),
        reply(401, {"message": KEY, "detail": {}}),
    )
    client = sync_client(recorder)
    assert fresh_logging.level == logging.DEBUG and fresh_logging.handlers
    with caplog.at_level(logging.DEBUG, logger="autoenhance_sdk"):
        client.orders.create(name=f"my key is {KEY}")
        with pytest.raises(sdk.AuthenticationError) as info:
            client.orders.retrieve("o-1")
    text = caplog.text + repr(client) + str(info.value) + repr(info.value)
    assert KEY not in text
    assert "POST /v3/orders/ -> ConnectError (attempt 1" in caplog.text
    assert "POST /v3/orders/ -> 200 (attempt 2" in caplog.text
    assert "request body" in caplog.text and "[redacted]" in caplog.text
    assert all(KEY not in str(r.url) for r in recorder.requests)


def test_an_application_handler_is_kept(fresh_logging: logging.Logger, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = logging.NullHandler()
    fresh_logging.handlers[:] = [mine]
    monkeypatch.setenv("AUTOENHANCE_LOG", "info")
    sync_client(Recorder(reply()))
    assert fresh_logging.handlers == [mine] and fresh_logging.level == logging.INFO


def test_info_level_logs_no_bodies(
    fresh_logging: logging.Logger, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUTOENHANCE_LOG", "info")
    client = sync_client(Recorder(reply()))
    with caplog.at_level(logging.INFO, logger="autoenhance_sdk"):
        client.orders.create(name="secret-name")
    assert "-> 200" in caplog.text and "secret-name" not in caplog.text


def test_logging_stays_off_by_default_and_warns_on_a_bad_level(
    fresh_logging: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync_client(Recorder(reply()))
    assert fresh_logging.level == logging.NOTSET
    _logging.reset_for_tests()
    monkeypatch.setenv("AUTOENHANCE_LOG", "loud")
    with pytest.warns(UserWarning, match="AUTOENHANCE_LOG"):
        sync_client(Recorder(reply()))
    sync_client(Recorder(reply()))  # configured once per process: no second warning


def test_all_is_exactly_the_public_names() -> None:
    public = {name for name in dir(sdk) if not name.startswith("_")} | {"__version__"}
    assert set(sdk.__all__) == public
    assert len(sdk.__all__) == len(set(sdk.__all__))


def test_every_public_name_is_documented_and_shown_as_autoenhance_sdk() -> None:
    for name in sdk.__all__:
        obj = getattr(sdk, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), name
    assert sdk.Autoenhance.__module__ == "autoenhance_sdk"
    assert sdk.NotFoundError.__module__ == "autoenhance_sdk"
    for sync, async_ in RESOURCES.values():
        assert sync.__module__ == async_.__module__ == "autoenhance_sdk"
        for name in resource_methods(sync):
            assert inspect.getdoc(getattr(sync, name)), name
            assert inspect.getdoc(getattr(async_, name)), name


def test_package_is_typed() -> None:
    assert (Path(sdk.__file__).parent / "py.typed").is_file()


def test_not_given_is_a_falsy_singleton() -> None:
    assert sdk.NotGiven() is sdk.NOT_GIVEN and not sdk.NOT_GIVEN and repr(sdk.NOT_GIVEN) == "NOT_GIVEN"


def test_public_properties_and_methods_are_documented() -> None:
    for cls in (sdk.Autoenhance, sdk.AsyncAutoenhance, sdk.RawResponse, sdk.OrderPager, sdk.AsyncOrderPager):
        for name, member in inspect.getmembers(cls):
            if name.startswith("_"):
                continue
            if isinstance(member, property) or inspect.isfunction(member):
                assert inspect.getdoc(member), f"{cls.__name__}.{name}"
