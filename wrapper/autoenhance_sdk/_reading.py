"""Reading a 2xx body into its generated model, tolerant of missing or null required fields.

The provider has changed these schemas several times (``status`` became untyped and nullable,
fields appeared), so a field the spec requires may be absent or null in a real answer. As in
Stainless-made SDKs, that must not break a call whose caller never reads the field: the model is
still returned, the field reads as None, and one warning per operation and field is logged.
With ``strict_response_validation=True`` such an answer is an error. Anything else that does not
fit the model (a wrong type, a bad date) is an error in both modes.

The generated ``from_dict`` stops at the first missing field and lets some nulls through
unchecked, so the body is walked first, by a plan made once per model: each missing or
wrongly-null required field gets a placeholder that parses (copy on write: a sound body is
neither copied nor changed), the model is read, and those fields are then set to None again.
"""

from __future__ import annotations

import datetime
import enum
import logging
import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar, Union

import attrs
import autoenhance_api.models
from autoenhance_api.types import Unset

__all__ = ["Gap", "read_model"]

M = TypeVar("M")
logger = logging.getLogger("autoenhance_sdk")
Step = str | int  # an attribute name, or a position in a list


@dataclass(frozen=True)
class Gap:
    """A required field that was missing or null, by where it sits in the model."""

    steps: tuple[Step, ...]
    optional: bool = False  # a null in an optional field the spec does not let be null: left out

    @property
    def label(self) -> str:
        """``images[].image_id``: list positions folded, so one warning covers every item."""
        return "".join("[]" if isinstance(s, int) else f".{s}" for s in self.steps).lstrip(".")


@dataclass(frozen=True)
class _Nested:
    """What to walk inside a field's value: a model, or a list of something walkable."""

    model: type | None = None
    item: _Nested | None = None


@dataclass(frozen=True)
class _Field:
    name: str
    required: bool
    nullable: bool
    placeholder: Any
    nested: _Nested | None
    json_types: tuple[type, ...] | None  # what JSON may hold here; None: not checked (Any)
    # json_types as a set: a value of exactly such a type needs no closer look (_wrong_type's
    # cases are a bool, a subclass, or a float where an integer goes, none of which is in it)
    plain: frozenset[type] = frozenset()


def _value_types(hint: Any) -> list[Any]:
    members = typing.get_args(hint) if typing.get_origin(hint) in (Union, types.UnionType) else (hint,)
    return [m for m in members if m is not type(None) and m is not Unset]


def _is_model(hint: Any) -> bool:
    return isinstance(hint, type) and attrs.has(hint) and hasattr(hint, "from_dict")


_JSON_TYPES: dict[Any, tuple[type, ...]] = {
    str: (str,),
    bool: (bool,),
    int: (int,),
    float: (int, float),
    datetime.datetime: (str,),
    datetime.date: (str,),
}


def _json_types(hint: Any) -> tuple[type, ...] | None:
    """The JSON types a value of ``hint`` arrives as. The generated code checks none of them for
    plain fields (``is_processing: "yes"`` would be read as is), so the reader does."""
    found: list[type] = []
    for member in _value_types(hint):
        if member in _JSON_TYPES:
            found += _JSON_TYPES[member]
        elif isinstance(member, type) and issubclass(member, enum.Enum):
            found.append(type(next(iter(member)).value))
        elif typing.get_origin(member) is list:
            found.append(list)
        elif _is_model(member) or typing.get_origin(member) is dict or member is dict:
            found.append(dict)
        else:
            return None
    return tuple(found) or None


def _wrong_type(value: Any, allowed: tuple[type, ...]) -> bool:
    if isinstance(value, bool):  # a bool is an int to Python, not to JSON
        return bool not in allowed
    if isinstance(value, float) and int in allowed:  # JSON Schema: 3.0 is an integer, 3.5 is not
        return not value.is_integer()
    return not isinstance(value, allowed)


def _nested(hint: Any) -> _Nested | None:
    for member in _value_types(hint):
        if _is_model(member):
            return _Nested(model=member)
        if typing.get_origin(member) is list:
            item = _nested((typing.get_args(member) or (Any,))[0])
            return _Nested(item=item) if item else None
    return None


_SIMPLE: dict[Any, Any] = {
    str: "",
    bool: False,
    int: 0,
    float: 0.0,
    datetime.datetime: "1970-01-01T00:00:00+00:00",
    datetime.date: "1970-01-01",
}


def _placeholder(hint: Any) -> Any:
    """A JSON value the generated code reads without error as ``hint``."""
    for member in _value_types(hint):
        if member in _SIMPLE:
            return _SIMPLE[member]
        if isinstance(member, type) and issubclass(member, enum.Enum):
            return next(iter(member)).value
        if typing.get_origin(member) is list:
            return []
        if _is_model(member):
            return {f.name: f.placeholder for f in _plan(member) if f.required}
    return None  # Any, or a type this reader does not know: the model's own check decides


