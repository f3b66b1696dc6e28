"""The public methods are the real ones; their raw-response forms are derived from them."""

from __future__ import annotations

import asyncio
import inspect
import pydoc
import warnings
from collections.abc import Callable
from typing import Any
from unittest.mock import AsyncMock, create_autospec

import autoenhance_sdk as sdk
import httpx
import pytest
from autoenhance_sdk import OrderOut, Orders, RawResponse
from autoenhance_sdk._generated import operation_ids as sdk_operation_ids

from tests.wrapper.helpers import RESOURCES, Recorder, async_client, operation_methods, order_json, reply, sync_client

OPERATION_METHODS = operation_methods(Orders)
EVERY_METHOD = [
    (cls, name) for classes in RESOURCES.values() for cls in classes for name in operation_methods(classes[0])
]


@pytest.mark.parametrize(("resource", "name"), EVERY_METHOD, ids=lambda v: getattr(v, "__name__", v))
def test_each_method_has_its_own_name_signature_and_docstring(resource: type, name: str) -> None:
    method = getattr(resource, name)
    assert method.__name__ == name and method.__qualname__ == f"{resource.__name__}.{name}"
    params = inspect.signature(method).parameters
    assert {"timeout", "max_retries", "extra_headers"} <= set(params) and "args" not in params
    assert method.__doc__ and "RawResponse" not in method.__doc__
    text = pydoc.render_doc(method, renderer=pydoc.plaintext)
    assert f"{name}(self" in text and "extra_headers" in text


def test_help_on_a_bound_method_shows_its_parameters() -> None:
    client = sync_client(Recorder(reply()))
    text = pydoc.render_doc(client.orders.create, renderer=pydoc.plaintext)
    assert "create(*, name: 'str | None' = None, order_id: 'str | None' = None" in text
    raw = pydoc.render_doc(client.orders.with_raw_response.create, renderer=pydoc.plaintext)
    assert "create(*, name: 'str | None' = None" in raw


def test_the_resources_have_the_same_methods_and_every_operation_is_one() -> None:
    for sync, async_ in RESOURCES.values():
        assert operation_methods(sync) == operation_methods(async_)
    total = sum(len(operation_methods(sync)) for sync, _ in RESOURCES.values())
    assert total == len(sdk_operation_ids()), "one method per operation of the spec"


@pytest.mark.parametrize("attr", list(RESOURCES))
def test_every_operation_method_has_a_raw_twin_and_nothing_else_has(attr: str) -> None:
    client = sync_client(Recorder(reply()))
    resource = getattr(client, attr)
    assert isinstance(resource, RESOURCES[attr][0])
    raw_names = sorted(vars(resource.with_raw_response))
    assert raw_names == sorted(operation_methods(RESOURCES[attr][0]))
    for name in raw_names:
        wrapped = getattr(resource.with_raw_response, name)
        assert wrapped.__wrapped__ == getattr(resource, name)  # derived from the public method
        public = inspect.signature(getattr(resource, name))
        assert inspect.signature(wrapped).parameters == public.parameters


def test_raw_and_parsed_calls_send_the_same_request() -> None:
    recorder = Recorder(reply(200, order_json(), headers={"x-request-id": "r-9"}))
    client = sync_client(recorder)
    parsed = client.orders.update("o-1", name="n")
    raw = client.orders.with_raw_response.update("o-1", name="n")
    assert isinstance(parsed, OrderOut) and isinstance(raw, RawResponse)
    assert raw.parsed == parsed and raw.request_id == "r-9" and raw.attempts == 1
    first, second = recorder.requests
    assert (first.method, first.url, first.content) == (second.method, second.url, second.content)
    assert client.orders.update("o-1", name="n") == parsed  # the raw mark does not outlive its call


@pytest.mark.anyio
async def test_async_raw_calls_and_concurrent_parsed_calls_do_not_mix() -> None:
    async with async_client(Recorder(reply())) as client:
        results = await asyncio.gather(
            client.orders.with_raw_response.retrieve("o-1"),
            client.orders.retrieve("o-1"),
            client.orders.with_raw_response.update("o-1", name="n"),
            client.orders.retrieve("o-1"),
        )
    assert [type(r).__name__ for r in results] == ["RawResponse", "OrderOut", "RawResponse", "OrderOut"]


@pytest.mark.parametrize("via_raw", [False, True])
def test_a_misspelt_argument_names_the_public_method(via_raw: bool) -> None:
    client = sync_client(Recorder(reply()))
    orders: Any = client.orders.with_raw_response if via_raw else client.orders
    with pytest.raises(TypeError, match=r"Orders\.create\(\) got an unexpected keyword argument 'nme'"):
        orders.create(nme="x")
    with pytest.raises(TypeError, match=r"Orders\.retrieve\(\) missing 1 required positional argument"):
        orders.retrieve()


