"""Check user input before anything is sent, so a bad id can never reach another resource.

Order and image ids go into the URL path. The generated layer percent-encodes them (``/`` becomes ``%2F``),
but some ids cannot be addressed at all: ``.`` and ``..`` are removed from paths by URL
normalisation (``/v3/orders/..`` would become ``/v3/``), an empty id names the collection, and a
lone surrogate cannot be encoded. The spec forbids those and ids with ``/`` or over 128
characters; they are refused here with a message saying what is wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

from ._exceptions import InvalidInputError

__all__ = [
    "check_bool",
    "check_enum",
    "check_image_id",
    "check_int",
    "check_json_object",
    "check_number",
    "check_order_id",
    "check_str",
]

E = TypeVar("E", bound=Enum)
_AI_VERSION = re.compile(r"([0-9]+\.([0-9]+|x)|dev)")


def check_order_id(value: object, name: str = "order_id") -> str:
    return _check_path_id(value, name)


def check_image_id(value: object, name: str = "image_id") -> str:
    """Image ids follow the same rules as order ids (the spec's ImageId)."""
    return _check_path_id(value, name)


def _check_path_id(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"{name} must be a str, got {type(value).__name__}.")
    if not 1 <= len(value) <= 128:
        raise InvalidInputError(f"{name} must be 1 to 128 characters long, got {len(value)}.")
    if "/" in value:
        raise InvalidInputError(f"{name} must not contain '/': {value!r}.")
    if value in (".", ".."):
        raise InvalidInputError(f"{name} cannot be {value!r}: URL paths drop dot segments.")
    _check_unicode(value, name)
    return value


def _check_unicode(value: str, name: str) -> None:
    """What cannot be encoded as UTF-8 cannot be sent (in a path or a JSON body)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(f"{name} is not valid Unicode text (it holds a lone surrogate).") from None


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


def check_int(value: object, name: str, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInputError(f"{name} must be a whole number of at least {minimum}, got {value!r}.")
    if maximum is not None and value > maximum:
        raise InvalidInputError(f"{name} must be a whole number from {minimum} to {maximum}, got {value!r}.")
    return value


def check_number(value: object, name: str, minimum: float, maximum: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not minimum <= value <= maximum:
        raise InvalidInputError(f"{name} must be a number from {minimum:g} to {maximum:g}, got {value!r}.")
    return float(value)


def check_json_object(value: object, name: str) -> dict[str, Any]:
    """A dict of your own data, sent as a JSON object: str keys, values JSON can carry."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise InvalidInputError(f"{name} must be a dict with str keys, got {type(value).__name__}.")
    try:
        json.dumps(dict(value), allow_nan=False, ensure_ascii=False).encode("utf-8")  # as httpx will send it
    except (TypeError, ValueError, RecursionError) as exc:  # UnicodeEncodeError (a lone surrogate) included
        raise InvalidInputError(f"{name} must hold only what JSON can carry ({type(exc).__name__}: {exc}).") from None
    return dict(value)


def check_str(value: object, name: str, max_length: int, min_length: int = 0) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"{name} must be a str, got {type(value).__name__}.")
    if not min_length <= len(value) <= max_length:
        raise InvalidInputError(f"{name} must be {min_length} to {max_length} characters long, got {len(value)}.")
    _check_unicode(value, name)
    return value


def check_ai_version(value: object) -> str:
    if not isinstance(value, str) or not _AI_VERSION.fullmatch(value):
        raise InvalidInputError(f"ai_version must look like '5.x', '4.7' or 'dev'; got {value!r}.")
    return value


def check_each(values: object, name: str, check: Callable[[object, str], Any]) -> list[Any]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise InvalidInputError(f"{name} must be a list, got {type(values).__name__}.")
    return [check(v, f"{name}[{i}]") for i, v in enumerate(values)]
