"""Fixtures for the wrapper's unit tests. Helpers (fakes, clients) live in tests/wrapper/helpers.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.wrapper.helpers import Sleeps


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AUTOENHANCE_API_KEY", "AUTOENHANCE_BASE_URL", "AUTOENHANCE_API_VERSION", "AUTOENHANCE_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sleeps() -> Iterator[Sleeps]:
    yield Sleeps()
