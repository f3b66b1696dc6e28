"""What ``with_raw_response`` methods return: the parsed model plus the HTTP details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

import httpx

__all__ = ["RawResponse"]

T = TypeVar("T")


@dataclass(frozen=True)
class RawResponse(Generic[T]):
    """The final answer to one call (after any retries)."""

    parsed: T
    http_response: httpx.Response
    attempts: int

    @property
    def status_code(self) -> int:
        """The HTTP status of the final answer."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The headers of the final answer."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The ``x-request-id`` header, when the API sends one."""
        value: str | None = self.http_response.headers.get("x-request-id")
        return value