def _warned_at(call: Callable[[], Any]) -> list[tuple[str, int]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return [(w.filename, w.lineno) for w in caught if issubclass(w.category, DeprecationWarning)]


def test_merge_warns_at_the_callers_line_sync_and_raw() -> None:
    client = sync_client(Recorder(reply()))
    line = inspect.currentframe().f_lineno  # type: ignore[union-attr]
    assert _warned_at(lambda: client.orders.merge("o-1")) == [(__file__, line + 1)]
    assert _warned_at(lambda: client.orders.with_raw_response.merge("o-1")) == [(__file__, line + 2)]


@pytest.mark.anyio
async def test_merge_warns_at_the_callers_line_async_raw_and_gathered() -> None:
    async with async_client(Recorder(reply())) as client:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = inspect.currentframe().f_lineno  # type: ignore[union-attr]
            await client.orders.merge("o-1")
            await client.orders.with_raw_response.merge("o-1")
            await asyncio.gather(client.orders.merge("o-1"), client.orders.with_raw_response.merge("o-1"))
    got = [(w.filename, w.lineno) for w in caught if issubclass(w.category, DeprecationWarning)]
    assert got == [(__file__, line + 1), (__file__, line + 2), (__file__, line + 3), (__file__, line + 3)]
    assert all("use orders.process()" in str(w.message) for w in caught)


def test_raw_forms_say_they_return_a_raw_response() -> None:
    client = sync_client(Recorder(reply()))
    assert inspect.signature(client.orders.with_raw_response.retrieve).return_annotation == "RawResponse[OrderOut]"
    assert inspect.signature(client.orders.with_raw_response.delete).return_annotation == "RawResponse[None]"
    assert inspect.signature(client.orders.retrieve).return_annotation == "OrderOut"


@pytest.mark.parametrize("attr", list(RESOURCES))
def test_every_async_method_passes_as_a_coroutine_function_for_mocks(attr: str) -> None:
    sync, async_ = RESOURCES[attr]
    mocked = create_autospec(async_, instance=True)
    for name in operation_methods(sync):  # merge (deprecated) included
        assert isinstance(getattr(mocked, name), AsyncMock), name
    client = async_client(Recorder(reply()))
    for name in operation_methods(sync):
        assert asyncio.iscoroutinefunction(getattr(getattr(client, attr).with_raw_response, name)), name


@pytest.mark.parametrize("group", [{"b1", "b2"}, "b1"])
def test_a_bracket_group_that_is_not_a_list_is_refused(group: object) -> None:
    recorder = Recorder(reply())
    with pytest.raises(ValueError, match=r"images\[0\] must be a list of bracket ids, \{\"bracket_ids\": \[\.\.\.\]\}"):
        sync_client(recorder).orders.process("o-1", images=[group])  # type: ignore[list-item]
    assert recorder.requests == []


def test_bracket_groups_in_the_api_s_own_shape_are_sent_as_given() -> None:
    recorder = Recorder(reply())
    images = [{"bracket_ids": ["b1", "b2"]}, ("b3",), sdk.OrderImageIn(bracket_ids=["b4"])]
    sync_client(recorder).orders.process("o-1", images=images)
    assert recorder.body()["images"] == [
        {"bracket_ids": ["b1", "b2"]},
        {"bracket_ids": ["b3"]},
        {"bracket_ids": ["b4"]},
    ]


@pytest.mark.anyio
async def test_bracket_groups_in_the_api_s_shape_async() -> None:
    recorder = Recorder(reply())
    async with async_client(recorder) as client:
        await client.orders.process("o-1", images=[{"bracket_ids": ["b1"]}])
    assert recorder.body()["images"] == [{"bracket_ids": ["b1"]}]


@pytest.mark.parametrize(
    ("group", "message"),
    [
        (
            {"bracket_ids": ["b1"], "name": "x"},
            "images[0] as a mapping must have exactly the key 'bracket_ids', got keys 'bracket_ids', 'name'.",
        ),
        ({"brackets": ["b1"]}, "images[0] as a mapping must have exactly the key 'bracket_ids', got keys 'brackets'."),
        ({}, "images[0] as a mapping must have exactly the key 'bracket_ids', got keys none."),
        ({"bracket_ids": "b1"}, "images[0]['bracket_ids'] must be a list of bracket ids, got str."),
        ({"bracket_ids": {"b1": 1}}, "images[0]['bracket_ids'] must be a list of bracket ids, got dict."),
        ({"bracket_ids": 5}, "images[0]['bracket_ids'] must be a list, got int."),
        ({"bracket_ids": []}, "images[0]['bracket_ids'] must name at least one bracket id."),
        ({"bracket_ids": ["b1", ""]}, "images[0]['bracket_ids'][1] must be 1 to 10000 characters long"),
    ],
)
def test_a_bracket_group_mapping_other_than_the_api_s_is_refused(group: object, message: str) -> None:
    recorder = Recorder(reply())
    with pytest.raises(sdk.InvalidInputError) as info:
        sync_client(recorder).orders.process("o-1", images=[group])  # type: ignore[list-item]
    assert str(info.value).startswith(message) and recorder.requests == []


def test_closing_a_copy_leaves_the_original_usable() -> None:
    recorder = Recorder(reply())
    client = sync_client(recorder)
    client._owns_http = True  # as when the client made its own pool
    with client.with_options(timeout=5) as copy:
        copy.orders.retrieve("o-1")
    assert client.orders.retrieve("o-1").order_id == "o-1"


@pytest.mark.parametrize(("given", "stored"), [("", ""), ("", None), (None, None), (None, "")])
def test_a_retried_create_without_a_name_recovers_its_own_order(given: str | None, stored: str | None) -> None:
    conflict = httpx.Response(409, json={"message": "Conflict", "detail": {}})
    recorder = Recorder(httpx.Response(502), conflict, reply(200, order_json(name=stored)))
    order = sync_client(recorder).orders.create(name=given, order_id="o-1")
    assert order.name == stored and [r.method for r in recorder.requests] == ["POST", "POST", "GET"]
