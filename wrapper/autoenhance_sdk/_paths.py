"""Where downloads land: the ``Downloaded`` result, file names and their extensions.

Names that come from the API (an image's name) are made safe to use as one file name in the
folder asked for: no directory part, no ``..``, no control characters. A name the API gives can
never write outside that folder.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from ._exceptions import InvalidInputError

__all__ = ["Downloaded", "download_target", "extension", "folder_of", "part_path", "safe_stem", "unique_stems"]

_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
_FORMATS = {"jpeg": ".jpg", "png": ".png", "webp": ".webp"}
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


@dataclass(frozen=True)
class Downloaded:
    """A file written by a download: where, its media type, the image it is of, its size in bytes."""

    path: Path
    content_type: str
    image_id: str
    size: int


def extension(media: str, fmt: str | None) -> str:
    """The file extension for an answer's media type (else for the format asked for; jpeg)."""
    return _EXTENSIONS.get(media) or _FORMATS.get(fmt or "jpeg", ".jpg")


def part_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.{secrets.token_hex(4)}.part")


def safe_stem(name: object, fallback: str) -> str:
    """A file name (without extension) from an image's name: its last part, made harmless; else
    the fallback (an image id, from the API too) made harmless the same way; else ``image``."""
    for text in (name, fallback):
        text = text.replace("\\", "/").rsplit("/", 1)[-1] if isinstance(text, str) else ""
        stem = os.path.splitext(text)[0] if os.path.splitext(text)[1].lower() in _KNOWN else text
        stem = _cut(_UNSAFE.sub("_", stem).strip(" ."))
        if stem:
            return stem
    return "image"


def _cut(stem: str) -> str:
    """At most 200 bytes of UTF-8 (file systems count bytes, 255 at most, and the temporary
    name adds 15), cut between characters."""
    return stem.encode("utf-8")[:_MAX_BYTES].decode("utf-8", "ignore").rstrip(" .")


_MAX_BYTES = 200


_KNOWN = {".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".avif", ".dng", ".cr2", ".cr3", ".nef"}
_KNOWN |= {".nrw", ".arw", ".srf", ".sr2", ".raf"}


def unique_stems(images: list[tuple[object, str]]) -> list[str]:
    """One file name per image of an order: its safe name, and its id's start where names repeat."""
    stems = [safe_stem(name, image_id) for name, image_id in images]
    counts: dict[str, int] = {}
    for stem in stems:
        counts[stem.lower()] = counts.get(stem.lower(), 0) + 1
    taken = {stem.lower() for stem in stems if counts[stem.lower()] == 1}
    unique = []
    for stem, (_, image_id) in zip(stems, images, strict=True):
        if counts[stem.lower()] > 1:  # a repeated name: the id's start, longer until no name is taken
            safe_id = safe_stem(image_id, "image")
            width = 8
            while f"{stem}-{safe_id[:width]}".lower() in taken and width < len(safe_id):
                width += 4
            stem = f"{stem}-{safe_id[:width]}"
            n = 2
            while stem.lower() in taken:  # ids that are the same once made safe
                stem, n = f"{stem.rsplit('~', 1)[0]}~{n}", n + 1
        taken.add(stem.lower())
        unique.append(stem)
    return unique


def download_target(to: object) -> tuple[Path, bool]:
    """``to`` as a path, and whether it is a directory to name the file in."""
    if not isinstance(to, (str, os.PathLike)):
        raise InvalidInputError(f"to must be a file path or a directory, got {type(to).__name__}.")
    path = Path(to)
    if path.is_dir():
        return path, True
    if not path.parent.is_dir():
        raise InvalidInputError(f"Cannot write {str(path)!r}: its directory {str(path.parent)!r} does not exist.")
    return path, False


def folder_of(folder: object) -> Path:
    """A download folder: a directory, or a path where one can be made (made by the download)."""
    if not isinstance(folder, (str, os.PathLike)):
        raise InvalidInputError(f"folder must be a directory path, got {type(folder).__name__}.")
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise InvalidInputError(f"{str(path)!r} exists and is not a directory.")
    existing = next((p for p in (path, *path.parents) if p.exists()), None)
    if existing is not None and not (existing.is_dir() and os.access(existing, os.W_OK)):
        raise InvalidInputError(f"Cannot make the folder {str(path)!r}: {str(existing)!r} is not a writable directory.")
    return path
