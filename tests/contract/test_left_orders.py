"""What a run leaves: only orders known to exist are counted, and their ids are listed."""

from __future__ import annotations

import httpx
import pytest
from autoenhance_contract._session import Session
from autoenhance_contract._target import Target
from autoenhance_mock import MockServer

from tests.contract.suite import FAST


def _session(url: str = "http://127.0.0.1:9", exclude: tuple[str, ...] = ("delete_order",)) -> Session:
    return Session(Target(url, "k1", None, bundled=False, read_only=False), 1, 0, exclude=list(exclude))


def test_a_skipped_clean_up_lists_the_ids_left_and_counts_only_confirmed_orders() -> None:
    session = _session()
    made = [f"contract-made-{n:02}" for n in range(25)]
    for order_id in made:
        session.target.created.add("k1", order_id)
    session.new_order_id()  # recorded before sending; its create never answered
    session.target.created.add("k1", "contract-unsent", confirmed=False)
    said: list[str] = []
    session.finish(said.append)
    assert said[0].endswith("; 25 order(s) of this run remain"), said
    assert said[1] == f"[contract] left on the server: {', '.join(made[:20])} and 5 more", said
    assert "25 order(s) and 0 image(s) created, 25 left on the server" in said[-1], said


def test_an_sdk_create_confirms_its_order_and_a_failed_one_does_not() -> None:
    with MockServer(api_keys=["k1"], timings=FAST) as server:
        session = _session(server.url, exclude=())
        with session.client() as client:
            client.orders.create(order_id=session.new_order_id(), name="made")
            refused = session.new_order_id()
            with pytest.raises(Exception):  # noqa: B017 - any refusal will do
                client.orders.create(order_id=refused + "/not valid", name="refused")
            client.images.create(image_name="x", order_id=session.new_order_id())
        assert session.target.created.count() == 2 and session.target.created.total == 2
        said: list[str] = []
        session.finish(said.append)
    assert "2 order(s) and 1 image(s) created, 0 left" in said[-1], said


def test_an_order_whose_create_answer_was_never_read_counts_as_created_once_deleted() -> None:
    """The clean-up never says it deleted more orders than the run created."""
    with MockServer(api_keys=["k1"], timings=FAST) as server:
        session = _session(server.url, exclude=())
        with session.client() as client:
            client.orders.create(order_id=session.new_order_id(), name="confirmed")
            unread = session.new_order_id()  # recorded before sending, its answer never read
            session.target.created.add("k1", unread, confirmed=False)
            made = httpx.post(f"{server.url}/v3/orders/", json={"order_id": unread}, headers={"x-api-key": "k1"})
            assert made.status_code == 200
            session.target.created.add("k1", "contract-never-made", confirmed=False)
        said: list[str] = []
        session.finish(said.append)
    assert "deleted 2 order(s)" in said[0], said
    assert "2 order(s) and 0 image(s) created, 0 left" in said[-1], said
