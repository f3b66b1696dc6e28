"""Property-based fuzzing of every SDK method's arguments, ids above all.

Each call either reaches exactly the resource its id names (the one path segment decodes back to
the id) or is refused before sending with InvalidInputError; nothing outside the SDK's error tree
ever escapes, whatever the argument's type or content.
"""

from __future__ import annotations

import inspect
import warnings
from collections import Counter
from typing import Any
from urllib.parse import unquote_to_bytes

import autoenhance_sdk as sdk
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.rawserver import ORDER
from tests.wrapper.helpers import id_methods, resource_methods

OUTCOMES: Counter[str] = Counter()
NASTY_IDS = [
    ".",
    "..",
    "/",
    "a/b",
    "%2e%2e",
    "%2F",
    "\x00",
    "x" * 10_000,
    "x" * 128,
    "x" * 129,
    "",
    " ",
    "?",
    "#",
    "..%2f",
    "\ud800",
    "ü",
    "😀",
    "a\r\nx-api-key: stolen",
    "\\..\\",
]
ids = st.one_of(st.sampled_from(NASTY_IDS), st.text(max_size=200), st.binary(max_size=10), st.integers(), st.none())
anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=50),
    st.binary(max_size=5),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)

PAGE = {"orders": [], "pagination": {"per_page": 5, "next_offset": None}}
ID_METHODS = id_methods(sdk.Orders)


def answer(request: httpx.Request) -> httpx.Response:
    if request.method == "DELETE":
        return httpx.Response(204)
    if request.url.path.endswith("/brackets"):
        return httpx.Response(200, json={"brackets": []})
    if request.url.path.rstrip("/") == "/v3/orders" and request.method == "GET":
        return httpx.Response(200, json=PAGE)
    return httpx.Response(200, json={**ORDER, "status": "processed"})


def run(method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[httpx.Request]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer(request)

    client = sdk.Autoenhance(
        api_key="k", base_url="http://fuzz.test", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            result = getattr(client.orders, method)(*args, **kwargs)
            if method == "list":
                list(result)
    except sdk.InvalidInputError as exc:
        assert sent == [] and str(exc), f"{method} sent a request before refusing"
        OUTCOMES["refused"] += 1
        return sent
    except sdk.AutoenhanceError:
        OUTCOMES["typed error"] += 1
        return sent
    except Exception as exc:  # pragma: no cover - the property this test exists to catch
        pytest.fail(f"{method}{args}{kwargs} raised {type(exc).__name__} outside the SDK's tree: {exc}")
    OUTCOMES["sent"] += 1
    return sent


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)


@pytest.mark.parametrize("method", ID_METHODS)
def test_ids_reach_exactly_their_resource_or_are_refused(method: str) -> None:
    @SETTINGS
    @given(order_id=ids)
    def check(order_id: Any) -> None:
        sent = run(method, (order_id,), {})
        for request in sent:
            raw = request.url.raw_path.split(b"?")[0]
            parts = raw.split(b"/")
            assert parts[:3] == [b"", b"v3", b"orders"], raw
            assert unquote_to_bytes(parts[3]).decode("utf-8") == order_id, (raw, order_id)
            assert len(parts) == 4 or parts[4:] in ([b"process"], [b"merge"], [b"brackets"])
            assert b"\r" not in raw and b"\n" not in raw

    check()


ARGUMENTS = {  # every keyword argument of every public method, from the signatures
    name: [p.name for p in inspect.signature(getattr(sdk.Orders, name)).parameters.values() if p.kind is p.KEYWORD_ONLY]
    for name in resource_methods(sdk.Orders)
}


@pytest.mark.parametrize("method", list(ARGUMENTS))
def test_any_argument_value_is_sent_or_refused_never_a_crash(method: str) -> None:
    @SETTINGS
    @given(st.dictionaries(st.sampled_from(ARGUMENTS[method]), anything, min_size=1))
    def check(kwargs: dict[str, Any]) -> None:
        args = ("o-1",) if method in ID_METHODS else ()
        for request in run(method, args, kwargs):
            assert request.url.host == "fuzz.test"

    check()


def test_outcomes_were_all_seen() -> None:
    """Guards the tests above: they must have exercised both refusals and sent requests."""
    assert OUTCOMES["refused"] > 100 and OUTCOMES["sent"] > 100, OUTCOMES
    print(f"fuzzed SDK calls: {sum(OUTCOMES.values())} ({dict(OUTCOMES)})")  # noqa: T201
