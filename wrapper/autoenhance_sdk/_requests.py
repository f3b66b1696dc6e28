"""What a method hands the client to send: the request, how to read its answer, who may send it.

Methods check their arguments (``_ids``), build the request through ``_generated`` and pass a
``Prepared`` to the client, which sends, retries and reads it. Nothing here does I/O, so the sync
and async clients share all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from autoenhance_api.models import CloudType, EnhanceType, OrderImageIn

from ._exceptions import InvalidInputError
from ._generated import Endpoint
from ._ids import check_ai_version, check_bool, check_each, check_enum, check_int, check_str

__all__ = ["Prepared", "ProcessOptions", "Recoverable", "bracket_groups"]

T = TypeVar("T")


@dataclass(frozen=True)
class Recoverable:
    """A create that may be retried: the id it asks for and the name it gives (to recognise a
    409 to our own retry as the order our first attempt made)."""

    order_id: str
    name: str | None


@dataclass(frozen=True)
class Prepared(Generic[T]):
    """One request, ready to send, and how to read a 2xx answer to it."""

    endpoint: Endpoint
    model: type[T] | None  # the generated model of the 2xx body; None: no body expected
    needs_key: bool = True
    recover: Recoverable | None = None

    @property
    def operation(self) -> str:
        return self.endpoint.operation


@dataclass(frozen=True)
class ProcessOptions:
    """The enhancement options of process and merge; None leaves an option to the API's default."""

    ai_version: str | None = None
    cloud_type: str | CloudType | None = None
    enhance: bool | None = None
    enhance_type: str | EnhanceType | None = None
    lens_correction: bool | None = None
    number_of_brackets_per_image: int | None = None
    privacy: bool | None = None
    sky_replacement: bool | None = None
    upscale: bool | None = None
    vertical_correction: bool | None = None
    window_pull: bool | None = None

    @classmethod
    def pick(cls, arguments: dict[str, Any]) -> ProcessOptions:
        """The options among a method's arguments (``locals()`` of process/merge)."""
        return cls(**{name: arguments[name] for name in cls.__dataclass_fields__ if name in arguments})

    def checked(self) -> dict[str, Any]:
        """Keyword arguments for the generated body model, each checked; unset options left out."""
        checks: dict[str, Callable[[Any], Any]] = {
            "ai_version": check_ai_version,
            "cloud_type": lambda v: check_enum(CloudType, v, "cloud_type"),
            "enhance_type": lambda v: check_enum(EnhanceType, v, "enhance_type"),
            "number_of_brackets_per_image": lambda v: check_int(v, "number_of_brackets_per_image", 0),
        }
        out: dict[str, Any] = {}
        for name, value in vars(self).items():
            if value is None:
                continue
            check = checks.get(name)
            out[name] = check(value) if check else check_bool(value, name)
        return out


def _bracket_group(group: object, name: str) -> OrderImageIn:
    if isinstance(group, OrderImageIn):
        group = group.bracket_ids
    if isinstance(group, (str, Mapping, Set)):  # a dict would give its keys, a set no order
        raise InvalidInputError(
            f"{name} must be a list of bracket ids (or an OrderImageIn), got {type(group).__name__}."
        )
    ids = check_each(group, name, lambda v, n: check_str(v, n, 10_000, min_length=1))
    if not ids:
        raise InvalidInputError(f"{name} must name at least one bracket id.")
    return OrderImageIn(bracket_ids=ids)


def bracket_groups(images: Sequence[Sequence[str] | OrderImageIn]) -> list[OrderImageIn]:
    """``images`` of process: each a list of bracket ids (or an ``OrderImageIn``), none empty."""
    return check_each(images, "images", _bracket_group)
