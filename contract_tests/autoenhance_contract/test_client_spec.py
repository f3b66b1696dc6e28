"""2. The client against the spec, driven by the spec's own schemas (no server needed).

- every spec operation has exactly one SDK method, and each SDK argument is a parameter or body
  property of its operation (``_sdk_calls`` matches them; nothing here names an operation);
- every answer the spec allows is read by the generated models and by the SDK (strictly), and
  written back to the same JSON; a file answer (image bytes, in each media type the spec lists,
  or the redirect to it, followed without the key) is returned as those bytes;
- every request the SDK sends for valid input passes a real OpenAPI request validator, carries
  the header arguments as given and pins the API version the spec describes;
- input the spec's schemas forbid is refused before anything is sent.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

import autoenhance_sdk as sdk
import httpx
import pytest
from autoenhance_api import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoenhance_contract._openapi_request import HOST, HttpxOpenAPIRequest, build_validator
from autoenhance_contract._sdk_calls import BINARY, SdkOperation, sdk_operations
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


SDK = sdk_operations(DOC)
SPEC_OPERATIONS = sorted(
    op["operationId"]
    for item in DOC["paths"].values()
    for m, op in item.items()
    if isinstance(op, dict) and m != "parameters"
)


@pytest.fixture(autouse=True)
def _the_sdks_own_api_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests check the SDK as it ships: the version it pins is the spec's, whatever
    ``AUTOENHANCE_API_VERSION`` (a documented setting) the caller's shell holds."""
    monkeypatch.delenv("AUTOENHANCE_API_VERSION", raising=False)


def client_for(handler: Any, **options: Any) -> sdk.Autoenhance:
    transport = httpx.MockTransport(handler)
    return sdk.Autoenhance(api_key="contract", base_url=HOST, http_client=httpx.Client(transport=transport), **options)


class Answering:
    """One SDK client for a whole property test, answering each example through the handler the
    example gives (``answering(handler)`` is the client): making a client per example was most
    of these tests' time. The handlers set no cookies, so no example sees another's."""

    def __init__(self, **options: Any) -> None:
        self.handler: Callable[[httpx.Request], httpx.Response] = lambda request: httpx.Response(500)
        self.client = client_for(lambda request: self.handler(request), **options)

    def __call__(self, handler: Callable[[httpx.Request], httpx.Response]) -> sdk.Autoenhance:
        self.handler = handler
        return self.client


def ids_for(operation: SdkOperation) -> list[str]:
    return ["o"] * len(operation.positional)


def test_every_spec_operation_has_exactly_one_sdk_method() -> None:
    missing = sorted(set(SPEC_OPERATIONS) - set(SDK))
    assert not missing, f"spec operations without an SDK method: {missing}"


# -- answers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("operation", sorted(op for op, called in SDK.items() if called.answer not in (None, BINARY)))
def test_every_allowed_answer_is_read_and_written_back(operation: str) -> None:
    called = SDK[operation]
    assert called.answer is not None
    model = getattr(models, called.answer)
    answering = Answering(strict_response_validation=True)

    @SETTINGS
    @given(from_schema(schema_of(called.answer)))
    def check(body: Any) -> None:
        assert same_json(model.from_dict(body).to_dict(), body), "generated model"
        client = answering(lambda request: httpx.Response(200, json=body))
        parsed = called.call(client, *ids_for(called), **called.required)
        assert same_json(parsed.to_dict(), body), "SDK"

    with answering.client:
        check()


def media_types(called: SdkOperation) -> list[str]:
    """The media types of the operation's 2xx file answer, as the spec lists them."""
    op = DOC["paths"][called.path][called.http_method.lower()]
    return sorted(
        media
        for status, response in op["responses"].items()
        if status.startswith("2")
        for media in resolved(response).get("content", {})
    )


BINARY_OPERATIONS = sorted(op for op, called in SDK.items() if called.answer == BINARY)


