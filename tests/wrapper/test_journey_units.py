"""Unit tests of the photo journey's building blocks: what an upload reads (``_files``), where a
download lands (``_paths``), progress reports (``_progress``), bounded concurrency
(``_concurrency``), the storage behind presigned URLs (``_storage``) and the checked
``**options`` (``_options``)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import importlib.util
import io
import logging
import os
import re
import sys
import threading
from collections.abc import AsyncGenerator, Callable, Generator, Iterator
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
from autoenhance_sdk import (
    APIConnectionError,
    APITimeoutError,
    InvalidInputError,
    UploadError,
    UploadExpiredError,
    UploadSignatureError,
    _files,
    _progress,
)
from autoenhance_sdk._concurrency import (
    MAX_CONCURRENCY,
    BatchStopped,
    async_map_bounded,
    check_concurrency,
    check_stop,
    map_bounded,
)
from autoenhance_sdk._files import Source, _guess_type, check_unique, source_of, sources_of
from autoenhance_sdk._options import EnhanceOptions, UploadOptions, check_options
from autoenhance_sdk._paths import (
    Downloaded,
    download_target,
    extension,
    folder_of,
    part_path,
    safe_stem,
    unique_stems,
)
from autoenhance_sdk._progress import Progress, Reporter, reporter
from autoenhance_sdk._settings import Settings, user_agent
from autoenhance_sdk._storage import log_put, put_request, storage_error, transport_error, where

from tests.wrapper.helpers import KEY

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4  # 1028 bytes
SIGNED = "https://bucket.s3.test:9000/orders/o-1/photo.jpg?X-Amz-Signature=deadbeef&X-Amz-Expires=900"
SECRET_PARTS = ("orders/o-1", "photo.jpg", "X-Amz", "deadbeef")


def write(path: Path, data: bytes = JPEG) -> Path:
    path.write_bytes(data)
    return path


def collect(source: Source) -> list[bytes]:
    return list(source.chunks())


async def async_collect(source: Source) -> list[bytes]:
    return [chunk async for chunk in source.async_chunks()]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(_files, "CHUNK_SIZE", 100)
    return 100


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[IO[bytes]]:
    """Every handle ``_files`` opens itself (for a path), to see it closed."""
    handles: list[IO[bytes]] = []

    def spy(path: Path, mode: str) -> IO[bytes]:
        handle = open(path, mode)  # noqa: SIM115 - closed by the code under test
        handles.append(handle)
        return handle

    monkeypatch.setattr(_files, "open", spy, raising=False)
    return handles


class OneShot:
    """A file object that cannot seek (a pipe, a socket): it can be read once."""

    def __init__(self, data: Any, name: object = None) -> None:
        self._data, self.reads = data, 0
        if name is not None:
            self.name = name

    def read(self, size: int = -1) -> Any:
        self.reads += 1
        data, self._data = self._data, self._data[:0]
        return data


# --- _files: paths ---------------------------------------------------------------------------


@pytest.mark.parametrize("as_type", [str, Path])
def test_a_path_is_described_without_being_read(tmp_path: Path, as_type: Callable[[Path], Any]) -> None:
    path = write(tmp_path / "front.JPG")
    source = source_of(as_type(path))
    assert source == Source("front.JPG", len(JPEG), "image/jpeg", path=path)
    assert b"".join(collect(source)) == JPEG


def test_a_name_given_replaces_the_files_own_and_sets_its_type(tmp_path: Path) -> None:
    source = source_of(write(tmp_path / "IMG_0001"), name="kitchen.heic")
    assert (source.name, source.content_type) == ("kitchen.heic", "image/heic")


def test_a_missing_path_is_refused_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jpg"
    with pytest.raises(InvalidInputError) as info:
        source_of(missing)
    assert str(info.value) == f"Cannot read {str(missing)!r}: No such file or directory."
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as info:
        source_of(tmp_path)
    assert str(info.value) == f"{str(tmp_path)!r} is not a file."


def test_an_unreadable_path_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.jpg")
    asked: list[tuple[Any, int]] = []

    # the tests may run as root, who can read anything: the permission check is what is tested
    def access(checked: Any, mode: int) -> bool:
        asked.append((checked, mode))
        return False

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(InvalidInputError) as info:
        source_of(path)
    assert str(info.value) == f"{str(path)!r} is not readable."
    assert asked == [(path, os.R_OK)]


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match=r"^'empty\.jpg' is empty: there is nothing to upload\.$"):
        source_of(write(tmp_path / "empty.jpg", b""))


def test_a_path_is_read_in_chunks_from_its_start_on_each_call(
    tmp_path: Path, small_chunks: int, opened: list[IO[bytes]]
) -> None:
    source = source_of(write(tmp_path / "a.jpg"))
    first = collect(source)
    assert [len(c) for c in first] == [100] * 10 + [28]
    assert b"".join(first) == JPEG
    assert collect(source) == first  # a retried PUT sends the whole file again
    assert len(opened) == 2 and all(h.closed for h in opened)


def test_a_path_sends_the_size_it_had_when_checked(tmp_path: Path, small_chunks: int) -> None:
    path = write(tmp_path / "a.jpg")
    source = source_of(path)
    with path.open("ab") as grown:
        grown.write(b"appended later")
    assert b"".join(collect(source)) == JPEG


def test_a_path_that_shrinks_while_sent_raises_oserror(
    tmp_path: Path, small_chunks: int, opened: list[IO[bytes]]
) -> None:
    path = write(tmp_path / "a.jpg")
    source = source_of(path)
    path.write_bytes(JPEG[:250])
    with pytest.raises(OSError, match=r"^a\.jpg became shorter while it was sent \(250 of 1028 bytes\)\.$"):
        collect(source)
    assert opened[0].closed


def test_a_paths_handle_is_closed_when_the_consumer_stops_early(
    tmp_path: Path, small_chunks: int, opened: list[IO[bytes]]
) -> None:
    chunks = source_of(write(tmp_path / "a.jpg")).chunks()
    assert isinstance(chunks, Generator)
    assert next(chunks) == JPEG[:100]
    assert not opened[0].closed
    chunks.close()
    assert opened[0].closed


# --- _files: bytes -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_bytes_of_any_kind_are_copied_and_sent_whole(kind: Callable[[Any], Any], small_chunks: int) -> None:
    buffer = bytearray(JPEG)
    source = source_of(kind(bytes(buffer)) if kind is bytes else kind(buffer), name="raw.png")
    buffer[:4] = b"XXXX"  # changing the caller's buffer afterwards changes nothing sent
    assert (source.name, source.size, source.content_type) == ("raw.png", len(JPEG), "image/png")
    assert source.data == JPEG and source.path is None and source.file is None
    assert collect(source) == [JPEG] == collect(source)  # already in memory: one piece, every time


@pytest.mark.parametrize("name", [None, "", "   ", 42])
def test_bytes_need_a_name(name: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        source_of(JPEG, name=name)
    assert str(info.value) == (
        "An upload of bytes needs a name: pass image_name=... (bytes and unnamed file objects have none)."
    )


def test_the_name_message_says_what_is_uploaded() -> None:
    with pytest.raises(InvalidInputError, match=r"^An image of bytes needs a name"):
        source_of(b"x", what="image")


def test_empty_bytes_are_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"^'a\.jpg' is empty"):
        source_of(b"", name="a.jpg")


# --- _files: file objects ------------------------------------------------------------------------


def test_a_seekable_file_object_is_read_from_where_it_stood(small_chunks: int) -> None:
    file = io.BytesIO(b"HEADER" + JPEG)
    file.seek(6)
    source = source_of(file, name="part.jpg")
    assert (source.size, source.start, source.file, source.data) == (len(JPEG), 6, file, None)
    assert file.tell() == 6  # measuring it moved nothing
    first = collect(source)
    assert [len(c) for c in first] == [100] * 10 + [28] and b"".join(first) == JPEG
    assert collect(source) == first  # read again from its start: a retry resends the same bytes
    assert not file.closed  # the caller's file stays open: the caller owns it


def test_an_open_file_is_named_after_its_path(tmp_path: Path) -> None:
    with write(tmp_path / "porch.webp").open("rb") as file:
        source = source_of(file)
        assert (source.name, source.content_type, source.size) == ("porch.webp", "image/webp", len(JPEG))
        assert b"".join(collect(source)) == JPEG
        assert not file.closed


def test_a_file_object_positioned_at_its_end_is_empty() -> None:
    file = io.BytesIO(JPEG)
    file.read()
    with pytest.raises(InvalidInputError, match=r"^'a\.jpg' is empty"):
        source_of(file, name="a.jpg")


@pytest.mark.parametrize("file", [io.BytesIO(JPEG), OneShot(JPEG), OneShot(JPEG, name=3)])
def test_an_unnamed_file_object_needs_a_name(file: Any) -> None:
    with pytest.raises(InvalidInputError, match=r"^An upload of a file object needs a name: pass image_name=\.\.\."):
        source_of(file)


def test_a_non_seekable_object_is_read_once_into_memory() -> None:
    file = OneShot(JPEG, name="/somewhere/pipe.jpg")
    source = source_of(file)
    assert (source.name, source.size, source.data, source.file) == ("pipe.jpg", len(JPEG), JPEG, None)
    assert collect(source) == [JPEG] == collect(source)
    assert file.reads == 1


def test_a_pipe_is_read_once_into_memory() -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, JPEG)
    os.close(write_end)
    with open(read_end, "rb") as pipe:
        source = source_of(pipe, name="piped.jpg")
        assert source.data == JPEG and source.size == len(JPEG)


def test_an_object_that_cannot_seek_says_so() -> None:
    file = OneShot(JPEG)
    file.seekable = lambda: False  # type: ignore[attr-defined]
    assert source_of(file, name="a.jpg").data == JPEG


def test_a_non_seekable_object_that_reads_text_is_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        source_of(OneShot("text, not bytes"), name="a.jpg")
    assert str(info.value) == "The file object read text, not bytes: open it with open(path, 'rb')."


def test_a_text_mode_file_is_refused(tmp_path: Path) -> None:
    with write(tmp_path / "a.jpg", b"abc").open("r") as text:
        with pytest.raises(InvalidInputError) as info:
            source_of(text)
    assert str(info.value) == "The file is open in text mode: open it with open(path, 'rb')."
    with pytest.raises(InvalidInputError, match="text mode"):
        source_of(io.StringIO("abc"), name="a.jpg")


@pytest.mark.parametrize(("value", "kind"), [(42, "int"), (None, "NoneType"), ([b"x"], "list"), (object(), "object")])
def test_what_has_no_read_is_refused(value: Any, kind: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        source_of(value, name="a.jpg")
    assert str(info.value) == f"A file to upload is a path, bytes or a binary file object, got {kind}."


def test_an_object_whose_read_is_not_callable_is_refused() -> None:
    class Odd:
        read = "not a method"

    with pytest.raises(InvalidInputError, match=r"got Odd\.$"):
        source_of(Odd(), name="a.jpg")


def test_a_file_object_that_shrinks_while_sent_raises_oserror(small_chunks: int) -> None:
    file = io.BytesIO(JPEG)
    source = source_of(file, name="a.jpg")
    file.truncate(150)
    with pytest.raises(OSError, match=r"^a\.jpg became shorter while it was sent \(150 of 1028 bytes\)\.$"):
        collect(source)
    assert not file.closed


def test_a_file_object_stays_open_when_the_consumer_stops_early(small_chunks: int) -> None:
    file = io.BytesIO(JPEG)
    chunks = source_of(file, name="a.jpg").chunks()
    assert isinstance(chunks, Generator)
    assert next(chunks) == JPEG[:100]
    chunks.close()
    assert not file.closed


# --- _files: async reads -------------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_chunks_read_a_path_from_its_start_on_each_call(
    tmp_path: Path, small_chunks: int, opened: list[IO[bytes]]
) -> None:
    source = source_of(write(tmp_path / "a.jpg"))
    first = await async_collect(source)
    assert [len(c) for c in first] == [100] * 10 + [28] and b"".join(first) == JPEG
    assert await async_collect(source) == first
    assert len(opened) == 2 and all(h.closed for h in opened)


@pytest.mark.anyio
async def test_async_chunks_read_a_file_object_from_where_it_stood(small_chunks: int) -> None:
    file = io.BytesIO(b"skip" + JPEG)
    file.seek(4)
    source = source_of(file, name="a.jpg")
    assert b"".join(await async_collect(source)) == JPEG
    assert b"".join(await async_collect(source)) == JPEG
    assert not file.closed


@pytest.mark.anyio
async def test_async_chunks_of_bytes_are_the_bytes(small_chunks: int) -> None:
    source = source_of(memoryview(JPEG), name="a.jpg")
    assert await async_collect(source) == [JPEG] == await async_collect(source)


@pytest.mark.anyio
async def test_async_chunks_of_a_shrunk_file_raise_oserror(
    tmp_path: Path, small_chunks: int, opened: list[IO[bytes]]
) -> None:
    path = write(tmp_path / "a.jpg")
    source = source_of(path)
    path.write_bytes(JPEG[:100])
    with pytest.raises(OSError, match=r"became shorter while it was sent \(100 of 1028 bytes\)"):
        await async_collect(source)
    assert opened[0].closed


@pytest.mark.anyio
async def test_async_chunks_close_a_paths_handle_but_not_a_callers_file_when_stopped_early(
    tmp_path: Path, small_chunks: int, opened: list[IO[bytes]]
) -> None:
    chunks = source_of(write(tmp_path / "a.jpg")).async_chunks()
    assert isinstance(chunks, AsyncGenerator)
    assert await chunks.__anext__() == JPEG[:100]
    await chunks.aclose()
    assert opened[0].closed
    file = io.BytesIO(JPEG)
    chunks = source_of(file, name="b.jpg").async_chunks()
    assert isinstance(chunks, AsyncGenerator)
    assert await chunks.__anext__() == JPEG[:100]
    await chunks.aclose()
    assert not file.closed


# --- _files: types, batches, unique names --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.heic", "image/heic"),
        ("A.HEIC", "image/heic"),
        ("a.avif", "image/avif"),
        ("a.dng", "image/x-adobe-dng"),
        ("a.CR2", "image/x-canon-cr2"),
        ("a.jpg", "image/jpeg"),
        ("a.jpeg", "image/jpeg"),
        ("a.png", "image/png"),
        ("a.zzqx", "application/octet-stream"),
        ("no-extension", "application/octet-stream"),
    ],
)
def test_the_content_type_follows_the_name(name: str, expected: str) -> None:
    assert _guess_type(name) == expected


def test_sources_of_checks_every_file_of_a_list(tmp_path: Path) -> None:
    one, two = write(tmp_path / "one.jpg"), write(tmp_path / "two.heic", b"heic")
    file = io.BytesIO(b"x")
    file.name = "three.png"
    sources = sources_of([one, str(two), file], "orders.upload_images")
    assert [(s.name, s.size, s.content_type) for s in sources] == [
        ("one.jpg", len(JPEG), "image/jpeg"),
        ("two.heic", 4, "image/heic"),
        ("three.png", 1, "image/png"),
    ]


@pytest.mark.parametrize("make", [tuple, set, iter, lambda paths: (p for p in paths)])
def test_sources_of_takes_any_collection_of_files(tmp_path: Path, make: Callable[[list[Path]], Any]) -> None:
    paths = [write(tmp_path / "a.jpg"), write(tmp_path / "b.jpg")]
    assert sorted(s.name for s in sources_of(make(paths), "orders.enhance")) == ["a.jpg", "b.jpg"]


@pytest.mark.parametrize(
    ("files", "kind"),
    [
        ("photo.jpg", "str"),
        (JPEG, "bytes"),
        (bytearray(JPEG), "bytearray"),
        (memoryview(JPEG), "memoryview"),
        (Path("photo.jpg"), "PosixPath" if os.name != "nt" else "WindowsPath"),
        ({"a": "b"}, "dict"),
        (42, "int"),
        (None, "NoneType"),
    ],
)
def test_sources_of_refuses_what_is_not_a_list_of_files(files: Any, kind: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        sources_of(files, "orders.upload_images")
    assert str(info.value) == (f"orders.upload_images takes a list of files (paths or file objects), got {kind}.")


def test_sources_of_lists_every_bad_file_in_one_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jpg"
    good = write(tmp_path / "good.jpg")
    with pytest.raises(InvalidInputError) as info:
        sources_of([good, missing, tmp_path, 42, write(tmp_path / "empty.jpg", b"")], "orders.upload_brackets")
    assert str(info.value) == (
        "orders.upload_brackets: 4 file(s) cannot be uploaded: "
        f"Cannot read {str(missing)!r}: No such file or directory. "
        f"{str(tmp_path)!r} is not a file. "
        "A file to upload is a path, bytes or a binary file object, got int. "
        "'empty.jpg' is empty: there is nothing to upload."
    )


def test_sources_of_needs_at_least_one_file() -> None:
    with pytest.raises(InvalidInputError, match=r"^orders\.enhance needs at least one file\.$"):
        sources_of([], "orders.enhance")


def test_sources_of_refuses_files_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    files = [write(tmp_path / "x" / "a.jpg"), write(tmp_path / "y" / "a.jpg"), write(tmp_path / "b.jpg")]
    with pytest.raises(InvalidInputError) as info:
        sources_of(files, "orders.upload_images")
    assert str(info.value).startswith("orders.upload_images: several files are named 'a.jpg'; names identify")


def test_check_unique_names_each_repeated_name_once_sorted() -> None:
    check_unique(["a.jpg", "b.jpg", "A.jpg"], "x")  # names differ by case: different files
    check_unique([], "x")
    with pytest.raises(InvalidInputError) as info:
        check_unique(["z.jpg", "a.jpg", "z.jpg", "b.jpg", "a.jpg", "z.jpg"], "orders.enhance")
    assert str(info.value) == (
        "orders.enhance: several files are named 'a.jpg', 'z.jpg'; names identify the files of an order "
        "(a re-run skips what is uploaded), so rename them or upload them in separate orders."
    )


# --- _paths --------------------------------------------------------------------------------------


def test_downloaded_is_a_frozen_record(tmp_path: Path) -> None:
    result = Downloaded(tmp_path / "a.jpg", "image/jpeg", "img-1", 12)
    assert (result.path, result.content_type, result.image_id, result.size) == (
        tmp_path / "a.jpg",
        "image/jpeg",
        "img-1",
        12,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.size = 13  # type: ignore[misc]


@pytest.mark.parametrize(
    ("media", "fmt", "expected"),
    [
        ("image/jpeg", None, ".jpg"),
        ("image/png", "jpeg", ".png"),  # what the answer is wins over what was asked for
        ("image/webp", None, ".webp"),
        ("application/octet-stream", "png", ".png"),
        ("application/octet-stream", "webp", ".webp"),
        ("", None, ".jpg"),
        ("", "tiff", ".jpg"),
    ],
)
def test_extension(media: str, fmt: str | None, expected: str) -> None:
    assert extension(media, fmt) == expected


def test_part_path_is_a_hidden_file_beside_the_final_one(tmp_path: Path) -> None:
    final = tmp_path / "out" / "kitchen.jpg"
    part = part_path(final)
    assert part.parent == final.parent
    assert re.fullmatch(r"\.kitchen\.jpg\.[0-9a-f]{8}\.part", part.name)
    assert part_path(final) != part  # two downloads of one name never share a part file


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kitchen.jpg", "kitchen"),
        ("Kitchen.JPEG", "Kitchen"),
        ("raw.CR3", "raw"),
        ("sony.arw", "sony"),
        ("../../etc/passwd", "passwd"),
        ("/abs/path/to/front.png", "front"),
        ("a\\b.jpg", "b"),
        ("C:\\Users\\me\\back.webp", "back"),
        ("a\x00b\x1fc\x7f.jpg", "a_b_c_"),
        ('wh:at*is?"this<>|.jpg', "wh_at_is_this_"),
        ("my.house", "my.house"),
        ("archive.tar.gz", "archive.tar.gz"),  # only image extensions are dropped
        ("photo.jpg.jpg", "photo.jpg"),
        ("  spaced .jpg", "spaced"),
        ("..hidden", "hidden"),
        ("x" * 300 + ".jpg", "x" * 200),
    ],
)
def test_safe_stem(name: str, expected: str) -> None:
    assert safe_stem(name, "fallback-id") == expected


@pytest.mark.parametrize("name", ["", ".", "..", "...", " . . ", "../..", "dir/", ".jpg/", None, 42, ["a.jpg"]])
def test_safe_stem_falls_back_to_the_id(name: Any) -> None:
    assert safe_stem(name, "img-42") == "img-42"


def test_safe_stem_never_leaves_the_folder() -> None:
    for name in ("../x.jpg", "..\\..\\x.jpg", "/etc/x", "a/../../x", "\x00/..", "x/\n/.."):
        stem = safe_stem(name, "id")
        assert "/" not in stem and "\\" not in stem and stem not in ("", ".", "..")


def test_unique_stems_suffix_only_repeated_names_case_insensitively() -> None:
    images: list[tuple[object, str]] = [
        ("Kitchen.jpg", "aaaaaaaa-1111"),
        ("porch.jpg", "bbbbbbbb-2222"),
        ("kitchen.png", "cccccccc-3333"),
        (None, "dddddddd-4444"),
        ("dir/Porch.webp", "eeeeeeee-5555"),
        ("garden.jpg", "ffffffff-6666"),
    ]
    assert unique_stems(images) == [
        "Kitchen-aaaaaaaa",
        "porch-bbbbbbbb",
        "kitchen-cccccccc",
        "dddddddd-4444",
        "Porch-eeeeeeee",
        "garden",
    ]
    assert unique_stems([]) == []


def test_download_target_a_directory(tmp_path: Path) -> None:
    assert download_target(tmp_path) == (tmp_path, True)
    assert download_target(str(tmp_path)) == (tmp_path, True)


def test_download_target_a_file_in_an_existing_directory(tmp_path: Path) -> None:
    assert download_target(tmp_path / "new.jpg") == (tmp_path / "new.jpg", False)
    existing = write(tmp_path / "old.jpg")
    assert download_target(str(existing)) == (existing, False)


def test_download_target_in_a_missing_directory_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "a.jpg"
    with pytest.raises(InvalidInputError) as info:
        download_target(target)
    assert str(info.value) == (
        f"Cannot write {str(target)!r}: its directory {str(tmp_path / 'missing')!r} does not exist."
    )


@pytest.mark.parametrize(("value", "kind"), [(None, "NoneType"), (42, "int"), (b"/tmp", "bytes")])
def test_download_target_of_a_wrong_type(value: Any, kind: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        download_target(value)
    assert str(info.value) == f"to must be a file path or a directory, got {kind}."


def test_folder_of_accepts_a_folder_to_be_made_without_making_it(tmp_path: Path) -> None:
    """The download makes it, once the order is known to exist (a 404 leaves no empty folder)."""
    assert folder_of(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert not (tmp_path / "a").exists()
    assert folder_of(str(tmp_path)) == tmp_path  # an existing folder is fine


def test_folder_of_refuses_a_file(tmp_path: Path) -> None:
    file = write(tmp_path / "a.jpg")
    with pytest.raises(InvalidInputError) as info:
        folder_of(file)
    assert str(info.value) == f"{str(file)!r} exists and is not a directory."


@pytest.mark.parametrize(("value", "kind"), [(None, "NoneType"), (3.5, "float")])
def test_folder_of_a_wrong_type(value: Any, kind: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        folder_of(value)
    assert str(info.value) == f"folder must be a directory path, got {kind}."


def test_folder_of_below_a_file_says_why_it_cannot_be_made(tmp_path: Path) -> None:
    file = write(tmp_path / "a.jpg")
    with pytest.raises(InvalidInputError) as info:
        folder_of(file / "sub")
    assert (
        str(info.value) == f"Cannot make the folder {str(file / 'sub')!r}: {str(file)!r} is not a writable directory."
    )


def test_folder_of_below_a_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != tmp_path)  # root may write anywhere
    with pytest.raises(InvalidInputError, match="is not a writable directory"):
        folder_of(tmp_path / "new" / "deeper")


# --- _progress: the reporter ---------------------------------------------------------------------


def test_the_reporter_counts_each_stage_from_zero() -> None:
    events: list[Progress] = []
    report = Reporter(events.append)
    boom = ValueError("boom")
    report.start("upload", 2)
    report.step("a.jpg")
    report.step("b.jpg", boom)
    report.start("process", 1)
    report.step(None)
    assert events == [
        Progress("upload", None, 0, 2),
        Progress("upload", "a.jpg", 1, 2),
        Progress("upload", "b.jpg", 2, 2, boom),
        Progress("process", None, 0, 1),
        Progress("process", None, 1, 1),
    ]


def test_a_reporter_without_a_callback_only_counts() -> None:
    report = Reporter(None)
    report.start("upload", 3)
    report.step("a.jpg")
    assert (report._stage, report._done, report._total) == ("upload", 1, 3)


def test_the_reporter_calls_the_callback_one_thread_at_a_time() -> None:
    threads_count, steps_each = 8, 25
    inside = threading.Lock()
    overlaps: list[int] = []
    seen: list[int] = []

    def callback(event: Progress) -> None:
        if not inside.acquire(blocking=False):
            overlaps.append(event.done)
            return
        try:
            seen.append(event.done)
        finally:
            inside.release()

    report = Reporter(callback)
    report.start("download", threads_count * steps_each)
    barrier = threading.Barrier(threads_count)

    def work() -> None:
        barrier.wait(timeout=10)
        for _ in range(steps_each):
            report.step("x")

    threads = [threading.Thread(target=work) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert overlaps == []
    # each call saw its own count, in order: no step was lost or counted twice
    assert seen == list(range(threads_count * steps_each + 1))


@pytest.mark.parametrize("value", [None, False])
def test_no_progress_reports_nothing(value: Any) -> None:
    assert reporter(value)._callback is None


def test_a_callable_is_called_with_each_event() -> None:
    events: list[Progress] = []
    report = reporter(events.append)
    report.start("wait", 1)
    assert events == [Progress("wait", None, 0, 1)]


@pytest.mark.parametrize(("value", "kind"), [(1, "int"), ("yes", "str"), ([], "list")])
def test_progress_of_a_wrong_kind_is_refused(value: Any, kind: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        reporter(value)
    assert str(info.value) == f"progress must be a callable, True or None, got {kind}."


def test_progress_true_without_a_terminal_prints_plain_lines(capsys: pytest.CaptureFixture[str]) -> None:
    report = reporter(True)
    report.start("upload", 2)
    report.step("a.jpg")
    report.step("b.jpg", ValueError("storage said no"))
    report.start("wait", 1)
    report.step(None)
    out, err = capsys.readouterr()
    assert out == ""
    assert err.endswith("\n") and err.splitlines() == [
        "upload: 0/2",
        "upload: 1/2 a.jpg",
        "upload: 2/2 b.jpg FAILED: storage said no",
        "wait: 0/1",
        "wait: 1/1",
    ]


class FakeTerminal(io.StringIO):
    """stderr as a terminal: what ``progress=True`` draws a bar on."""

    def isatty(self) -> bool:
        return True


def fake_terminal(monkeypatch: pytest.MonkeyPatch) -> FakeTerminal:
    """Installed by the test itself: pytest puts its own stderr back between a fixture and the test."""
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    fake = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", fake)
    return fake


def without(monkeypatch: pytest.MonkeyPatch, *missing: str) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> Any:
        return None if name in missing else real(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def test_a_terminal_without_tqdm_or_rich_gets_plain_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = fake_terminal(monkeypatch)
    without(monkeypatch, "tqdm", "rich")
    report = reporter(True)
    assert report._callback is _progress._lines
    report.start("upload", 1)
    assert terminal.getvalue() == "upload: 0/1\n"


def test_a_terminal_with_tqdm_gets_the_tqdm_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_terminal(monkeypatch)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, package=None: name == "tqdm" or real(name, package))
    assert isinstance(reporter(True)._callback, _progress._TqdmBar)


@contextlib.contextmanager
def rich_bar(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Reporter, Any, FakeTerminal, list[Any]]]:
    """``progress=True`` on a terminal with rich (and no tqdm), and every rich ``Progress`` it
    made; a bar left running is stopped."""
    from rich import progress as rich_progress

    made: list[Any] = []

    class Recorded(rich_progress.Progress):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(rich_progress, "Progress", Recorded)
    terminal = fake_terminal(monkeypatch)
    without(monkeypatch, "tqdm")
    report = reporter(True)
    assert isinstance(report._callback, _progress._RichBar)
    try:
        yield report, report._callback, terminal, made
    finally:
        for bar in made:  # only when a test failed half-way
            bar.stop()


def running(made: list[Any]) -> list[Any]:
    return [bar for bar in made if bar.live.is_started]


def test_a_terminal_with_rich_draws_a_bar_that_ends_with_its_stage(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with rich_bar(monkeypatch) as (report, bar, terminal, made):
        report.start("upload", 3)
        assert running(made) == made == [bar._progress]
        assert made[0].console.is_terminal and made[0].console.file is terminal
        report.step("a.jpg")
        # a name or an error is shown as it is, never read as rich markup
        report.step("house [final].jpg", ValueError("refused [/x] by [bold]storage[/bold]"))
        assert running(made) == made
        report.step("c.jpg")
        assert bar._progress is None and running(made) == []  # the stage is done: the bar stopped
        assert made[0].tasks[0].completed == 3 and made[0].tasks[0].description == "upload"
        report.start("download", 2)  # a new stage, a new bar
        report.step("a.jpg")
        report.start("wait", 1)  # a stage that starts before the last one ended stops its bar
        assert len(made) == 3 and running(made) == [made[2]] == [bar._progress]
        assert made[1].tasks[0].completed == 1
        report.step(None)
        assert bar._progress is None and running(made) == []
    drawn = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", terminal.getvalue())  # the text, without its colours
    assert "house [final].jpg: FAILED: refused [/x] by [bold]storage[/bold]" in drawn
    assert "upload" in drawn and "download" in drawn and "wait" in drawn
    # drawn on stderr, the terminal checked, as tqdm and the plain lines are: stdout stays the caller's
    assert capsys.readouterr().out == ""


def test_a_rich_bar_of_an_empty_stage_is_not_left_running(monkeypatch: pytest.MonkeyPatch) -> None:
    with rich_bar(monkeypatch) as (report, bar, terminal, made):
        report.start("upload", 1)
        report.start("download", 0)  # an order without images: no step would ever end this stage
        assert len(made) == 1 and bar._progress is None and running(made) == []
        report.start("wait", 1)
        report.step(None)
        assert len(made) == 2 and bar._progress is None and running(made) == []
    assert "download" not in terminal.getvalue() and "wait" in terminal.getvalue()


# --- _concurrency --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 2, 16, MAX_CONCURRENCY])
def test_check_concurrency_takes_whole_numbers_in_range(value: int) -> None:
    assert check_concurrency(value) == value


@pytest.mark.parametrize("value", [0, -1, MAX_CONCURRENCY + 1, True, False, 2.0, "4", None])
def test_check_concurrency_refuses_the_rest(value: Any) -> None:
    with pytest.raises(InvalidInputError) as info:
        check_concurrency(value)
    assert str(info.value) == f"concurrency must be a whole number from 1 to 64, got {value!r}."


def test_map_bounded_keeps_order_and_returns_exceptions_in_place() -> None:
    def job(n: int) -> int:
        if n % 3 == 0:
            raise ValueError(f"bad {n}")
        return n * 10

    results = map_bounded(job, list(range(7)), 4)
    assert [r if not isinstance(r, Exception) else str(r) for r in results] == [
        "bad 0",
        10,
        20,
        "bad 3",
        40,
        50,
        "bad 6",
    ]
    assert all(type(r) is ValueError for r in results[::3])


@pytest.mark.parametrize(("items", "limit"), [([1, 2, 3], 1), ([1], 8), ([], 8)])
def test_map_bounded_runs_inline_when_nothing_runs_beside(items: list[int], limit: int) -> None:
    threads: list[threading.Thread] = []

    def job(n: int) -> int:
        threads.append(threading.current_thread())
        if n == 2:
            raise KeyError(n)
        return -n

    results = map_bounded(job, items, limit)
    assert threads == [threading.main_thread()] * len(items)
    assert [r if not isinstance(r, Exception) else "KeyError" for r in results] == [
        -n if n != 2 else "KeyError" for n in items
    ]


@pytest.mark.parametrize("limit", [2, 3, 5])
def test_map_bounded_runs_limit_jobs_at_once_and_no_more(limit: int) -> None:
    lock = threading.Lock()
    active, peak = [0], [0]
    # every `limit` jobs meet before any goes on: fewer at once would break the barrier (and fail)
    barrier = threading.Barrier(limit, timeout=10)
    workers: set[str] = set()

    def job(n: int) -> int:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            workers.add(threading.current_thread().name)
        barrier.wait()
        with lock:
            active[0] -= 1
        return n

    assert map_bounded(job, list(range(limit * 4)), limit) == list(range(limit * 4))
    assert peak[0] == limit
    assert len(workers) == limit and all(name.startswith("autoenhance-batch") for name in workers)


def test_map_bounded_lets_keyboard_interrupt_through() -> None:
    def job(n: int) -> int:
        if n == 1:
            raise KeyboardInterrupt
        return n

    with pytest.raises(KeyboardInterrupt):
        map_bounded(job, [0, 1, 2, 3], 2)
    with pytest.raises(KeyboardInterrupt):
        map_bounded(job, [0, 1, 2, 3], 1)


class Stop(BaseException):
    """Not an ``Exception``: like a cancellation or Ctrl-C, it stops the whole batch."""


@pytest.mark.anyio
async def test_async_map_bounded_keeps_order_and_returns_exceptions_in_place() -> None:
    async def job(n: int) -> int:
        await asyncio.sleep(0)
        if n % 2:
            raise ValueError(f"bad {n}")
        return n * 10

    results = await async_map_bounded(job, list(range(5)), 2)
    assert [r if not isinstance(r, Exception) else str(r) for r in results] == [0, "bad 1", 20, "bad 3", 40]
    assert await async_map_bounded(job, [], 3) == []


@pytest.mark.anyio
@pytest.mark.parametrize("limit", [1, 2, 4])
async def test_async_map_bounded_runs_limit_jobs_at_once_and_no_more(limit: int) -> None:
    active, peak = [0], [0]
    barrier = asyncio.Barrier(limit)

    async def job(n: int) -> int:
        active[0] += 1
        peak[0] = max(peak[0], active[0])
        await barrier.wait()  # fewer than `limit` at once would never get past this
        await asyncio.sleep(0)  # let any job beyond the limit start, if it could
        active[0] -= 1
        return n

    async with asyncio.timeout(10):
        assert await async_map_bounded(job, list(range(limit * 3)), limit) == list(range(limit * 3))
    assert peak[0] == limit


@pytest.mark.anyio
async def test_async_map_bounded_lets_a_base_exception_through() -> None:
    async def job(n: int) -> int:
        if n == 2:
            raise Stop
        return n

    with pytest.raises(Stop):
        await async_map_bounded(job, [0, 1, 2], 3)


def test_async_map_bounded_lets_keyboard_interrupt_through() -> None:
    async def job(n: int) -> int:
        if n == 1:
            raise KeyboardInterrupt
        return n

    with pytest.raises(KeyboardInterrupt):
        asyncio.run(async_map_bounded(job, [0, 1], 2))


# --- _storage ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (SIGNED, "https://bucket.s3.test:9000"),
        ("http://127.0.0.1:8000/__uploads__/abc?sig=1", "http://127.0.0.1:8000"),
        ("https://user:password@host.test/path#frag", "https://host.test"),
        (httpx.URL("https://host.test/a?b=c"), "https://host.test"),
    ],
)
def test_where_names_only_scheme_and_host(url: Any, expected: str) -> None:
    assert where(url) == expected


def settings() -> Settings:
    return Settings(
        api_key=KEY,
        base_url="https://api.test",
        api_version="2025-01-01",
        timeout=httpx.Timeout(7.0, connect=2.0),
        max_retries=2,
        max_retry_after=60.0,
        extra_headers=(("x-team", "photos"),),
    )


def chunks() -> Iterator[bytes]:
    yield b"abc"
    yield b"def"


async def async_chunks() -> Any:
    yield b"abc"
    yield b"def"


@pytest.mark.parametrize("content", [b"abcdef", "iterable", "async iterable"])
def test_put_request_is_bare_and_sized(content: Any) -> None:
    body = {"iterable": chunks(), "async iterable": async_chunks()}.get(content, content)
    request = put_request(SIGNED, body, 6, "image/heic", settings())
    assert request.method == "PUT" and str(request.url) == SIGNED
    assert dict(request.headers) == {
        "content-type": "image/heic",
        "content-length": "6",
        "user-agent": user_agent(),
        "host": "bucket.s3.test:9000",
    }
    assert "transfer-encoding" not in request.headers and "x-api-key" not in request.headers
    assert request.extensions == {"timeout": {"connect": 2.0, "read": 7.0, "write": 7.0, "pool": 7.0}}
    if content == "async iterable":
        asyncio.run(body.aclose())


def storage_answer(status: int, text: str, url: str = SIGNED) -> httpx.Response:
    return httpx.Response(status, text=text, request=httpx.Request("PUT", url))


def s3_error(code: str, message: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message>"
        "<StringToSign>PUT\n\nimage/jpeg</StringToSign><RequestId>R1</RequestId></Error>"
    )


def test_a_signature_mismatch_is_an_upload_signature_error() -> None:
    message = "The request signature we calculated does not match the signature you provided."
    answer = storage_answer(403, s3_error("SignatureDoesNotMatch", message))
    error = storage_error(answer, "a.jpg")
    assert type(error) is UploadSignatureError
    assert str(error) == (
        f"The storage at https://bucket.s3.test:9000 refused the upload of 'a.jpg' (403 SignatureDoesNotMatch: "
        f"{message}). The URL is signed for another Content-Type, or was changed after signing."
    )
    assert (error.code, error.storage_message, error.status_code) == ("SignatureDoesNotMatch", message, 403)
    assert error.body == {"Code": "SignatureDoesNotMatch", "Message": message}
    assert error.response is answer and error.request is answer.request


def test_an_expired_url_is_an_upload_expired_error() -> None:
    error = storage_error(storage_answer(403, s3_error("AccessDenied", "Request has expired")), "a.jpg")
    assert type(error) is UploadExpiredError
    assert str(error) == (
        "The storage at https://bucket.s3.test:9000 refused the upload of 'a.jpg' "
        "(403 AccessDenied: Request has expired)."
    )
    assert (error.code, error.storage_message) == ("AccessDenied", "Request has expired")


@pytest.mark.parametrize(
    ("code", "message"),
    [("AccessDenied", "Access Denied"), ("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")],
)
def test_other_storage_codes_are_upload_errors(code: str, message: str) -> None:
    error = storage_error(storage_answer(400, s3_error(code, message)), "big.jpg")
    assert type(error) is UploadError
    assert (error.code, error.storage_message) == (code, message)
    assert f"(400 {code}: {message})." in str(error)


def test_a_storage_message_without_a_code() -> None:
    error = storage_error(storage_answer(500, "<Error><Message>We had a problem</Message></Error>"), "a.jpg")
    assert type(error) is UploadError and error.code is None
    assert error.body == {"Code": None, "Message": "We had a problem"}
    assert str(error).endswith("refused the upload of 'a.jpg' (500 We had a problem).")


@pytest.mark.parametrize(
    "text", ["Service Unavailable", "", "<html><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>"]
)
def test_a_storage_answer_that_is_not_its_xml(text: str) -> None:
    error = storage_error(storage_answer(502, text), "a.jpg")
    assert type(error) is UploadError
    assert (error.code, error.storage_message, error.body) == (None, None, text)
    assert str(error) == "The storage at https://bucket.s3.test:9000 refused the upload of 'a.jpg' (502 HTTP 502)."


def test_a_long_body_is_kept_to_500_characters() -> None:
    error = storage_error(storage_answer(503, "x" * 2000), "a.jpg")
    assert error.body == "x" * 500


def test_storage_errors_never_show_the_signed_path_or_query() -> None:
    for text in (s3_error("SignatureDoesNotMatch", "no"), s3_error("AccessDenied", "Request has expired"), "oops"):
        message = str(storage_error(storage_answer(403, text), "a.jpg"))
        assert not any(part in message.replace("'a.jpg'", "") for part in SECRET_PARTS)


@pytest.mark.parametrize(
    "exc", [httpx.ReadTimeout("The read operation timed out"), httpx.ConnectTimeout(f"timed out on {SIGNED}")]
)
def test_a_timeout_is_an_api_timeout_error(exc: httpx.RequestError) -> None:
    request = httpx.Request("PUT", SIGNED)
    error = transport_error(exc, request, "a.jpg")
    assert type(error) is APITimeoutError
    assert str(error) == "The upload of 'a.jpg' to https://bucket.s3.test:9000 timed out."
    assert error.request is request


@pytest.mark.parametrize(
    ("exc", "shown"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), "ConnectError: [Errno 111] Connection refused"),
        (
            httpx.RemoteProtocolError(f"Server disconnected while sending {SIGNED}"),
            "RemoteProtocolError: Server disconnected while sending https://bucket.s3.test:9000",
        ),
        (httpx.WriteError(f"{SIGNED} broke: {SIGNED}"), "WriteError: https://bucket.s3.test:9000 broke: "),
    ],
)
def test_other_transport_errors_are_connection_errors_without_the_signed_url(
    exc: httpx.RequestError, shown: str
) -> None:
    request = httpx.Request("PUT", SIGNED)
    error = transport_error(exc, request, "a.jpg")
    assert type(error) is APIConnectionError
    assert str(error).startswith(f"The upload of 'a.jpg' to https://bucket.s3.test:9000 failed ({shown}")
    assert not any(part in str(error).replace("'a.jpg'", "") for part in SECRET_PARTS)
    assert error.request is request


def test_log_put_names_only_the_host(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="autoenhance_sdk")
    log_put(httpx.Request("PUT", SIGNED), "a.jpg", "200", 2, 0.01234)
    [record] = caplog.records
    assert record.name == "autoenhance_sdk" and record.levelno == logging.INFO
    assert record.getMessage() == "PUT https://bucket.s3.test:9000 (upload of 'a.jpg') -> 200 (attempt 2, 12.3 ms)"


# --- _options ------------------------------------------------------------------------------------

ENHANCE_NAMES = (
    "ai_version, cloud_type, enhance, enhance_type, lens_correction, privacy, sky_replacement, upscale, "
    "vertical_correction, window_pull"
)


def test_check_options_drops_what_is_left_none() -> None:
    options = {"ai_version": "5.x", "privacy": False, "rating": None, "metadata": {"k": "v"}, "upscale": None}
    assert check_options(options, UploadOptions, "images.upload") == {
        "ai_version": "5.x",
        "privacy": False,
        "metadata": {"k": "v"},
    }
    assert check_options({}, EnhanceOptions, "orders.enhance") == {}


def test_check_options_refuses_unknown_names_listing_the_known() -> None:
    with pytest.raises(InvalidInputError) as info:
        check_options({"zoom": 2, "rating": 3, "privacy": True}, EnhanceOptions, "orders.enhance")
    assert str(info.value) == f"orders.enhance() got unknown option(s) rating, zoom; it takes {ENHANCE_NAMES}."


def test_upload_options_take_the_enhance_options_and_their_own() -> None:
    with pytest.raises(InvalidInputError) as info:
        check_options({"zoom": None}, UploadOptions, "images.upload")  # unknown even when None
    known = sorted([*ENHANCE_NAMES.split(", "), "threesixty", "rating", "metadata", "finetune_settings"])
    assert str(info.value) == f"images.upload() got unknown option(s) zoom; it takes {', '.join(known)}."


def test_a_batch_refuses_bytes_saying_why(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="not bytes"):
        sources_of([b"\xff\xd8 jpeg"], "orders.upload_images")


def test_a_path_with_a_nul_is_refused_clearly() -> None:
    with pytest.raises(InvalidInputError, match="Cannot read"):
        source_of("bad\x00name.jpg")


def test_unique_stems_never_gives_two_images_one_name() -> None:
    assert unique_stems([("x", "aaaaaaaabbbb"), ("x", "aaaaaaaacccc"), ("x-aaaaaaaa", "zzz")]) == [
        "x-aaaaaaaabbbb",
        "x-aaaaaaaacccc",
        "x-aaaaaaaa",
    ]
    assert unique_stems([("x", "a"), ("x", "a"), ("y", "b")]) == ["x-a", "x-a~2", "y"]


def test_an_interrupted_sync_batch_stops_its_running_transfers_at_once() -> None:
    """Ctrl-C while the caller waits: the caller gets it now; jobs not started never start, and
    the running ones stop at their next chunk (check_stop), not after their whole transfer."""
    started, stopped, release = threading.Barrier(3), threading.Event(), threading.Event()
    ran: list[int] = []

    def transfer(item: int) -> int:
        ran.append(item)
        started.wait(timeout=5)
        try:
            while not release.wait(timeout=0.01):  # a long transfer, chunk after chunk
                check_stop()
        except BatchStopped:
            stopped.set()
            raise
        return item

    real_result = concurrent.futures.Future.result

    def interrupted(self: concurrent.futures.Future[Any], timeout: float | None = None) -> Any:
        started.wait(timeout=5)  # both transfers are running
        raise KeyboardInterrupt

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(concurrent.futures.Future, "result", interrupted)
        with pytest.raises(KeyboardInterrupt):
            map_bounded(transfer, [1, 2, 3, 4], 2)
    assert stopped.wait(timeout=5) and sorted(ran) == [1, 2]  # 3 and 4 never started
    assert concurrent.futures.Future.result is real_result
    check_stop()  # outside a batch: nothing to stop


def test_a_closed_file_object_is_refused_clearly(tmp_path: Path) -> None:
    with open(write(tmp_path / "a.jpg"), "rb") as handle:
        pass
    with pytest.raises(InvalidInputError, match="is closed"):
        source_of(handle)


def test_a_name_and_an_id_with_nothing_left_name_the_file_image() -> None:
    assert safe_stem(None, "..") == "image" and safe_stem("...", " . ") == "image"


def test_closing_a_rich_bar_that_is_not_drawn_does_nothing() -> None:
    from autoenhance_sdk._progress import _RichBar

    bar = _RichBar()
    bar.close()
    assert bar._progress is None
