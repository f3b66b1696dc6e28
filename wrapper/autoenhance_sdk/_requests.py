"""Turn each method's arguments into a checked request, using the generated layer to build it.

The generated endpoint modules decide paths, percent-encoding of ids, query and body
serialization (their ``_get_kwargs``); this module checks the arguments first and says how to
read the answer. Nothing here does I/O, so the sync and async clients share all of it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from autoenhance_api.api.orders import (
    create_order,
    delete_order,
    list_order_brackets,
    list_orders,
    merge_order,
    process_order,
    retrieve_order,
    update_order,
)
from autoenhance_api.models import (
    CloudType,
    EnhanceType,
    OrderBracketsOut,
    OrderHDRMerge,
    OrderHDRProcessIn,
    OrderImageIn,
    OrderIn,
    OrderOut,
    OrdersOut,
    SortImagesBy,
)
from autoenhance_api.types import UNSET, Unset

from ._exceptions import InvalidInputError
from ._ids import check_ai_version, check_bool, check_each, check_enum, check_int, check_order_id, check_str

__all__ = ["Prepared", "ProcessOptions"]

T = TypeVar("T")


@dataclass(frozen=True)
class Prepared(Generic[T]):
    """One request, ready to send: what the generated layer built plus how to read the answer."""

    operation: str
    kwargs: dict[str, Any]  # method, url, params, json, headers
    parse: Callable[[Any], T]  # the 2xx JSON body -> model
    needs_key: bool = True
    order_id: str | None = None  # for create: the id it asks for (to recognise our own retry)
    name: str | Unset = field(default=UNSET)


def _version(api_version: str | None) -> str | Unset:
    return UNSET if api_version is None else api_version


def _none(_: Any) -> None:
    return None


def create(order_id: str | None, name: str | None, api_version: str | None) -> Prepared[OrderOut]:
    # An id chosen here, not by the server, makes the create safe to retry: a repeat of the same
    # request can only meet its own order (409), never make a second one.
    chosen = str(uuid.uuid4()) if order_id is None else check_order_id(order_id)
    body = OrderIn(order_id=chosen, name=UNSET if name is None else check_str(name, "name", 255))
    kwargs = create_order._get_kwargs(body=body, x_api_version=_version(api_version))
    return Prepared("create_order", kwargs, OrderOut.from_dict, order_id=chosen, name=body.name)


def retrieve(order_id: str, sort_images_by: str | SortImagesBy | None, api_version: str | None) -> Prepared[OrderOut]:
    sort = UNSET if sort_images_by is None else check_enum(SortImagesBy, sort_images_by, "sort_images_by")
    kwargs = retrieve_order._get_kwargs(
        check_order_id(order_id), sort_images_by=sort, x_api_version=_version(api_version)
    )
    return Prepared("retrieve_order", kwargs, OrderOut.from_dict, needs_key=False)


def update(order_id: str, name: str | None, api_version: str | None) -> Prepared[OrderOut]:
    body = OrderIn(name=UNSET if name is None else check_str(name, "name", 255))
    kwargs = update_order._get_kwargs(check_order_id(order_id), body=body, x_api_version=_version(api_version))
    return Prepared("update_order", kwargs, OrderOut.from_dict)


def delete(order_id: str, api_version: str | None) -> Prepared[None]:
    kwargs = delete_order._get_kwargs(check_order_id(order_id), x_api_version=_version(api_version))
    return Prepared("delete_order", kwargs, _none)


def list_page(offset: str | None, per_page: int, api_version: str | None) -> Prepared[OrdersOut]:
    kwargs = list_orders._get_kwargs(
        offset=UNSET if offset is None else check_str(offset, "offset", 512, min_length=1),
        per_page=check_int(per_page, "per_page", 1),
        x_api_version=_version(api_version),
    )
    return Prepared("list_orders", kwargs, OrdersOut.from_dict)


def brackets(order_id: str, api_version: str | None) -> Prepared[OrderBracketsOut]:
    kwargs = list_order_brackets._get_kwargs(check_order_id(order_id), x_api_version=_version(api_version))
    return Prepared("list_order_brackets", kwargs, OrderBracketsOut.from_dict, needs_key=False)


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
    ids = check_each(group, name, lambda v, n: check_str(v, n, 10_000, min_length=1))
    if not ids:
        raise InvalidInputError(f"{name} must name at least one bracket id.")
    return OrderImageIn(bracket_ids=ids)


def process(
    order_id: str,
    options: ProcessOptions,
    images: Sequence[Sequence[str] | OrderImageIn] | None,
    api_version: str | None,
) -> Prepared[OrderOut]:
    groups = UNSET if images is None else check_each(images, "images", _bracket_group)
    body = OrderHDRProcessIn(images=groups, **options.checked())
    kwargs = process_order._get_kwargs(check_order_id(order_id), body=body, x_api_version=_version(api_version))
    return Prepared("process_order", kwargs, OrderOut.from_dict)


def merge(order_id: str, options: ProcessOptions, api_version: str | None) -> Prepared[OrderOut]:
    body = OrderHDRMerge(**options.checked())
    kwargs = merge_order._get_kwargs(check_order_id(order_id), body=body, x_api_version=_version(api_version))
    return Prepared("merge_order", kwargs, OrderOut.from_dict)
