"""A skipped test says why: "--read-only" only when --read-only was given."""

from __future__ import annotations

import pytest
from autoenhance_contract._session import Session
from autoenhance_contract._target import Target


def _session(read_only: bool, exclude: list[str]) -> Session:
    target = Target("http://127.0.0.1:9", "k", None, bundled=False, read_only=read_only)
    return Session(target, 1, 0, exclude=exclude)


@pytest.mark.parametrize(
    ("read_only", "exclude", "reason"),
    [
        (False, ["create_order"], "create_order not selected"),
        (True, ["create_order"], "create_order not selected"),
        (True, [], "create_order not sent (--read-only)"),
    ],
)
def test_the_skip_reason_names_read_only_only_when_it_was_given(
    read_only: bool, exclude: list[str], reason: str
) -> None:
    with pytest.raises(pytest.skip.Exception) as skipped:
        _session(read_only, exclude).skip_unless("create_order", writes=True)
    assert skipped.value.msg == reason


def test_a_selected_write_is_not_skipped() -> None:
    _session(False, []).skip_unless("create_order", writes=True)