@cache
def _plan(model: type) -> tuple[_Field, ...]:
    """How to walk a body of ``model``: each field but ``additional_properties``."""
    # nested models are imported only under TYPE_CHECKING in their modules: resolve from the package
    hints = typing.get_type_hints(model, localns=vars(autoenhance_api.models))
    plan = []
    for f in attrs.fields(model):
        if f.name == "additional_properties":
            continue
        hint = hints[f.name]
        nullable = typing.get_origin(hint) in (Union, types.UnionType) and type(None) in typing.get_args(hint)
        nullable = nullable or hint is Any
        required = f.default is attrs.NOTHING
        allowed = _json_types(hint)
        plain = frozenset(allowed or ())
        plan.append(_Field(f.name, required, nullable, _placeholder(hint), _nested(hint), allowed, plain))
    return tuple(plan)


_LEAVE_OUT = object()
_ABSENT = object()


def _repair(model: type, data: Any, at: tuple[Step, ...], gaps: list[Gap]) -> Any:
    """``data``, or a copy with placeholders where required fields are missing or wrongly null."""
    if not isinstance(data, dict):
        return data
    fixed = data
    for f in _plan(model):
        value = data.get(f.name, _ABSENT)
        if value is _ABSENT:
            if not f.required:
                continue
            new = f.placeholder
            gaps.append(Gap((*at, f.name)))
        elif value is None:
            if f.nullable:
                continue
            gaps.append(Gap((*at, f.name), optional=not f.required))
            new = f.placeholder if f.required else _LEAVE_OUT
        else:
            if f.json_types and type(value) not in f.plain and _wrong_type(value, f.json_types):
                label = Gap((*at, f.name)).label
                raise TypeError(f"the field {label!r} is {type(value).__name__}, not {_names(f.json_types)}")
            if f.nested is None:
                continue
            new = _repair_value(f.nested, value, (*at, f.name), gaps)
            if new is value:
                continue
        if fixed is data:
            fixed = dict(data)
        if new is _LEAVE_OUT:
            del fixed[f.name]  # the generated code then reads it as UNSET, as if it were absent
        else:
            fixed[f.name] = new
    return fixed


def _names(types_: tuple[type, ...]) -> str:
    json_names = {str: "string", bool: "boolean", int: "integer", float: "number", list: "array", dict: "object"}
    return " or ".join(dict.fromkeys(json_names.get(t, t.__name__) for t in types_))


def _repair_value(nested: _Nested, value: Any, at: tuple[Step, ...], gaps: list[Gap]) -> Any:
    if nested.model is not None:
        return _repair(nested.model, value, at, gaps)
    if not isinstance(value, list):  # a list of lists whose item is not one: from_dict decides
        return value
    assert nested.item is not None  # _nested() makes a list entry only with something to walk
    items = [_repair_value(nested.item, v, (*at, i), gaps) for i, v in enumerate(value)]
    return value if all(a is b for a, b in zip(items, value, strict=True)) else items


def _parent(obj: Any, steps: tuple[Step, ...]) -> Any:
    """The object holding the last step's field."""
    for step in steps[:-1]:
        obj = obj[step] if isinstance(step, int) else getattr(obj, step)
    return obj


def read_model(model: type[M], data: Any, *, strict: bool, operation: str, warned: set[tuple[str, str]]) -> M:
    """``model.from_dict(data)``; missing/null required fields read as None unless ``strict``.

    Raises what ``from_dict`` raises (KeyError, TypeError, ValueError...), or ValueError naming
    the first gap in strict mode; the caller turns it into ``APIResponseValidationError``.
    """
    gaps: list[Gap] = []
    repaired = _repair(model, data, (), gaps) if _is_model(model) else data
    if gaps and strict:
        first = gaps[0]
        what = "field {!r} is null" if first.optional else "required field {!r} is missing or null"
        raise ValueError(f"the {what.format(first.label)}")
    required = [f.name for f in _plan(model) if f.required] if gaps else []  # type: ignore[arg-type]
    if required and not any(data.get(name) is not None for name in required):
        # not this model with gaps, but something else (an error body under a 2xx, a proxy's page)
        raise ValueError(f"none of the required fields of {model.__name__} is there ({', '.join(required)})")
    parsed: M = model.from_dict(repaired)  # type: ignore[attr-defined]
    for gap in gaps:
        if not gap.optional:  # a required field reads as None; an optional one was left out (UNSET)
            setattr(_parent(parsed, gap.steps), str(gap.steps[-1]), None)
        if (operation, gap.label) not in warned:
            warned.add((operation, gap.label))
            what = (
                "the field %r is null, which the spec does not allow; it reads as unset"
                if gap.optional
                else ("the answer has no value for the required field %r (missing or null); it reads as None")
            )
            logger.warning(
                "%s: " + what + ". Autoenhance(strict_response_validation=True) raises instead.", operation, gap.label
            )
    return parsed
