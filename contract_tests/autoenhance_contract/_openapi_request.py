"""Judge a request the SDK built with a real OpenAPI request validator (openapi-core).

openapi-core has adapters for requests, werkzeug, Starlette... but not httpx; this is that
adapter, plus the validator built once from the spec (with the test's host as its server).
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

__all__ = ["HOST", "HttpxOpenAPIRequest", "build_validator"]

HOST = "http://contract.test"


class HttpxOpenAPIRequest:
    """An ``httpx.Request`` seen through openapi-core's ``Request`` protocol."""

    def __init__(self, request: httpx.Request) -> None:
        self.request = request
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(request.url.params.multi_items())),
            header=Headers(list(request.headers.items())),
            cookie=ImmutableMultiDict(),
        )

    @property
    def host_url(self) -> str:
        return f"{self.request.url.scheme}://{self.request.url.netloc.decode()}"

    @property
    def path(self) -> str:
        return self.request.url.path

    @property
    def method(self) -> str:
        return self.request.method.lower()

    @property
    def body(self) -> bytes | None:
        return self.request.content or None

    @property
    def content_type(self) -> str:
        return str(self.request.headers.get("content-type", ""))


def build_validator(document: dict[str, Any]) -> OpenAPI:
    spec = copy.deepcopy(document)
    spec["servers"] = [{"url": HOST}]
    return OpenAPI.from_dict(spec)
