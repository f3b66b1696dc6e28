"""Arguments are checked before sending; ids reach exactly the order they name, or are refused."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

import autoenhance_sdk as sdk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.wrapper.helpers import Recorder, reply, sync_client

BAD_IDS = ["", ".", "..", "a/b", "/", "x" * 129, "\ud800", 5, None, b"bytes"]


def _id_methods(client: sdk.Autoenhance) -> list[Any]:
    o = client.orders
    return [o.retrieve, o.update, o.delete, o.process, o.brackets, o.wait]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
def test_unaddressable_ids_are_refused_before_sending(bad: object) -> None:
    recorder = Recorder(reply())
    client = sync_client(recorder)
    for method in _id_methods(client):
        with pytest.raises(sdk.InvalidInputError, match="order_id"):
            method(bad)
    with pytest.raises(sdk.InvalidInputError), pytest.warns(DeprecationWarning):
        client.orders.merge(bad)  # type: ignore[arg-type]
    if bad is not None:  # None means "choose one for me"
        with pytest.raises(sdk.InvalidInputError):
            client.orders.create(order_id=bad)  # type: ignore[arg-type]
    assert recorder.requests == []


@pytest.mark.parametrize("order_id", ["a?b", "a#b", "100%", "%2e%2e", "...", "a b", "ünï", "\x00", "a\\b", "x" * 128])
def test_ids_reach_exactly_their_resource(order_id: str) -> None:
    recorder = Recorder(reply(), reply(200, {"brackets": []}))
    client = sync_client(recorder)
    client.orders.retrieve(order_id)
    client.orders.brackets(order_id)
    first, second = recorder.requests
    assert first.url.raw_path.decode().split("?")[0] == "/v3/orders/" + _quoted(order_id)
    assert second.url.raw_path.decode() == "/v3/orders/" + _quoted(order_id) + "/brackets"


def _quoted(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=150))
def test_any_text_id_is_refused_or_reaches_its_own_path(order_id: str) -> None:
    recorder = Recorder(reply())
    client = sync_client(recorder)
    try:
        client.orders.retrieve(order_id)
    except sdk.InvalidInputError:
        assert recorder.requests == []
        return
    (request,) = recorder.requests
    segments = request.url.raw_path.split(b"?")[0].split(b"/")
    assert segments[:3] == [b"", b"v3", b"orders"] and len(segments) == 4
    assert unquote(segments[3].decode("ascii"), errors="strict") == order_id


def test_process_sends_every_option() -> None:
    recorder = Recorder(reply())
    sync_client(recorder).orders.process(
        "o-1",
        ai_version="5.x",
        cloud_type="LOW_CLOUD",
        enhance=False,
        enhance_type=sdk.EnhanceType.WARM,
        images=[["b1", "b2"], sdk.OrderImageIn(bracket_ids=["b3"])],
        lens_correction=False,
        number_of_brackets_per_image=3,
        privacy=True,
        sky_replacement=True,
        upscale=True,
        vertical_correction=False,
        window_pull=True,
    )
    assert recorder.body() == {
        "ai_version": "5.x",
        "cloud_type": "LOW_CLOUD",
        "enhance": False,
        "enhance_type": "warm",
        "images": [{"bracket_ids": ["b1", "b2"]}, {"bracket_ids": ["b3"]}],
        "lens_correction": False,
        "number_of_brackets_per_image": 3,
        "privacy": True,
        "sky_replacement": True,
        "upscale": True,
        "vertical_correction": False,
        "window_pull": True,
    }
    assert recorder.requests[0].url.path == "/v3/orders/o-1/process"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"enhance_type": "sepia"}, "enhance_type must be one of"),
        ({"cloud_type": "STORMY"}, "cloud_type must be one of"),
        ({"ai_version": "five"}, "ai_version"),
        ({"enhance": "yes"}, "enhance must be True or False"),
        ({"number_of_brackets_per_image": -1}, "at least 0"),
        ({"number_of_brackets_per_image": 2.5}, "whole number"),
        ({"images": "b1"}, "images must be a list"),
        ({"images": [[]]}, "at least one bracket"),
        ({"images": [[""]]}, "images\\[0\\]\\[0\\]"),
        ({"images": [[3]]}, "must be a str"),
    ],
)
def test_bad_process_options_are_refused(options: dict, message: str) -> None:
    recorder = Recorder(reply())
    with pytest.raises(sdk.InvalidInputError, match=message):
        sync_client(recorder).orders.process("o-1", **options)
    assert recorder.requests == []


def test_merge_warns_and_sends_its_options() -> None:
    recorder = Recorder(reply())
    with pytest.warns(DeprecationWarning, match="use orders.process"):
        sync_client(recorder).orders.merge("o-1", enhance_type="neutral", number_of_brackets_per_image=3)
    assert recorder.requests[0].url.path == "/v3/orders/o-1/merge"
    assert recorder.body()["enhance_type"] == "neutral"


def test_create_update_list_and_sort_arguments() -> None:
    page = reply(200, {"orders": [], "pagination": {"per_page": 5, "next_offset": None}})
    recorder = Recorder(reply(), reply(), page, reply())
    client = sync_client(recorder)
    created = client.orders.create(name="n")
    sent = recorder.body(0)
    assert sent["name"] == "n" and len(sent["order_id"]) == 36, "a UUID4 is chosen client-side"
    assert created.order_id == "o-1"
    client.orders.update("o-1", name="m")
    assert recorder.body(1) == {"name": "m"}
    client.orders.list_page(per_page=5, offset="tok")
    assert dict(recorder.requests[2].url.params) == {"per_page": "5", "offset": "tok"}
    for kwargs, message in (
        ({"name": "x" * 256}, "name must be"),
        ({"name": 3}, "name must be a str"),
    ):
        with pytest.raises(sdk.InvalidInputError, match=message):
            client.orders.create(**kwargs)
    with pytest.raises(sdk.InvalidInputError, match="per_page"):
        client.orders.list(per_page=0)
    with pytest.raises(sdk.InvalidInputError, match="offset"):
        client.orders.list(offset="")
    with pytest.raises(sdk.InvalidInputError, match="sort_images_by must be one of"):
        client.orders.retrieve("o-1", sort_images_by="size")
    client.orders.retrieve("o-1", sort_images_by="-date_added")
    assert recorder.requests[-1].url.params["sort_images_by"] == "-date_added"
    assert recorder.requests[-1].url.path == "/v3/orders/o-1"