@pytest.mark.parametrize("operation", BINARY_OPERATIONS)
def test_every_file_answer_is_returned_as_its_bytes(operation: str) -> None:
    """Each media type the spec lists for the answer, served as is; and the provider's redirect
    to a signed asset URL on another host, followed without the API key (the asset host is not
    the API), as the spec's 302 says."""
    called = SDK[operation]
    types = media_types(called)
    assert types and all(t.startswith("image/") for t in types), types
    for media in types:
        data = b"\x00\xffcontract " + media.encode() + bytes(range(256))
        with client_for(lambda r, d=data, m=media: httpx.Response(200, content=d, headers={"content-type": m})) as c:
            got = called.call(c, *ids_for(called), **called.required)
        assert isinstance(got, bytes) and got == data, (media, got[:40] if isinstance(got, bytes) else got)
    asset = "https://assets.contract.test/signed/file.jpg?X-Amz-Signature=ab"
    seen: list[httpx.Request] = []

    def redirecting(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "assets.contract.test":
            return httpx.Response(200, content=b"asset bytes", headers={"content-type": "image/jpeg"})
        return httpx.Response(302, headers={"location": asset})

    with client_for(redirecting) as c:
        assert called.call(c, *ids_for(called), **called.required) == b"asset bytes"
    assert [str(r.url) for r in seen[1:]] == [asset], [str(r.url) for r in seen]
    assert "x-api-key" not in seen[1].headers, "the key went to the asset host"


ERROR_SCHEMAS = sorted(
    {
        response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        for item in DOC["paths"].values()
        for m, op in item.items()
        if m != "parameters"
        for status, response in op["responses"].items()
        if status[0] in "45" and "content" in response
    }
)


@SETTINGS
@given(st.sampled_from(ERROR_SCHEMAS).flatmap(lambda n: st.tuples(st.just(n), from_schema(schema_of(n)))))
def test_every_allowed_error_body_is_read(named: tuple[str, Any]) -> None:
    name, body = named
    assert same_json(getattr(models, name).from_dict(body).to_dict(), body)


# -- requests --------------------------------------------------------------------------------------

# Where the SDK takes a friendlier form than the wire's, keyed by argument (not by operation).
SDK_FORM = {"images": lambda groups: [group["bracket_ids"] for group in groups]}


def valid_arguments(called: SdkOperation) -> st.SearchStrategy[tuple[list[Any], dict[str, Any]]]:
    positional = [resolved(called.schemas[name]) for name in called.positional]
    keywords = {
        name: from_schema(resolved(schema)).map(SDK_FORM.get(name, lambda v: v))
        for name, schema in called.schemas.items()
        if name not in called.positional
    }
    required = {name: strategy for name, strategy in keywords.items() if name in called.required}
    optional = {name: strategy for name, strategy in keywords.items() if name not in called.required}
    return st.tuples(
        st.tuples(*(from_schema(s) for s in positional)).map(list), st.fixed_dictionaries(required, optional=optional)
    )


def capture(answering: Answering, called: SdkOperation, args: list[Any], kwargs: dict[str, Any]) -> list[httpx.Request]:
    """What the SDK sends for this call (``answering`` made with ``max_retries=0``)."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(503)  # one request is all we need to judge

    with pytest.raises(sdk.InternalServerError):
        called.call(answering(handler), *args, **kwargs)
    return sent


def path_ids_checked(called: SdkOperation, request: httpx.Request, ids: list[Any]) -> httpx.Request:
    """The request with each path id replaced by ``o``, after checking that its segment decodes to
    exactly the id given: openapi-core matches decoded paths with a pattern that cannot hold
    every character an id may (``#``, ``;``, a line break), so ids are judged here."""
    template = called.path.split("/")
    segments = request.url.raw_path.split(b"?")[0].split(b"/")
    assert len(segments) == len(template), (request.url.raw_path, called.path)
    given = iter(ids)
    for index, part in enumerate(template):
        if part.startswith("{"):
            assert unquote_to_bytes(segments[index]).decode("utf-8") == next(given), request.url.raw_path
            segments[index] = b"o"
    url = request.url.copy_with(raw_path=b"/".join(segments) + (b"?" + request.url.query if request.url.query else b""))
    return httpx.Request(request.method, url, headers=request.headers, content=request.content)


@pytest.mark.parametrize("operation", sorted(SDK))
def test_every_request_for_valid_input_is_valid_under_the_spec(operation: str) -> None:
    called = SDK[operation]
    answering = Answering(max_retries=0)

    @SETTINGS
    @given(valid_arguments(called))
    def check(arguments: tuple[list[Any], dict[str, Any]]) -> None:
        (request,) = capture(answering, called, *arguments)
        VALIDATOR.validate_request(HttpxOpenAPIRequest(path_ids_checked(called, request, arguments[0])))
        if request.content:
            assert isinstance(json.loads(request.content), dict), "bodies are JSON objects"
        for argument, header in called.headers.items():  # x-dev-mode: what dev_mode says, as the wire writes it
            value, sent = arguments[1].get(argument), request.headers.get(header)
            # sent as given; false may be left out (the header's absence is the API's default)
            assert sent == wire(value) or (sent is None and value in (None, False)), (argument, value, sent)
        assert request.headers.get("x-api-version") == DOC["info"]["x-api-version"], "the API version is not pinned"

    with answering.client:
        check()


def wire(value: Any) -> str:
    """A header value as a parameter of the spec's type is written: ``true``, ``12``, ``png``."""
    return json.dumps(value) if isinstance(value, bool | int | float) else str(value)


def invalid_values(schema: dict[str, Any]) -> st.SearchStrategy[Any] | None:
    """Values the schema forbids that are easy to name without a regex engine, or None."""
    schema = resolved(schema)
    branches = [b for b in schema.get("anyOf", [schema]) if b.get("type") != "null"]
    if len(branches) != 1:
        return None
    branch = branches[0]
    kind = branch.get("type")
    bad: list[st.SearchStrategy[Any]] = []
    if "enum" in branch:
        bad.append(st.text(max_size=12).filter(lambda s: s not in branch["enum"]))
    if kind == "string":
        bad.append(st.integers())
        if "maxLength" in branch:
            bad.append(st.text(min_size=branch["maxLength"] + 1, max_size=branch["maxLength"] + 20))
        if branch.get("minLength", 0) >= 1:
            bad.append(st.just(""))
        bad.extend(st.just(v) for v in branch.get("not", {}).get("enum", []))
    if kind == "integer":
        bad.extend([st.text(max_size=5), st.floats(), st.booleans()])
        if "minimum" in branch:
            bad.append(st.integers(max_value=branch["minimum"] - 1))
        if "maximum" in branch:
            bad.append(st.integers(min_value=branch["maximum"] + 1))
    if kind == "number":
        bad.extend([st.text(max_size=5), st.booleans()])
        if "minimum" in branch:
            bad.append(st.floats(max_value=branch["minimum"], exclude_max=True, allow_nan=False, allow_infinity=False))
        if "maximum" in branch:
            bad.append(st.floats(min_value=branch["maximum"], exclude_min=True, allow_nan=False, allow_infinity=False))
    if kind == "boolean":
        bad.extend([st.text(max_size=5), st.integers()])
    if kind == "array":
        if branch.get("minItems", 0) >= 1:
            bad.append(st.just([]))
        bad_item = invalid_values(branch["items"])
        if bad_item is not None:
            bad.append(st.lists(bad_item, min_size=1, max_size=2))
    return st.one_of(*bad) if bad else None


def _bad_positional(called: SdkOperation, index: int, value: Any) -> tuple[list[Any], dict[str, Any]]:
    args: list[Any] = ids_for(called)
    args[index] = value
    return args, dict(called.required)


def _bad_keyword(called: SdkOperation, name: str, value: Any) -> tuple[list[Any], dict[str, Any]]:
    return ids_for(called), {**called.required, name: value}


def invalid_calls(called: SdkOperation) -> st.SearchStrategy[tuple[list[Any], dict[str, Any]]] | None:
    options: list[st.SearchStrategy[tuple[list[Any], dict[str, Any]]]] = []
    for index, name in enumerate(called.positional):
        bad = invalid_values(called.schemas[name])
        if bad is not None:
            options.append(bad.map(functools.partial(_bad_positional, called, index)))
    for name, schema in called.schemas.items():
        bad = invalid_values(schema) if name not in called.positional and name not in SDK_FORM else None
        if bad is not None:
            options.append(bad.map(functools.partial(_bad_keyword, called, name)))
    return st.one_of(*options) if options else None


@pytest.mark.parametrize("operation", sorted(op for op in SDK if invalid_calls(SDK[op]) is not None))
def test_input_the_spec_forbids_is_refused_before_sending(operation: str) -> None:
    called = SDK[operation]
    strategy = invalid_calls(called)
    assert strategy is not None
    answering = Answering()

    @SETTINGS
    @given(strategy)
    def check(arguments: tuple[list[Any], dict[str, Any]]) -> None:
        sent: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return httpx.Response(200)

        with pytest.raises(sdk.InvalidInputError) as info:
            called.call(answering(handler), *arguments[0], **arguments[1])
        assert str(info.value) and sent == []

    with answering.client:
        check()
