"""Check user input before anything is sent, so a bad id can never reach another resource.

Order ids go into the URL path. The generated layer percent-encodes them (``/`` becomes ``%2F``),
but some ids cannot be addressed at all: ``.`` and ``..`` are removed from paths by URL
normalisation (``/v3/orders/..`` would become ``/v3/``), an empty id names the collection, and a
lone surrogate cannot be encoded. The spec forbids those and ids with ``/`` or over 128
characters; they are refused here with a message saying what is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from ._exceptions import InvalidInputError

__all__ = ["check_bool", "check_enum", "check_order_id"]

E = TypeVar("E", bound=Enum)
_AI_VERSION = re.compile(r"([0-9]+\.([0-9]+|x)|dev)")


def check_order_id(value: object, name: str = "order_id") -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"{name} must be a str, got {type(value).__name__}.")
    if not 1 <= len(value) <= 128:
        raise InvalidInputError(f"{name} must be 1 to 128 characters long, got {len(value)}.")
    if "/" in value:
        raise InvalidInputError(f"{name} must not contain '/': {value!r}.")
    if value in (".", ".."):
        raise InvalidInputError(f"{name} cannot be {value!r}: URL paths drop dot segments.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(f"{name} is not valid Unicode text (it holds a lone surrogate).") from None
    return value


def check_enum(enum: type[E], value: object, name: str) -> E:
    try:
        return enum(value)
    except ValueError:
        known = ", ".join(repr(m.value) for m in enum)
        raise InvalidInputError(f"{name} must be one of {known}; got {value!r}.") from None


def check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(f"{name} must be True or False, got {value!r}.")
    return value


def check_int(value: object, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInputError(f"{name} must be a whole number of at least {minimum}, got {value!r}.")
    return value


def check_str(value: object, name: str, max_length: int, min_length: int = 0) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"{name} must be a str, got {type(value).__name__}.")
    if not min_length <= len(value) <= max_length:
        raise InvalidInputError(f"{name} must be {min_length} to {max_length} characters long, got {len(value)}.")
    return value


def check_ai_version(value: object) -> str:
    if not isinstance(value, str) or not _AI_VERSION.fullmatch(value):
        raise InvalidInputError(f"ai_version must look like '5.x', '4.7' or 'dev'; got {value!r}.")
    return value


def check_each(values: object, name: str, check: Callable[[object, str], Any]) -> list[Any]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise InvalidInputError(f"{name} must be a list, got {type(values).__name__}.")
    return [check(v, f"{name}[{i}]") for i, v in enumerate(values)]
