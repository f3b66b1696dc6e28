"""2. The client against the spec, driven by the spec's own schemas (no server needed).

- every answer the spec allows is read by the generated models and by the SDK, and written back
  to the same JSON;
- every request the SDK sends for valid input passes a real OpenAPI request validator;
- invalid input is refused before anything is sent.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import autoenhance_sdk as sdk
import httpx
import pytest
from autoenhance_api import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoenhance_contract._openapi_request import HOST, HttpxOpenAPIRequest, build_validator
from autoenhance_contract._state import current
from autoenhance_contract._strategies import from_schema

DOC = current().document
VALIDATOR = build_validator(DOC)
EXAMPLES = max(20, current().max_examples)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)


def resolved(node: Any) -> Any:
    """The schema with every $ref inlined (the spec has no recursion), for hypothesis-jsonschema."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = DOC
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            return resolved(target)
        return {k: resolved(v) for k, v in node.items() if not k.startswith("x-") and k not in ("examples", "readOnly")}
    if isinstance(node, list):
        return [resolved(v) for v in node]
    return node


def schema_of(name: str) -> dict[str, Any]:
    return resolved({"$ref": f"#/components/schemas/{name}"})  # type: ignore[no-any-return]


def same_json(written: Any, read: Any) -> bool:
    """Equal JSON, with date-times compared as instants (``Z`` and ``+00:00`` are one time)."""
    if isinstance(written, dict) and isinstance(read, dict):
        return written.keys() == read.keys() and all(same_json(written[k], read[k]) for k in written)
    if isinstance(written, list) and isinstance(read, list):
        return len(written) == len(read) and all(same_json(a, b) for a, b in zip(written, read, strict=True))
    if isinstance(written, str) and isinstance(read, str) and written != read:
        try:
            return datetime.datetime.fromisoformat(written) == datetime.datetime.fromisoformat(read)
        except ValueError:
            return False
    return bool(written == read) and type(written) is type(read)


def serving(body: Any) -> sdk.Autoenhance:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    return sdk.Autoenhance(api_key="contract", base_url=HOST, http_client=httpx.Client(transport=transport))


# -- answers ---------------------------------------------------------------------------------------

READERS: dict[str, tuple[str, Callable[[sdk.Autoenhance], Any]]] = {
    "create_order": ("OrderOut", lambda c: c.orders.create(name="x")),
    "retrieve_order": ("OrderOut", lambda c: c.orders.retrieve("o")),
    "update_order": ("OrderOut", lambda c: c.orders.update("o", name="x")),
    "process_order": ("OrderOut", lambda c: c.orders.process("o")),
    "list_orders": ("OrdersOut", lambda c: c.orders.list_page()),
    "list_order_brackets": ("OrderBracketsOut", lambda c: c.orders.brackets("o")),
}


@pytest.mark.parametrize("operation", sorted(READERS))
def test_every_allowed_answer_is_read_and_written_back(operation: str) -> None:
    model_name, call = READERS[operation]
    model = getattr(models, model_name)

    @SETTINGS
    @given(from_schema(schema_of(model_name)))
    def check(body: Any) -> None:
        assert same_json(model.from_dict(body).to_dict(), body), "generated model"
        with serving(body) as client:
            parsed = call(client)
        assert same_json(parsed.to_dict(), body), "SDK"

    check()


@SETTINGS
@given(
    st.sampled_from(["HTTPError", "ValidationError"]).flatmap(
        lambda n: st.tuples(st.just(n), from_schema(schema_of(n)))
    )
)
def test_every_allowed_error_body_is_read(named: tuple[str, Any]) -> None:
    name, body = named
    assert same_json(getattr(models, name).from_dict(body).to_dict(), body)


# -- requests --------------------------------------------------------------------------------------

ids = st.text(st.characters(codec="utf-8"), min_size=1, max_size=128).filter(
    lambda s: "/" not in s and s not in (".", "..")
)
names = st.text(st.characters(codec="utf-8"), max_size=255)
options = st.fixed_dictionaries(
    {},
    optional={
        "ai_version": st.from_regex(r"\A([0-9]{1,2}\.([0-9]{1,2}|x)|dev)\Z"),
        "cloud_type": st.sampled_from([m.value for m in sdk.CloudType]),
        "enhance": st.booleans(),
        "enhance_type": st.sampled_from([m.value for m in sdk.EnhanceType]),
        "lens_correction": st.booleans(),
        "number_of_brackets_per_image": st.integers(0, 10),
        "privacy": st.booleans(),
        "sky_replacement": st.booleans(),
        "upscale": st.booleans(),
        "vertical_correction": st.booleans(),
        "window_pull": st.booleans(),
    },
)
groups = st.lists(st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=3), max_size=3)

