"""The SDK's operation methods matched to the spec's operations, with arguments drawn from the spec.

Nothing here names an operation or a method. The methods are those of each resource's
``with_raw_response`` view (one per public method that sends one request); each is matched to
the spec operation whose method and path template its request hits. Its arguments are matched
by name to the operation's query parameters and request-body properties (its positional
arguments, in order, to the path parameters), and their schemas give the values to try.
"""

from __future__ import annotations

import contextlib
import inspect
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import autoenhance_sdk as sdk
import httpx

from ._openapi_request import HOST

__all__ = ["SDK_ONLY", "SdkOperation", "sdk_operations"]

SDK_ONLY = frozenset({"timeout", "max_retries", "extra_headers"})  # client settings, not API arguments
_METHODS = ("get", "put", "post", "delete", "patch")


@dataclass(frozen=True)
class SdkOperation:
    """One SDK method and the spec operation it calls."""

    operation: str
    resource: str  # the client's attribute: "orders"
    method: str  # the resource's method: "create"
    path: str  # the spec's path template: "/v3/orders/{id}"
    http_method: str  # "PATCH"
    positional: tuple[str, ...]  # required positional arguments (the path's ids, in order)
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)  # argument -> its spec schema
    answer: str | None = None  # the component schema of the 2xx JSON body, None for no body

    @property
    def writes(self) -> bool:
        return self.http_method != "GET"

    def call(self, client: Any, *args: Any, **kwargs: Any) -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # merge: deprecated, still checked
            return getattr(getattr(client, self.resource), self.method)(*args, **kwargs)


def _deref(document: dict[str, Any], node: Any) -> Any:
    if isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return _deref(document, target)
    return node


def _spec_operations(document: dict[str, Any]) -> dict[tuple[str, str], tuple[str, re.Pattern[str], dict[str, Any]]]:
    found = {}
    for path, item in document["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
        for method in _METHODS:
            if method in item:
                found[(method.upper(), path)] = (item[method]["operationId"], pattern, item[method])
    return found


def _answer(document: dict[str, Any], op: dict[str, Any]) -> str | None:
    for status, response in op["responses"].items():
        schema = _deref(document, response).get("content", {}).get("application/json", {}).get("schema")
        if status.startswith("2") and schema:
            return str(schema["$ref"].rsplit("/", 1)[1])
    return None


def _argument_schemas(
    document: dict[str, Any], path: str, op: dict[str, Any], positional: tuple[str, ...], keywords: list[str]
) -> dict[str, dict[str, Any]]:
    item = document["paths"][path]
    params = [_deref(document, p) for p in item.get("parameters", []) + op.get("parameters", [])]
    in_path = {p["name"]: p["schema"] for p in params if p["in"] == "path"}
    names = re.findall(r"\{([^}]+)\}", path)
    schemas = {arg: _deref(document, in_path[name]) for arg, name in zip(positional, names, strict=True)}
    query = {p["name"]: p["schema"] for p in params if p["in"] == "query"}
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    properties = _deref(document, body).get("properties", {}) if body else {}
    for arg in keywords:
        schema = query.get(arg, properties.get(arg))
        if schema is None:
            raise AssertionError(
                f"{op['operationId']}: the SDK takes {arg!r}, which the spec has neither as a query parameter "
                "nor as a body property"
            )
        schemas[arg] = _deref(document, schema)
    return schemas


def _sent_by(client: sdk.Autoenhance, sent: list[httpx.Request], resource: str, method: str, ids: int) -> httpx.Request:
    """The one request a method sends (with ``"o"`` for each id), answered 503 and not retried."""
    del sent[:]
    with contextlib.suppress(sdk.InternalServerError):
        SdkOperation("", resource, method, "", "", ()).call(client, *["o"] * ids)
    (request,) = sent
    return request


def sdk_operations(document: dict[str, Any]) -> dict[str, SdkOperation]:
    """operationId -> the SDK method that calls it, for every such method of every resource."""
    spec = _spec_operations(document)
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(503)

    transport = httpx.MockTransport(answer)
    with httpx.Client(transport=transport) as http:
        client = sdk.Autoenhance(api_key="map", base_url=HOST, max_retries=0, http_client=http)
        return _match(document, spec, client, sent)


def _match(
    document: dict[str, Any], spec: dict[Any, Any], client: sdk.Autoenhance, sent: list[httpx.Request]
) -> dict[str, SdkOperation]:
    found: dict[str, SdkOperation] = {}
    for resource, value in vars(client).items():
        raw = getattr(value, "with_raw_response", None)
        for method in vars(raw) if raw is not None else ():
            parameters = inspect.signature(getattr(value, method)).parameters.values()
            positional = tuple(p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD)
            keywords = [p.name for p in parameters if p.kind is p.KEYWORD_ONLY and p.name not in SDK_ONLY]
            request = _sent_by(client, sent, resource, method, len(positional))
            path = request.url.path
            matches = [(key, hit) for key, hit in spec.items() if key[0] == request.method and hit[1].match(path)]
            if len(matches) != 1:
                raise AssertionError(
                    f"{resource}.{method} sends {request.method} {path}, which is not one spec operation"
                )
            ((http_method, path_template), (operation, _, op)) = matches[0]
            if operation in found:
                raise AssertionError(f"{operation} is called by two SDK methods: {found[operation].method}, {method}")
            found[operation] = SdkOperation(
                operation,
                resource,
                method,
                path_template,
                http_method,
                positional,
                _argument_schemas(document, path_template, op, positional, keywords),
                _answer(document, op),
            )
    return found
