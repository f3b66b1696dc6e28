"""What an upload reads: a path, bytes or a binary file object, checked before anything is sent.

A path is read from disk in chunks as it is sent, so memory does not grow with the file's size;
each attempt reads it again from its start (a retried PUT sends the whole file again). A file
object that can seek is read the same way from where it stood; one that cannot (a pipe, a
socket) is read into memory once, since its length must be known before sending and a retry must
resend the same bytes.
"""

from __future__ import annotations

import asyncio
import io
import mimetypes
import os
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypeAlias

from ._concurrency import check_stop
from ._exceptions import InvalidInputError

__all__ = ["CHUNK_SIZE", "FileInput", "Source", "check_unique", "source_of", "sources_of"]

FileInput: TypeAlias = "str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]"
"""A file to upload: its path, its bytes, or a binary file object (``open(path, "rb")``)."""

CHUNK_SIZE = 1024 * 1024
# formats the API takes that Python's mimetypes does not know (legacy URLs are signed for the type)
_TYPES = {".heic": "image/heic", ".avif": "image/avif", ".dng": "image/x-adobe-dng", ".cr2": "image/x-canon-cr2"}


@dataclass(frozen=True)
class Source:
    """One file to upload: its name (the image's or bracket's), size and type; reads its bytes."""

    name: str
    size: int
    content_type: str
    path: Path | None = None
    data: bytes | None = None
    file: IO[bytes] | None = None
    start: int = 0

    def chunks(self) -> Iterator[bytes]:
        """The bytes from the start, a chunk at a time (a fresh read each call)."""
        if self.data is not None:
            yield self.data
            return
        handle = self._open()
        try:
            left = self.size
            while left > 0:
                check_stop()
                left -= len(chunk := self._checked(handle.read(min(CHUNK_SIZE, left)), left))
                yield chunk
        finally:
            self._close(handle)

    async def async_chunks(self) -> AsyncIterator[bytes]:
        """``chunks`` for the event loop: each disk read runs in a worker thread."""
        if self.data is not None:
            yield self.data
            return
        handle = await asyncio.to_thread(self._open)
        try:
            left = self.size
            while left > 0:
                chunk = await asyncio.to_thread(handle.read, min(CHUNK_SIZE, left))
                left -= len(self._checked(chunk, left))
                yield chunk
        finally:
            self._close(handle)

    def _open(self) -> IO[bytes]:
        if self.path is not None:
            return open(self.path, "rb")  # closed by _close, after the last chunk
        assert self.file is not None
        self.file.seek(self.start)
        return self.file

    def _close(self, handle: IO[bytes]) -> None:
        if handle is not self.file:  # a caller's file object stays open: the caller owns it
            handle.close()

    def _checked(self, chunk: bytes, left: int) -> bytes:
        if not chunk:
            raise OSError(f"{self.name} became shorter while it was sent ({self.size - left} of {self.size} bytes).")
        return chunk


def _guess_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _check_name(name: object, what: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInputError(f"{what} needs a name: pass image_name=... (bytes and unnamed file objects have none).")
    return name


def source_of(file: object, name: str | None = None, what: str = "upload") -> Source:
    """Check one file and describe it; ``name`` overrides the file's own name."""
    if isinstance(file, (str, os.PathLike)):
        path = Path(file)
        try:
            stat = path.stat()
        except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
            raise InvalidInputError(f"Cannot read {str(path)!r}: {getattr(exc, 'strerror', None) or exc}.") from None
        if not path.is_file():
            raise InvalidInputError(f"{str(path)!r} is not a file.")
        if not os.access(path, os.R_OK):
            raise InvalidInputError(f"{str(path)!r} is not readable.")
        label = name or path.name
        return _sized(Source(label, stat.st_size, _guess_type(label), path=path))
    if isinstance(file, (bytes, bytearray, memoryview)):
        label = _check_name(name, f"An {what} of bytes")
        data = bytes(file)
        return _sized(Source(label, len(data), _guess_type(label), data=data))
    if isinstance(file, io.TextIOBase):
        raise InvalidInputError("The file is open in text mode: open it with open(path, 'rb').")
    if not callable(getattr(file, "read", None)):
        raise InvalidInputError(
            f"A file to upload is a path, bytes or a binary file object, got {type(file).__name__}."
        )
    own = getattr(file, "name", None)
    label = _check_name(name or (Path(own).name if isinstance(own, str) else None), f"An {what} of a file object")
    return _sized(_from_object(file, label))  # type: ignore[arg-type]


def _from_object(file: IO[bytes], label: str) -> Source:
    if getattr(file, "closed", False) is True:
        raise InvalidInputError(f"The file object of {label!r} is closed: pass it open, or pass its path.")
    seekable = getattr(file, "seekable", None)
    if callable(seekable) and seekable():
        start = file.tell()
        size = file.seek(0, io.SEEK_END) - start
        file.seek(start)
        return Source(label, size, _guess_type(label), file=file, start=start)
    data = file.read()
    if not isinstance(data, bytes):
        raise InvalidInputError("The file object read text, not bytes: open it with open(path, 'rb').")
    return Source(label, len(data), _guess_type(label), data=data)


def _sized(source: Source) -> Source:
    if source.size <= 0:
        raise InvalidInputError(f"{source.name!r} is empty: there is nothing to upload.")
    return source


def sources_of(files: object, what: str) -> list[Source]:
    """A batch's files, every one checked before anything is sent; names must differ (a re-run
    recognises what is already uploaded by name)."""
    # bytearray and memoryview are Sequences too: of ints, one "file" per byte
    if isinstance(files, (str, bytes, bytearray, memoryview, os.PathLike)) or not isinstance(
        files, Sequence | Iterator | set
    ):
        raise InvalidInputError(f"{what} takes a list of files (paths or file objects), got {type(files).__name__}.")
    sources, problems = [], []
    for file in files:
        if isinstance(file, (bytes, bytearray, memoryview)):
            problems.append("A batch takes paths or named binary file objects, not bytes (which have no name).")
            continue
        try:
            sources.append(source_of(file, what=what))
        except InvalidInputError as exc:
            problems.append(str(exc))
    if problems:
        raise InvalidInputError(f"{what}: {len(problems)} file(s) cannot be uploaded: " + " ".join(problems))
    if not sources:
        raise InvalidInputError(f"{what} needs at least one file.")
    check_unique([s.name for s in sources], what)
    return sources


def check_unique(names: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    twice = sorted({n for n in names if n in seen or seen.add(n)})  # type: ignore[func-returns-value]
    if twice:
        raise InvalidInputError(
            f"{what}: several files are named {', '.join(map(repr, twice))}; names identify the files "
            "of an order (a re-run skips what is uploaded), so rename them or upload them in separate orders."
        )