CALLS = st.one_of(
    st.tuples(st.just("create"), st.builds(lambda n, i: {"name": n, "order_id": i}, names, st.none() | ids)),
    st.tuples(
        st.just("retrieve"),
        st.builds(
            lambda i, s: {"order_id": i, "sort_images_by": s},
            ids,
            st.none() | st.sampled_from([m.value for m in sdk.SortImagesBy]),
        ),
    ),
    st.tuples(st.just("update"), st.builds(lambda i, n: {"order_id": i, "name": n}, ids, st.none() | names)),
    st.tuples(st.just("delete"), st.builds(lambda i: {"order_id": i}, ids)),
    st.tuples(st.just("brackets"), st.builds(lambda i: {"order_id": i}, ids)),
    st.tuples(
        st.just("list_page"),
        st.builds(
            lambda p, o: {"per_page": p, "offset": o},
            st.integers(1, 1000),
            st.none() | st.text(min_size=1, max_size=512),
        ),
    ),
    st.tuples(
        st.just("process"),
        st.builds(lambda i, o, g: {"order_id": i, **o, "images": g}, ids, options, st.none() | groups),
    ),
    st.tuples(st.just("merge"), st.builds(lambda i, o: {"order_id": i, **o}, ids, options)),
)


def capture(method: str, kwargs: dict[str, Any]) -> list[httpx.Request]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(503)  # one request is all we need to judge

    client = sdk.Autoenhance(
        api_key="contract",
        base_url=HOST,
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    args = dict(kwargs)
    positional = [args.pop("order_id")] if method not in ("create", "list_page") else []
    if method == "create" and "order_id" in args:
        args["order_id"] = kwargs["order_id"]
    import warnings

    with warnings.catch_warnings(), pytest.raises(sdk.InternalServerError):
        warnings.simplefilter("ignore", DeprecationWarning)
        getattr(client.orders, method)(*positional, **args)
    return sent


@SETTINGS
@given(CALLS)
def test_every_request_for_valid_input_is_valid_under_the_spec(call: tuple[str, dict[str, Any]]) -> None:
    method, kwargs = call
    (request,) = capture(method, kwargs)
    VALIDATOR.validate_request(HttpxOpenAPIRequest(request))
    if request.content:
        assert isinstance(json.loads(request.content), dict), "bodies are JSON objects"


BAD = st.one_of(
    st.tuples(
        st.just("retrieve"), st.builds(lambda i: {"order_id": i}, st.sampled_from(["", ".", "..", "a/b", "x" * 129]))
    ),
    st.tuples(st.just("create"), st.builds(lambda n: {"name": n}, st.text(min_size=256, max_size=300))),
    st.tuples(st.just("list_page"), st.builds(lambda p: {"per_page": p}, st.integers(max_value=0))),
    st.tuples(
        st.just("process"),
        st.builds(
            lambda e: {"order_id": "o", "enhance_type": e},
            st.text().filter(lambda s: s not in [m.value for m in sdk.EnhanceType]),
        ),
    ),
    st.tuples(
        st.just("process"),
        st.builds(lambda n: {"order_id": "o", "number_of_brackets_per_image": n}, st.integers(max_value=-1)),
    ),
    st.tuples(
        st.just("retrieve"),
        st.builds(
            lambda s: {"order_id": "o", "sort_images_by": s},
            st.text().filter(lambda s: s not in [m.value for m in sdk.SortImagesBy]),
        ),
    ),
)


@SETTINGS
@given(BAD)
def test_invalid_input_is_refused_before_sending(call: tuple[str, dict[str, Any]]) -> None:
    method, kwargs = call
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200)

    client = sdk.Autoenhance(
        api_key="contract", base_url=HOST, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    args = dict(kwargs)
    positional = [args.pop("order_id")] if "order_id" in args and method != "create" else []
    with pytest.raises(sdk.InvalidInputError) as info:
        getattr(client.orders, method)(*positional, **args)
    assert str(info.value) and sent == []
