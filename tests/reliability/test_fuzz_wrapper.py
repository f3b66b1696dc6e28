"""Property-based fuzzing of every SDK method's arguments, ids above all.

Each call either reaches exactly the resource its id names (the one path segment decodes back to
the id) or is refused before sending with InvalidInputError; nothing outside the SDK's error tree
ever escapes, whatever the argument's type or content.
"""

from __future__ import annotations

import inspect
import json
import warnings
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import autoenhance_sdk as sdk
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.rawserver import ORDER
from tests.wrapper.helpers import RESOURCES, bracket_json, id_methods, image_json, resource_methods

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
ID_METHODS = [(resource, name) for resource, (cls, _) in RESOURCES.items() for name in id_methods(cls)]
REPORT = {"image_id": "img-1", "categories": ["OTHER"]}


def answer(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if request.method == "DELETE":
        return httpx.Response(204)
    if path.endswith(("/enhanced", "/original")):
        return httpx.Response(200, content=b"img", headers={"content-type": "image/jpeg"})
    if path.endswith("/report"):
        return httpx.Response(200, json=REPORT)
    if path.startswith("/v3/brackets"):
        return httpx.Response(200, json=bracket_json())
    if path.startswith("/v3/images"):
        return httpx.Response(200, json=image_json(upload_url="https://uploads.test/x"))
    if request.url.path.endswith("/brackets"):
        return httpx.Response(200, json={"brackets": []})
    if request.url.path.rstrip("/") == "/v3/orders" and request.method == "GET":
        return httpx.Response(200, json=PAGE)
    return httpx.Response(200, json={**ORDER, "status": "processed"})


def run(resource: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[httpx.Request]:
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
            result = getattr(getattr(client, resource), method)(*args, **kwargs)
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


SUB_PATHS = ([b"process"], [b"merge"], [b"brackets"], [b"enhanced"], [b"original"], [b"report"])
REQUIRED = {"categories": ["OTHER"], "image_name": "x", "name": "b", "order_id": "o-1"}  # valid values


def _keywords(resource: str, method: str, *, required: bool) -> list[str]:
    cls = RESOURCES[resource][0]
    parameters = inspect.signature(getattr(cls, method)).parameters.values()
    return [p.name for p in parameters if p.kind is p.KEYWORD_ONLY and (p.default is p.empty) is required]


def _positionals(resource: str, method: str, resource_id: Any, folder: Path) -> tuple[Any, ...]:
    """A method's required positional arguments: the id (fuzzed), then the journey helpers' files
    to upload or where to write (valid ones)."""
    cls = RESOURCES[resource][0]
    parameters = list(inspect.signature(getattr(cls, method)).parameters.values())[1:]
    photo = folder / "photo.jpg"
    photo.write_bytes(b"jpeg bytes")
    valid = {"files": [photo], "file": photo, "folder": folder / "out", "to": folder}
    return tuple(
        resource_id if p.name in ("order_id", "image_id") else valid[p.name]
        for p in parameters
        if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty
    )


@pytest.mark.parametrize(("resource", "method"), ID_METHODS)
def test_ids_reach_exactly_their_resource_or_are_refused(resource: str, method: str, tmp_path: Path) -> None:
    needed = {name: REQUIRED[name] for name in _keywords(resource, method, required=True)}

    @SETTINGS
    @given(resource_id=ids)
    def check(resource_id: Any) -> None:
        args = _positionals(resource, method, resource_id, tmp_path)
        sent = [r for r in run(resource, method, args, needed) if r.url.host == "fuzz.test"]
        for request in sent:
            raw = request.url.raw_path.split(b"?")[0]
            parts = raw.split(b"/")
            if parts[2:3] != [resource.encode()]:  # a journey helper's other calls:
                if request.method == "POST":  # creates naming the order in their body
                    assert parts[3:] == [b""] and json.loads(request.content)["order_id"] == resource_id, raw
                else:  # or calls on an image the server named (its id, not the caller's)
                    assert parts[:4] == [b"", b"v3", b"images", b"img-1"], raw
                continue
            assert parts[:3] == [b"", b"v3", resource.encode()], raw
            assert unquote_to_bytes(parts[3]).decode("utf-8") == resource_id, (raw, resource_id)
            assert len(parts) == 4 or parts[4:] in SUB_PATHS
            assert b"\r" not in raw and b"\n" not in raw

    seen = outcomes_of(check)
    assert seen["refused"] and seen["sent"], seen


ARGUMENTS = {  # every keyword argument of every public method, from the signatures
    (resource, name): _keywords(resource, name, required=False) + _keywords(resource, name, required=True)
    for resource, (cls, _) in RESOURCES.items()
    for name in resource_methods(cls)
}


@pytest.mark.parametrize(("resource", "method"), list(ARGUMENTS))
def test_any_argument_value_is_sent_or_refused_never_a_crash(resource: str, method: str, tmp_path: Path) -> None:
    required = _keywords(resource, method, required=True)
    args = _positionals(resource, method, "o-1", tmp_path)

    @SETTINGS
    @given(st.dictionaries(st.sampled_from(ARGUMENTS[(resource, method)]), anything, min_size=1))
    def check(kwargs: dict[str, Any]) -> None:
        given = {name: REQUIRED[name] for name in required} | kwargs  # a required one may be fuzzed too
        for request in run(resource, method, args, given):
            # the API, or the upload URL it answered (a bare PUT: never the key)
            assert request.url.host == "fuzz.test" or (request.url.host == "uploads.test" and request.method == "PUT")
            assert request.url.host == "fuzz.test" or "x-api-key" not in request.headers

    seen = outcomes_of(check)
    assert seen["refused"] and seen["sent"], seen


def outcomes_of(check: Any) -> Counter[str]:
    """What one property test's examples came to (each test must see both refusals and sends)."""
    before = OUTCOMES.copy()
    check()
    return OUTCOMES - before


def test_outcomes_were_all_seen() -> None:
    """Guards the tests above: they must have exercised both refusals and sent requests (each
    test checks its own; under pytest-xdist the tests of this module spread over processes)."""
    if sum(OUTCOMES.values()) == 0:
        pytest.skip("the fuzz tests ran in other pytest-xdist workers")
    assert OUTCOMES["refused"] and OUTCOMES["sent"], OUTCOMES
    print(f"fuzzed SDK calls: {sum(OUTCOMES.values())} ({dict(OUTCOMES)})")  # noqa: T201
