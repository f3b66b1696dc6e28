"""The SDK's operation methods matched to the spec's operations, with arguments drawn from the spec.

Nothing here names an operation or a method. The methods are those of each resource's
``with_raw_response`` view (one per public method that sends one request); each is matched to
the spec operation whose method and path template its request hits. Its arguments are matched
by name to the operation's query parameters, request-body properties and header parameters
(``x-dev-mode`` is ``dev_mode``), its first positional arguments, in order, to the path
parameters, and their schemas give the values to try. Arguments the SDK requires get the least
value their schema allows (an enum's first value, a one-item list...).
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
from ._options import path_resources

__all__ = ["BINARY", "SDK_ONLY", "SdkOperation", "header_argument", "least_value", "sdk_operations"]

SDK_ONLY = frozenset({"timeout", "max_retries", "extra_headers"})  # client settings, not API arguments
BINARY = "bytes"  # SdkOperation.answer of an operation whose 2xx answer is a file (image bytes)
_METHODS = ("get", "put", "post", "delete", "patch")


def header_argument(header: str) -> str:
    """The SDK argument for a header parameter: ``x-dev-mode`` -> ``dev_mode``."""
    return header.lower().removeprefix("x-").replace("-", "_")


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
    answer: str | None = None  # the component schema of the 2xx JSON body, BINARY for a file, None for no body
    required: dict[str, Any] = field(default_factory=dict)  # keyword arguments it needs -> their least value
    headers: dict[str, str] = field(default_factory=dict)  # argument -> the header parameter it sends

    @property
    def writes(self) -> bool:
        return self.http_method != "GET"

    @property
    def collections(self) -> tuple[str, ...]:
        """The collection each path id names, in order: ``("images",)`` for ``/v3/images/{id}/enhanced``."""
        return tuple(collection for _, collection in path_resources()[self.operation])

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
        content = _deref(document, response).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        if status.startswith("2") and schema:
            return str(schema["$ref"].rsplit("/", 1)[1])
        if status.startswith("2") and content and all(media.startswith("image/") for media in content):
            return BINARY
    return None


def least_value(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    """The least value the schema allows, for an argument a call cannot leave out."""
    schema = _deref(document, schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "anyOf" in schema:
        return least_value(document, schema["anyOf"][0])
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "array":
        return [least_value(document, schema["items"])] * max(1, schema.get("minItems", 0))
    if kind == "integer" or kind == "number":
        return schema.get("minimum", 0)
    if kind == "boolean":
        return True
    if kind == "object":
        return {}
    if kind == "string":
        return "contract"  # no '/', not a dot segment: within every string rule of the spec
    raise NotImplementedError(f"no least value for {schema}")


def _required_values(document: dict[str, Any]) -> dict[str, Any]:
    """Every body property or query parameter some operation requires -> its least value: what
    to give a method's required keyword arguments before knowing which operation it calls."""
    values: dict[str, Any] = {}
    for item in document["paths"].values():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            for param in [_deref(document, p) for p in item.get("parameters", []) + op.get("parameters", [])]:
                if param["in"] == "query" and param.get("required"):
                    values.setdefault(param["name"], least_value(document, param["schema"]))
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            body = _deref(document, body) if body else {}
            for name in body.get("required", []):
                values.setdefault(name, least_value(document, body["properties"][name]))
    return values


def _argument_schemas(
    document: dict[str, Any], path: str, op: dict[str, Any], positional: tuple[str, ...], keywords: list[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """argument -> its schema, and argument -> the header it is sent as."""
    item = document["paths"][path]
    params = [_deref(document, p) for p in item.get("parameters", []) + op.get("parameters", [])]
    in_path = {p["name"]: p["schema"] for p in params if p["in"] == "path"}
    names = re.findall(r"\{([^}]+)\}", path)
    schemas = {arg: _deref(document, in_path[name]) for arg, name in zip(positional, names, strict=True)}
    query = {p["name"]: p["schema"] for p in params if p["in"] == "query"}
    headers = {header_argument(p["name"]): p for p in params if p["in"] == "header"}
    body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    properties = _deref(document, body).get("properties", {}) if body else {}
    sent_as: dict[str, str] = {}
    for arg in keywords:
        schema = query.get(arg, properties.get(arg))
        if schema is None and arg in headers:
            schema, sent_as[arg] = headers[arg]["schema"], headers[arg]["name"]
        if schema is None:
            raise AssertionError(
                f"{op['operationId']}: the SDK takes {arg!r}, which the spec has neither as a query parameter, "
                "a body property nor a header"
            )
        schemas[arg] = _deref(document, schema)
    return schemas, sent_as


def _sent_by(
    client: sdk.Autoenhance,
    sent: list[httpx.Request],
    resource: str,
    method: str,
    args: list[Any],
    required: dict[str, Any],
) -> httpx.Request:
    """The one request a method sends for these arguments, answered 503 and not retried."""
    del sent[:]
    with contextlib.suppress(sdk.InternalServerError):
        SdkOperation("", resource, method, "", "", ()).call(client, *args, **required)
    if len(sent) != 1:
        raise AssertionError(f"{resource}.{method} sent {len(sent)} requests, where one was expected")
    return sent[0]


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
    least = _required_values(document)
    for resource, value in vars(client).items():
        raw = getattr(value, "with_raw_response", None)
        for method in vars(raw) if raw is not None else ():
            parameters = list(inspect.signature(getattr(value, method)).parameters.values())
            leading = [p.name for p in parameters if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty]
            needed = {
                p.name: least[p.name]
                for p in parameters
                if p.kind is p.KEYWORD_ONLY and p.default is p.empty and p.name in least
            }
            # "o" for each id (and the least value of an argument the spec requires by that name)
            request = _sent_by(client, sent, resource, method, [least.get(name, "o") for name in leading], needed)
            path = request.url.path
            matches = [(key, hit) for key, hit in spec.items() if key[0] == request.method and hit[1].match(path)]
            if len(matches) != 1:
                raise AssertionError(
                    f"{resource}.{method} sends {request.method} {path}, which is not one spec operation"
                )
            ((http_method, path_template), (operation, _, op)) = matches[0]
            if operation in found:
                raise AssertionError(f"{operation} is called by two SDK methods: {found[operation].method}, {method}")
            # The first positional arguments are the path's ids; any further one is an argument
            # like the keywords (given by name here).
            positional = tuple(leading[: path_template.count("{")])
            keywords = [
                p.name
                for p in parameters
                if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)
                and p.name not in SDK_ONLY
                and p.name not in positional
            ]
            schemas, headers = _argument_schemas(document, path_template, op, positional, keywords)
            required = {
                p.name: least_value(document, schemas[p.name])
                for p in parameters
                if p.default is p.empty and p.name in keywords
            }
            found[operation] = SdkOperation(
                operation,
                resource,
                method,
                path_template,
                http_method,
                positional,
                schemas,
                _answer(document, op),
                required,
                headers,
            )
    return found
