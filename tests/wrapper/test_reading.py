"""Tolerant reading of 2xx answers (the default) against strict reading (opt-in)."""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
import pytest
from autoenhance_sdk import APIResponseValidationError, OrderOut

from tests.wrapper.helpers import KEY, Recorder, async_client, order_json, reply, sync_client

IMAGE = {"image_id": "i-1", "image_name": "front.jpg", "order_id": "o-1", "status": "processed"}


def without(body: dict[str, Any], *names: str) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in names}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (without(order_json(), "created_at"), "created_at"),  # a date-time that is not there
        (order_json(created_at=None), "created_at"),  # null where the spec forbids it
        (without(order_json(), "images"), "images"),  # a list
        (order_json(is_processing=None), "is_processing"),
        (without(order_json(), "order_id"), "order_id"),
    ],
)
def test_a_missing_or_null_required_field_reads_as_none_with_one_warning(
    body: dict[str, Any], field: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = sync_client(Recorder(reply(200, body)))
    with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"):
        first = client.orders.retrieve("o-1")
        second = client.orders.retrieve("o-1")
    for order in (first, second):
        assert isinstance(order, OrderOut) and getattr(order, field) is None
        assert order.total_images == 0 and order.status == "waiting"  # the rest is read as usual
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, "one warning per operation and field, not per call"
    assert "retrieve_order" in warnings[0].getMessage() and repr(field) in warnings[0].getMessage()


def test_each_operation_and_field_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    body = without(order_json(), "created_at", "last_updated_at")
    client = sync_client(Recorder(reply(200, body)))
    with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"):
        client.orders.retrieve("o-1")
        client.orders.update("o-1", name="x")
        client.with_options(max_retries=0).orders.retrieve("o-1")  # a copy shares what was said
    said = sorted(
        (m.split(":")[0], m.split("'")[1]) for m in (r.getMessage() for r in caplog.records if r.levelno >= 30)
    )
    assert said == [
        ("retrieve_order", "created_at"),
        ("retrieve_order", "last_updated_at"),
        ("update_order", "created_at"),
        ("update_order", "last_updated_at"),
    ]


def test_nested_models_in_lists_are_repaired_item_by_item(caplog: pytest.LogCaptureFixture) -> None:
    images = [without(IMAGE, "image_name"), IMAGE, {**IMAGE, "status": None}]
    client = sync_client(Recorder(reply(200, order_json(images=images, total_images=3))))
    with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"):
        order = client.orders.retrieve("o-1")
    assert [i.image_name for i in order.images] == [None, "front.jpg", "front.jpg"]
    assert [getattr(i.status, "value", i.status) for i in order.images] == ["processed", "processed", None]
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1 and "'images[].image_name'" in messages[0]  # status is nullable: no warning


def test_a_body_with_none_of_the_required_fields_is_not_the_model() -> None:
    for body in ({}, {"message": "ok", "detail": {}}, dict.fromkeys(order_json())):
        with pytest.raises(APIResponseValidationError, match="none of the required fields of OrderOut"):
            sync_client(Recorder(reply(200, body))).orders.retrieve("o-1")


def test_a_wrong_type_is_still_an_error_in_tolerant_mode() -> None:
    for body in (order_json(created_at="yesterday"), order_json(images=3), [1, 2], order_json(images=[3])):
        with pytest.raises(APIResponseValidationError, match="does not match the spec"):
            sync_client(Recorder(reply(200, body))).orders.retrieve("o-1")


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (without(order_json(), "created_at"), "'created_at' is missing or null"),
        (order_json(created_at=None), "'created_at' is missing or null"),
        (order_json(is_processing=None), "'is_processing' is missing or null"),  # from_dict lets it through
        (order_json(images=[IMAGE, without(IMAGE, "image_name")]), "'images[].image_name' is missing or null"),
    ],
)
def test_strict_mode_raises_for_every_gap(body: dict[str, Any], says: str, caplog: pytest.LogCaptureFixture) -> None:
    client = sync_client(Recorder(reply(200, body)), strict_response_validation=True)
    with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"), pytest.raises(APIResponseValidationError) as info:
        client.orders.retrieve("o-1")
    assert says in str(info.value) and info.value.body == body
    assert caplog.records == []


@pytest.mark.anyio
async def test_the_async_client_reads_the_same_way(caplog: pytest.LogCaptureFixture) -> None:
    body = order_json(name="n", created_at=None)
    async with async_client(Recorder(reply(200, body))) as client:
        with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"):
            assert (await client.orders.retrieve("o-1")).created_at is None
    async with async_client(Recorder(reply(200, body)), strict_response_validation=True) as client:
        with pytest.raises(APIResponseValidationError):
            await client.orders.retrieve("o-1")
    assert len(caplog.records) == 1


