"""What a method hands the client to send: the request, how to read its answer, who may send it.

Methods check their arguments (``_ids``), build the request through ``_generated`` and pass a
``Prepared`` to the client, which sends, retries and reads it. Nothing here does I/O, so the sync
and async clients share all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any, Generic, TypeAlias, TypeVar

from autoenhance_api.models import (
    CloudType,
    EnhanceType,
    ImageAiVersion,
    ImageFormat,
    ImageIn,
    ImageInFinetuneSettingsType0,
    ImageInMetadata,
    ImageInUpdate,
    ImageInUpdateFinetuneSettingsType0,
    ImageInUpdateMetadata,
    OrderImageIn,
    ReportCategory,
)
from autoenhance_api.types import UNSET

from ._exceptions import InvalidInputError
from ._generated import Endpoint
from ._ids import (
    check_ai_version,
    check_bool,
    check_each,
    check_enum,
    check_int,
    check_json_object,
    check_number,
    check_order_id,
    check_str,
)

__all__ = [
    "BracketGroup",
    "DownloadOptions",
    "ImageOptions",
    "Prepared",
    "ProcessOptions",
    "Recoverable",
    "bracket_groups",
    "bracket_name",
    "report_categories",
]

T = TypeVar("T")
BracketGroup: TypeAlias = Sequence[str] | Mapping[str, Sequence[str]] | OrderImageIn
"""One image of ``orders.process(images=...)``: its bracket ids, as a list, as the API's
``{"bracket_ids": [...]}``, or as an ``OrderImageIn``."""


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
    model: type[T] | None  # the generated model of the 2xx body; bytes: an image; None: no body expected
    needs_key: bool = True
    recover: Recoverable | None = None
    # a delete: a 404 to a retry after an attempt whose answer was lost is the first attempt's
    # work (the resource is gone, as asked), not an error
    gone_ok: bool = False
    follow_redirects: bool = False  # downloads: the API answers 302 to the asset's signed URL
    # downloads to disk: the image's bytes stream to ``sink.write(response)``, whose result is
    # the call's (the sync or async ``FileSink``); the answers of other kinds are read as usual
    sink: Any = None

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


_GROUP_SHAPES = 'a list of bracket ids, {"bracket_ids": [...]} or an OrderImageIn'


def _bracket_group(group: object, name: str) -> OrderImageIn:
    shapes = _GROUP_SHAPES
    if isinstance(group, OrderImageIn):
        group = group.bracket_ids
    elif isinstance(group, Mapping):  # the API's own shape: {"bracket_ids": [...]}, and only that key
        if set(group) != {"bracket_ids"}:
            keys = ", ".join(repr(k) for k in group) or "none"
            raise InvalidInputError(f"{name} as a mapping must have exactly the key 'bracket_ids', got keys {keys}.")
        group, name, shapes = group["bracket_ids"], f"{name}['bracket_ids']", "a list of bracket ids"
    if isinstance(group, (str, Mapping, Set)):  # a str would give its letters, a dict its keys, a set no order
        raise InvalidInputError(f"{name} must be {shapes}, got {type(group).__name__}.")
    ids = check_each(group, name, lambda v, n: check_str(v, n, 10_000, min_length=1))
    if not ids:
        raise InvalidInputError(f"{name} must name at least one bracket id.")
    return OrderImageIn(bracket_ids=ids)


def bracket_groups(images: Sequence[BracketGroup]) -> list[OrderImageIn]:
    """``images`` of process: each image's brackets, as a list of bracket ids, the API's
    ``{"bracket_ids": [...]}`` or an ``OrderImageIn``; none empty."""
    return check_each(images, "images", _bracket_group)


def _checked(values: dict[str, Any], checks: dict[str, Callable[[Any, str], Any]]) -> dict[str, Any]:
    """Each value given (not None) through its check (``check_bool`` unless named); None left out."""
    return {name: checks.get(name, check_bool)(value, name) for name, value in values.items() if value is not None}


def _image_name(value: object, name: str) -> str:
    return check_str(value, name, 255, min_length=1)


MAX_TEXT = 1_048_576  # a text the spec sets no length for: at most the API's body limit (1 MiB)

_IMAGE_CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "image_name": _image_name,
    "order_id": check_order_id,
    "ai_version": lambda v, n: check_enum(ImageAiVersion, v, n),
    "enhance_type": lambda v, n: check_enum(EnhanceType, v, n),
    "cloud_type": lambda v, n: check_enum(CloudType, v, n),
    "rating": lambda v, n: check_int(v, n, 0, 5),
    "metadata": check_json_object,
    "finetune_settings": check_json_object,
    "content_type": lambda v, n: check_str(v, n, MAX_TEXT),  # the spec sets no length: the body's limit
}


@dataclass(frozen=True)
class ImageOptions:
    """The fields of a new image (``ImageIn``) and of a reprocess (``ImageInUpdate``); None leaves
    a field out: the API's default for a new image, the image's previous value for a reprocess."""

    image_name: str | None = None
    order_id: str | None = None
    ai_version: str | ImageAiVersion | None = None
    enhance: bool | None = None
    enhance_type: str | EnhanceType | None = None
    cloud_type: str | CloudType | None = None
    sky_replacement: bool | None = None
    lens_correction: bool | None = None
    vertical_correction: bool | None = None
    privacy: bool | None = None
    window_pull: bool | None = None
    upscale: bool | None = None
    threesixty: bool | None = None
    rating: int | None = None
    metadata: Mapping[str, Any] | None = None
    finetune_settings: Mapping[str, Any] | None = None
    content_type: str | None = None

    @classmethod
    def pick(cls, arguments: dict[str, Any]) -> ImageOptions:
        """The image's fields among a method's arguments (``locals()`` of create/process)."""
        return cls(**{name: arguments[name] for name in cls.__dataclass_fields__ if name in arguments})

    def _fields(self, metadata: type[Any], finetune: type[Any]) -> dict[str, Any]:
        """Every field for the generated model, each checked; not given: UNSET, never the model's
        own default (``ImageInUpdate`` defaults ``enhance`` to true, which would overwrite the
        image's value on a reprocess)."""
        fields = _checked(vars(self), _IMAGE_CHECKS)
        for name, model in (("metadata", metadata), ("finetune_settings", finetune)):
            if name in fields:  # free-form objects: their generated models read a dict
                fields[name] = model.from_dict(fields[name])
        return {name: fields.get(name, UNSET) for name in vars(self)}

    def image_in(self) -> ImageIn:
        """The body of ``create_image``; ``image_name`` is required."""
        fields = self._fields(ImageInMetadata, ImageInFinetuneSettingsType0)
        fields["image_name"] = _image_name(self.image_name, "image_name")
        return ImageIn(**fields)

    def image_in_update(self) -> ImageInUpdate:
        """The body of ``process_image``: only the fields given (``{}`` keeps every option)."""
        return ImageInUpdate(**self._fields(ImageInUpdateMetadata, ImageInUpdateFinetuneSettingsType0))


@dataclass(frozen=True)
class DownloadOptions:
    """The query of a download (``/enhanced``, ``/original``); None leaves a parameter out."""

    preview: bool | None = None
    watermark: bool | None = None
    format: str | ImageFormat | None = None
    quality: int | None = None
    max_width: int | None = None
    scale: float | None = None
    finetune: bool | None = None

    @classmethod
    def pick(cls, arguments: dict[str, Any]) -> DownloadOptions:
        """The query among a download method's arguments (its ``locals()``)."""
        return cls(**{name: arguments[name] for name in cls.__dataclass_fields__ if name in arguments})

    def checked(self) -> dict[str, Any]:
        """Keyword arguments for the generated endpoint (``format`` is its ``format_``), each checked."""
        fields = _checked(
            vars(self),
            {
                "format": lambda v, n: check_enum(ImageFormat, v, n),
                "quality": lambda v, n: check_int(v, n, 1, 90),
                "max_width": lambda v, n: check_int(v, n, 1),
                "scale": lambda v, n: check_number(v, n, 0, 1),
            },
        )
        if "format" in fields:
            fields["format_"] = fields.pop("format")
        return fields


def report_categories(values: object) -> list[ReportCategory]:
    """``categories`` of a report: at least one ``ReportCategory`` (or its value)."""
    if isinstance(values, (str, Mapping)):  # one category, or a dict's keys: a list is meant
        raise InvalidInputError(f"categories must be a list of categories, got {type(values).__name__}.")
    checked = check_each(values, "categories", lambda v, n: check_enum(ReportCategory, v, n))
    if not checked:
        raise InvalidInputError("categories must name at least one category.")
    return checked


def bracket_name(value: object) -> str:
    """A bracket's ``name``: its file name, 1 to 255 characters, no ``/``."""
    name = check_str(value, "name", 255, min_length=1)
    if "/" in name:
        raise InvalidInputError(f"name must not contain '/' (a file name, not a path): {name!r}.")
    return name
