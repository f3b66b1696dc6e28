"""A refused argument's message names it, says what was given and what would do; the limits are
the spec's, both ends included."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from autoenhance_sdk import Autoenhance, InvalidInputError

from tests.wrapper.helpers import Recorder, reply, sync_client


def refused(call: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(InvalidInputError) as info:
        call(*args, **kwargs)
    return str(info.value)


def test_an_unknown_choice_lists_every_known_value() -> None:
    client = sync_client(Recorder(reply()))
    assert refused(client.orders.retrieve, "o-1", sort_images_by="size") == (
        "sort_images_by must be one of 'custom', 'date_added', '-date_added', 'name', '-name'; got 'size'."
    )


def test_a_name_of_the_wrong_type_says_which_type_it_got() -> None:
    client = sync_client(Recorder(reply()))
    assert refused(client.orders.update, "o-1", name=5) == "name must be a str, got int."


def test_images_that_are_not_a_list_say_which_type_they_are() -> None:
    client = sync_client(Recorder(reply()))
    assert refused(client.orders.process, "o-1", images="b1") == "images must be a list, got str."
    assert refused(client.orders.process, "o-1", images=[5]) == "images[0] must be a list, got int."


@pytest.mark.parametrize("name", ["", "x", "x" * 255])
def test_a_name_of_0_to_255_characters_is_sent(name: str) -> None:
    """The spec gives ``name`` a maximum length of 255 and no minimum: an empty name is a name."""
    recorder = Recorder(reply())
    sync_client(recorder).orders.update("o-1", name=name)
    assert recorder.body() == {"name": name}


def test_a_name_of_256_characters_is_refused_unsent() -> None:
    recorder = Recorder(reply())
    message = refused(sync_client(recorder).orders.create, name="x" * 256)
    assert message == "name must be 0 to 255 characters long, got 256."
    assert recorder.requests == []


@pytest.mark.parametrize(
    ("timeout", "message"),
    [
        (-1, "timeout must be a positive number of seconds or an httpx.Timeout, got -1."),
        (None, "timeout=None would wait forever; give a number of seconds or an httpx.Timeout."),
    ],
)
def test_a_bad_timeout_is_named_timeout(timeout: Any, message: str) -> None:
    assert refused(Autoenhance, timeout=timeout) == message
    client = sync_client(Recorder(reply()))
    assert refused(client.with_options, timeout=timeout) == message
    assert refused(client.orders.retrieve, "o-1", timeout=timeout) == message


def test_a_short_timeout_shortens_the_connect_timeout_too() -> None:
    assert Autoenhance(timeout=2.5).timeout == httpx.Timeout(2.5, connect=2.5)
    assert Autoenhance(timeout=30).timeout == httpx.Timeout(30.0, connect=5.0)