def test_strict_mode_scrubs_the_key_from_the_body_it_keeps() -> None:
    body = without(order_json(name=f"echo {KEY}"), "created_at")
    client = sync_client(Recorder(reply(200, body)), strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as info:
        client.orders.retrieve("o-1")
    assert KEY not in str(info.value) and KEY not in repr(info.value.body)
    assert info.value.body["name"] == "echo [redacted]"


@pytest.mark.parametrize("answer", [httpx.Response(204), httpx.Response(200), httpx.Response(201, content=b"")])
def test_an_empty_answer_to_an_operation_with_a_body_is_a_typed_error(answer: httpx.Response) -> None:
    with pytest.raises(APIResponseValidationError, match=r"has no body; the spec promises one \(OrderOut\)"):
        sync_client(Recorder(answer)).orders.retrieve("o-1")


def test_strict_response_validation_must_be_a_bool() -> None:
    with pytest.raises(ValueError, match="strict_response_validation must be a bool"):
        sync_client(Recorder(reply()), strict_response_validation="yes")


def test_a_missing_required_nested_model_reads_as_none(caplog: pytest.LogCaptureFixture) -> None:
    page = {"orders": [order_json()]}  # no pagination, which OrdersOut requires
    client = sync_client(Recorder(reply(200, page)))
    with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"):
        got = client.orders.list_page()
    assert got.pagination is None and got.orders[0].order_id == "o-1"
    assert "list_orders" in caplog.records[0].getMessage() and "'pagination'" in caplog.records[0].getMessage()


def test_placeholders_skip_types_the_reader_cannot_fill() -> None:
    from autoenhance_sdk._reading import _placeholder

    assert _placeholder(Any) is None  # the model's own check decides
    assert _placeholder(dict[str, int] | int) == 0  # the first member it can fill
    assert _placeholder(None | str) == ""


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("is_processing", "yes", "'is_processing' is str, not boolean"),
        ("order_id", 5, "'order_id' is int, not string"),
        ("total_images", "x", "'total_images' is str, not integer"),
        ("total_images", True, "'total_images' is bool, not integer"),
        ("name", 123, "'name' is int, not string"),
        ("status", 5, "'status' is int, not string"),
        ("images", [{**IMAGE, "image_id": 3}], "'images[].image_id' is int, not string"),
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_a_wrong_type_is_an_error_in_both_modes(field: str, value: Any, says: str, strict: bool) -> None:
    client = sync_client(Recorder(reply(200, order_json(**{field: value}))), strict_response_validation=strict)
    with pytest.raises(APIResponseValidationError, match=re.escape(says)):
        client.orders.retrieve("o-1")


def test_pages_read_without_pagination_or_orders_end_the_walk_cleanly(caplog: pytest.LogCaptureFixture) -> None:
    first = {"orders": [order_json()], "pagination": {"per_page": 1, "next_offset": "p2"}}
    recorder = Recorder(reply(200, first), reply(200, {"orders": [order_json(order_id="o-2")]}))
    with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"):
        assert [o.order_id for o in sync_client(recorder).orders.list()] == ["o-1", "o-2"]
    assert len(recorder.requests) == 2
    no_orders = Recorder(reply(200, {"pagination": {"per_page": 1, "next_offset": None}}))
    with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"):
        assert list(sync_client(no_orders).orders.list()) == []


@pytest.mark.anyio
async def test_the_async_pager_ends_cleanly_too(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder(reply(200, {"orders": [order_json()]}))
    async with async_client(recorder) as client:
        with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"):
            assert [o.order_id async for o in client.orders.list()] == ["o-1"]
    no_orders = Recorder(reply(200, {"pagination": {"per_page": 1, "next_offset": None}}))
    async with async_client(no_orders) as client:
        with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"):
            assert [o async for o in client.orders.list()] == []


def test_an_integer_written_as_a_whole_float_is_an_integer() -> None:
    order = sync_client(Recorder(reply(200, order_json(total_images=3.0)))).orders.retrieve("o-1")
    assert order.total_images == 3
    with pytest.raises(APIResponseValidationError, match="'total_images' is float, not integer"):
        sync_client(Recorder(reply(200, order_json(total_images=3.5)))).orders.retrieve("o-1")


def test_a_list_of_lists_item_that_is_not_a_list_is_left_to_the_model() -> None:
    from autoenhance_sdk._reading import _json_types, _Nested, _repair_value

    assert _repair_value(_Nested(item=_Nested(model=OrderOut)), "not a list", (), []) == "not a list"
    assert _json_types(Any) is None


def test_a_null_in_an_optional_field_that_may_not_be_null_reads_as_unset(caplog: pytest.LogCaptureFixture) -> None:
    from autoenhance_api.types import UNSET

    image = {**IMAGE, "metadata": None, "enhance": None}
    body = order_json(images=[image], total_images=1)
    with caplog.at_level(logging.WARNING, logger="autoenhance_sdk"):
        order = sync_client(Recorder(reply(200, body))).orders.retrieve("o-1")
    assert order.images[0].metadata is UNSET and order.images[0].enhance is UNSET
    said = sorted(r.getMessage().split("'")[1] for r in caplog.records)
    assert said == ["images[].enhance", "images[].metadata"] and "reads as unset" in caplog.records[0].getMessage()
    strict = sync_client(Recorder(reply(200, body)), strict_response_validation=True)
    with pytest.raises(APIResponseValidationError, match=r"the field 'images\[\].metadata' is null"):
        strict.orders.retrieve("o-1")
