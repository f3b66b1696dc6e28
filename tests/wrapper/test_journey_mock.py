"""The photo journey against the mock: uploads, batches, enhance, downloads to disk, sync and async.

Waiting moves the mock's clock instead of the test's: the clients sleep by advancing it, so
processing (2 s grouping, 3 s enhancing on that clock) finishes at the first poll that follows.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from autoenhance_sdk import (
    APIConnectionError,
    AsyncAutoenhance,
    Autoenhance,
    BatchError,
    Downloaded,
    ImageNotReadyError,
    InvalidInputError,
    NotFoundError,
    Progress,
    UploadError,
)
from PIL import Image


def jpeg(shade: int, size: tuple[int, int] = (320, 240)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (shade, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def noisy(path: Path, dimensions: tuple[int, int]) -> Path:
    """A photo that barely compresses: at 800x600, larger than what transports read at once."""
    out = io.BytesIO()
    Image.effect_noise(dimensions, 90).convert("RGB").save(out, "JPEG", quality=95)
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def photos(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "shoot"
    folder.mkdir()
    paths = []
    for i, name in enumerate(["kitchen.jpg", "garden.jpg", "hall.jpg"]):
        path = folder / name
        path.write_bytes(jpeg(40 * i))
        paths.append(path)
    return paths


@pytest.fixture
def client(autoenhance_mock: Any) -> Any:
    with autoenhance_mock.client(sleep=autoenhance_mock.advance) as made:
        yield made


@pytest.fixture
def aclient(autoenhance_mock: Any) -> AsyncAutoenhance:
    async def advance(seconds: float) -> None:
        autoenhance_mock.advance(seconds)

    made: AsyncAutoenhance = autoenhance_mock.async_client(sleep=advance)
    return made


def look(path: Path) -> tuple[str | None, tuple[int, int]]:
    """A written image's format and size, as Pillow decodes it."""
    with Image.open(path) as image:
        image.load()
        return image.format, image.size


def calls(mock: Any, operation: str) -> int:
    return len(mock.requests(operation))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_upload_sends_the_file_and_enhancing_starts(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path]
) -> None:
    created = client.images.upload(photos[0], order_id="o-1", enhance_type="warm")
    assert created.image_name == "kitchen.jpg" and created.order_id == "o-1"
    image = autoenhance_mock.image(created.image_id)
    assert image["status"] == "processing" and image["enhance_type"] == "warm"
    with open(photos[1], "rb") as handle:
        from_object = client.images.upload(handle)
        assert from_object.image_name == "garden.jpg" and not handle.closed
    from_bytes = client.images.upload(jpeg(9), image_name="bytes.jpg")
    assert autoenhance_mock.image(from_bytes.image_id)["status"] == "processing"


def test_a_legacy_version_uploads_with_the_declared_type(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path]
) -> None:
    created = client.with_options(api_version="2024-06-01").images.upload(photos[0])
    assert created.s_3_put_object_url and not created.upload_url
    assert autoenhance_mock.image(created.image_id)["status"] == "processing"


def test_download_streams_to_a_directory_or_a_file(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path], tmp_path: Path
) -> None:
    created = client.images.upload(photos[0])
    autoenhance_mock.advance(10)
    got = client.images.download(created.image_id, tmp_path)
    assert got == Downloaded(tmp_path / f"{created.image_id}.jpg", "image/jpeg", created.image_id, got.size)
    assert got.size == got.path.stat().st_size and look(got.path)[0] == "JPEG"
    named = client.images.download(created.image_id, tmp_path / "small.png", format="png", max_width=100)
    with Image.open(named.path) as image:
        assert (image.format, image.width, named.content_type) == ("PNG", 100, "image/png")
    (tmp_path / "small.png").write_bytes(b"old")
    client.images.download(created.image_id, tmp_path / "small.png", format="png")
    assert look(tmp_path / "small.png")[0] == "PNG"  # replaced
    assert leftovers(tmp_path) == []


def test_download_follows_the_redirect_and_spends_a_credit_only_at_full_size(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path], tmp_path: Path
) -> None:
    created = client.images.upload(photos[0])
    autoenhance_mock.advance(10)
    autoenhance_mock.redirect_downloads()
    before = autoenhance_mock.credits()
    client.images.download(created.image_id, tmp_path / "preview.jpg")
    assert autoenhance_mock.credits() == before
    full = client.images.download(created.image_id, tmp_path / "full.jpg", preview=False)
    assert autoenhance_mock.credits() == before - 1 and look(full.path)[1] == (320, 240)


def test_a_refused_download_writes_nothing(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path], tmp_path: Path
) -> None:
    created = client.images.upload(photos[0])  # still processing: 404 naming the state
    with pytest.raises(NotFoundError):
        client.images.download(created.image_id, tmp_path / "x.jpg")
    assert list(tmp_path.iterdir()) == [photos[0].parent]
    with pytest.raises(InvalidInputError, match="does not exist"):
        client.images.download(created.image_id, tmp_path / "missing" / "x.jpg")
    with pytest.raises(InvalidInputError, match="file path or a directory"):
        client.images.download(created.image_id, 42)  # type: ignore[arg-type]


def test_upload_images_skips_what_an_earlier_run_uploaded(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path]
) -> None:
    events: list[Progress] = []
    order = client.orders.upload_images("o-batch", photos, progress=events.append, concurrency=2)
    assert sorted(i.image_name for i in order.images) == ["garden.jpg", "hall.jpg", "kitchen.jpg"]
    assert events[0] == Progress("upload", None, 0, 3) and [e.done for e in events] == [0, 1, 2, 3]
    assert {e.name for e in events[1:]} == {"garden.jpg", "hall.jpg", "kitchen.jpg"}
    assert calls(autoenhance_mock, "create_image") == 3
    client.images.create(image_name="porch.jpg", order_id="o-batch")  # its bytes never came
    porch = photos[0].parent / "porch.jpg"
    porch.write_bytes(jpeg(200))
    again = client.orders.upload_images("o-batch", [*photos, porch])
    assert calls(autoenhance_mock, "create_image") == 5  # only porch.jpg again; the stale one deleted
    assert sorted(i.image_name for i in again.images) == ["garden.jpg", "hall.jpg", "kitchen.jpg", "porch.jpg"]
    assert all(i.status != "waiting" for i in again.images)


def test_a_failed_upload_is_named_and_the_rerun_sends_only_it(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path]
) -> None:
    autoenhance_mock.fault("status", status=400, operation="upload", count=1)
    with pytest.raises(BatchError) as caught:
        client.orders.upload_images("o-fail", photos, concurrency=1)
    error = caught.value
    assert list(error.failures) == ["kitchen.jpg"] and isinstance(error.failures["kitchen.jpg"], UploadError)
    assert len(error.done) == 2 and error.order_id == "o-fail"
    assert "kitchen.jpg" in str(error) and "order_id='o-fail'" in str(error)
    assert len(client.orders.retrieve("o-fail").images) == 2  # the image whose bytes never came is gone
    again = client.orders.upload_images("o-fail", photos)
    assert len(again.images) == 3 and calls(autoenhance_mock, "create_image") == 4


def test_enhance_runs_the_journey_and_a_rerun_sends_nothing_new(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path]
) -> None:
    order = client.orders.enhance(photos, name="12 Elm St", enhance_type="modern", poll_interval=1)
    assert order.status == "processed" and order.name == "12 Elm St" and len(order.images) == 3
    assert {autoenhance_mock.image(i.image_id)["enhance_type"] for i in order.images} == {"modern"}
    again = client.orders.enhance(photos, order_id=order.order_id, poll_interval=1)
    assert again.status == "processed" and calls(autoenhance_mock, "create_image") == 3


def test_enhance_refuses_bad_input_before_sending(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path]
) -> None:
    with pytest.raises(InvalidInputError, match="unknown option"):
        client.orders.enhance(photos, sky=True)  # type: ignore[call-arg]
    with pytest.raises(InvalidInputError, match="hdr=True"):
        client.orders.enhance(photos, brackets_per_image=3)
    with pytest.raises(InvalidInputError, match="several files are named"):
        client.orders.enhance([photos[0], photos[0]])
    with pytest.raises(InvalidInputError, match="list of files"):
        client.orders.enhance(str(photos[0]))  # type: ignore[arg-type]
    assert autoenhance_mock.requests() == []


def test_enhance_stops_before_the_wait_when_a_file_failed(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path]
) -> None:
    autoenhance_mock.fault("status", status=403, operation="upload", count=1)
    with pytest.raises(BatchError) as caught:
        client.orders.enhance(photos, concurrency=1, order_id="o-stop")
    # two reads of the order: before the uploads, then the check for images left waiting; no poll
    assert list(caught.value.failures) == ["kitchen.jpg"] and calls(autoenhance_mock, "retrieve_order") == 2


def test_hdr_brackets_are_grouped_once(autoenhance_mock: Any, client: Autoenhance, photos: list[Path]) -> None:
    order = client.orders.enhance(photos, hdr=True, brackets_per_image=3, poll_interval=1)
    assert order.status == "processed" and len(order.images) == 1
    listing = client.orders.brackets(order.order_id)
    assert {b.image_id for b in listing.brackets} == {order.images[0].image_id}
    again = client.orders.enhance(photos, hdr=True, order_id=order.order_id, poll_interval=1)
    assert len(again.images) == 1 and calls(autoenhance_mock, "process_order") == 1
    assert calls(autoenhance_mock, "create_bracket") == 3


def test_download_all_names_files_after_images_and_reports_the_unfinished(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path], tmp_path: Path
) -> None:
    order = client.orders.enhance(photos, order_id="o-dl", poll_interval=1)
    twin = client.images.upload(jpeg(1), image_name="kitchen.jpg", order_id="o-dl")  # a second kitchen
    failed = client.images.upload(jpeg(2), image_name="attic.jpg", order_id="o-dl")
    autoenhance_mock.advance(10)
    autoenhance_mock.fail_image(failed.image_id, "too dark")
    out = tmp_path / "out" / "nested"
    with pytest.raises(BatchError) as caught:
        client.orders.download_all(order.order_id, out, format="webp")
    error = caught.value
    (label,) = error.failures
    assert label == f"attic.jpg ({failed.image_id})" and isinstance(error.failures[label], ImageNotReadyError)
    assert "too dark" in str(error.failures[label])
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        ["garden.webp", "hall.webp", f"kitchen-{twin.image_id[:8]}.webp", f"kitchen-{_kitchen(order)[:8]}.webp"]
    )
    assert all(d.content_type == "image/webp" for d in error.done) and len(error.done) == 4


def _kitchen(order: Any) -> str:
    return next(i.image_id for i in order.images if i.image_name == "kitchen.jpg")


def test_download_all_full_size_spends_a_credit_per_image(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path], tmp_path: Path
) -> None:
    order = client.orders.enhance(photos, poll_interval=1)
    before = autoenhance_mock.credits()
    files = client.orders.download_all(order.order_id, tmp_path / "full", preview=False, progress=True)
    assert autoenhance_mock.credits() == before - 3 and len(files) == 3
    client.orders.download_all(order.order_id, tmp_path / "full", preview=False, dev_mode=True)
    assert autoenhance_mock.credits() == before - 3
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(InvalidInputError, match="not a directory"):
        client.orders.download_all(order.order_id, tmp_path / "file")


@pytest.mark.anyio
async def test_the_async_journey(
    autoenhance_mock: Any, aclient: AsyncAutoenhance, photos: list[Path], tmp_path: Path
) -> None:
    order = await aclient.orders.enhance(photos, poll_interval=1, concurrency=3)
    assert order.status == "processed" and len(order.images) == 3
    files = await aclient.orders.download_all(order.order_id, tmp_path / "out", format="png")
    assert sorted(f.path.name for f in files) == ["garden.png", "hall.png", "kitchen.png"]
    one = await aclient.images.download(order.images[0].image_id, tmp_path, max_width=50)
    assert look(one.path)[1][0] == 50 and leftovers(tmp_path) == []
    hdr = await aclient.orders.enhance(photos, hdr=True, brackets_per_image=3, poll_interval=1)
    assert len(hdr.images) == 1
    listing = await aclient.orders.upload_brackets(hdr.order_id, photos)
    assert len(listing.brackets) == 3 and calls(autoenhance_mock, "create_bracket") == 3
    created = await aclient.images.upload(photos[0], order_id="o-async")
    assert autoenhance_mock.image(created.image_id)["status"] == "processing"
    uploaded = await aclient.orders.upload_images("o-async", photos)
    assert len(uploaded.images) == 3  # kitchen.jpg was there already
    autoenhance_mock.fault("status", status=400, operation="upload", count=1)
    with pytest.raises(BatchError):
        await aclient.orders.upload_images("o-async-2", photos, concurrency=1)
    with pytest.raises(BatchError):
        await aclient.orders.download_all("o-async-2", tmp_path / "none")


@pytest.mark.parametrize("dimensions", [(320, 240), (800, 600)], ids=["read at once", "streamed to its part file"])
def test_a_cut_download_leaves_no_partial_file(
    autoenhance_mock: Any, photos: list[Path], tmp_path: Path, dimensions: tuple[int, int]
) -> None:
    """A small image is read with its headers (cut there, no file is begun); a noisy 800x600 one
    is larger than what transports read at once, so it is cut while it streams into its file."""
    photo = noisy(photos[0].with_name("noisy.jpg"), dimensions)
    with autoenhance_mock.client(max_retries=0) as client:
        created = client.images.upload(photo)
        autoenhance_mock.advance(10)
        autoenhance_mock.fault("truncate", operation="download_enhanced_image", count=1)
        with pytest.raises(APIConnectionError):  # half the body, then the close
            client.images.download(created.image_id, tmp_path / "cut.jpg", preview=False)
        assert sorted(os.listdir(tmp_path)) == ["shoot"]
    with autoenhance_mock.client(max_retries=1, sleep=lambda s: None) as client:
        autoenhance_mock.fault("truncate", operation="download_enhanced_image", count=1)
        got = client.images.download(created.image_id, tmp_path / "cut.jpg", preview=False)
        assert look(got.path)[1] == dimensions and sorted(os.listdir(tmp_path)) == ["cut.jpg", "shoot"]


@pytest.mark.anyio
async def test_the_async_journey_reruns_and_refuses_like_the_sync_one(
    autoenhance_mock: Any, aclient: AsyncAutoenhance, photos: list[Path], tmp_path: Path
) -> None:
    await aclient.images.create(image_name="kitchen.jpg", order_id="o-stale")  # its bytes never came
    order = await aclient.orders.upload_images("o-stale", photos)
    assert len(order.images) == 3 and all(i.status != "waiting" for i in order.images)
    hdr = await aclient.orders.enhance(photos, hdr=True, brackets_per_image=3, poll_interval=1)
    await aclient.orders.enhance(photos, hdr=True, order_id=hdr.order_id, poll_interval=1)
    assert calls(autoenhance_mock, "process_order") == 1
    with pytest.raises(InvalidInputError, match="hdr=True"):
        await aclient.orders.enhance(photos, brackets_per_image=2)
    created = await aclient.images.upload(photos[0])
    with pytest.raises(NotFoundError):  # still processing
        await aclient.images.download(created.image_id, tmp_path / "early.jpg")
    autoenhance_mock.advance(10)
    autoenhance_mock.fault("truncate", operation="download_enhanced_image", count=1)
    with pytest.raises(APIConnectionError):
        await aclient.with_options(max_retries=0).images.download(created.image_id, tmp_path / "cut.jpg")
    assert sorted(os.listdir(tmp_path)) == ["shoot"]


@pytest.mark.parametrize("dimensions", [(320, 240), (800, 600)], ids=["read at once", "streamed to disk"])
def test_the_debug_log_counts_a_download_to_disk(
    autoenhance_mock: Any,
    client: Autoenhance,
    photos: list[Path],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    dimensions: tuple[int, int],
) -> None:
    created = client.images.upload(noisy(photos[0].with_name("noisy.jpg"), dimensions))
    autoenhance_mock.advance(10)
    caplog.set_level(logging.DEBUG, "autoenhance_sdk")
    got = client.images.download(created.image_id, tmp_path)
    assert f"response body: <{got.size} bytes of image/jpeg>" in caplog.messages


def test_an_image_id_never_names_a_file_outside_the_folder(tmp_path: Path) -> None:
    """Ids are path segments to the API; as file names they are made safe (no \\, no leading dots)."""
    from tests.wrapper.helpers import Recorder, sync_client

    jpeg_answer = httpx.Response(200, content=jpeg(5), headers={"content-type": "image/jpeg"})
    folder = tmp_path / "out"
    folder.mkdir()
    client = sync_client(Recorder(jpeg_answer))
    got = client.images.download("..\\..\\evil", folder)
    assert got.path == folder / "evil.jpg" and sorted(os.listdir(tmp_path)) == ["out"]


@pytest.mark.anyio
async def test_the_default_async_transport_streams_uploads_with_a_length(
    autoenhance_mock: Any, photos: list[Path]
) -> None:
    """aiohttp under httpx (the async client's own pool): the PUT carries Content-Length, as
    presigned URLs require (the mock answers 411 without it)."""
    async with AsyncAutoenhance(base_url=autoenhance_mock.url, api_key=autoenhance_mock.api_key) as client:
        order = await client.orders.upload_images("o-aiohttp", photos)
    assert sorted(autoenhance_mock.image(i.image_id)["status"] for i in order.images) == ["processing"] * 3


@pytest.mark.autoenhance_mock(inprocess=True)
def test_the_journey_in_process(autoenhance_mock: Any, photos: list[Path], tmp_path: Path) -> None:
    """The in-process mock (no socket) answers with bodies already read: downloads still go to disk."""
    with autoenhance_mock.client(sleep=autoenhance_mock.advance) as client:
        order = client.orders.enhance(photos, poll_interval=1)
        files = client.orders.download_all(order.order_id, tmp_path / "out")
        one = client.images.download(order.images[0].image_id, tmp_path)
    assert sorted(f.path.name for f in files) == ["garden.jpg", "hall.jpg", "kitchen.jpg"]
    assert look(one.path)[0] == "JPEG" and one.size == one.path.stat().st_size


def test_hdr_groups_follow_the_files_order(autoenhance_mock: Any, client: Autoenhance, tmp_path: Path) -> None:
    """Uploads run side by side, so the server sees the brackets in any order: every N files, in
    the order given, make one image, never exposures of different scenes."""
    files = []
    for scene in range(4):
        for exposure in range(3):
            path = tmp_path / f"s{scene}_e{exposure}.jpg"
            path.write_bytes(jpeg(20 * scene + exposure))
            files.append(path)
    order = client.orders.enhance(files, hdr=True, brackets_per_image=3, concurrency=8, poll_interval=1)
    assert len(order.images) == 4
    by_image: dict[str, set[str]] = {}
    for bracket in client.orders.brackets(order.order_id).brackets:
        by_image.setdefault(bracket.image_id, set()).add(bracket.name.split("_")[0])
    assert sorted(len(scenes) for scenes in by_image.values()) == [1, 1, 1, 1]


def test_upload_brackets_makes_a_missing_order(autoenhance_mock: Any, client: Autoenhance, photos: list[Path]) -> None:
    listing = client.orders.upload_brackets("o-new-hdr", photos)
    assert len(listing.brackets) == 3 and client.orders.retrieve("o-new-hdr").order_id == "o-new-hdr"


def test_a_lost_create_answer_leaves_no_waiting_twin(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path], tmp_path: Path
) -> None:
    """The mock makes the image, then drops the answer: the SDK's retry makes a second one. The
    first never gets bytes; the batch deletes it, so the order finishes and downloads cleanly."""
    autoenhance_mock.fault("drop", operation="create_image", count=1)
    order = client.orders.upload_images("o-drop", photos[:2], concurrency=1)
    assert calls(autoenhance_mock, "create_image") == 3
    assert sorted(i.image_name for i in order.images) == ["garden.jpg", "kitchen.jpg"]
    assert len(client.orders.retrieve("o-drop").images) == 2
    autoenhance_mock.advance(10)
    files = client.orders.download_all("o-drop", tmp_path / "out")
    assert sorted(f.path.name for f in files) == ["garden.jpg", "kitchen.jpg"]


def test_download_all_leaves_out_expired_images(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path], tmp_path: Path
) -> None:
    order = client.orders.enhance(photos[:1], order_id="o-exp", poll_interval=1)
    client.images.create(image_name="never.jpg", order_id="o-exp")
    autoenhance_mock.advance(4000)  # past the upload URL's lifetime: expired
    assert {i.status for i in client.orders.retrieve("o-exp").images} == {"processed", "expired"}
    files = client.orders.download_all(order.order_id, tmp_path / "out")
    assert [f.path.name for f in files] == ["kitchen.jpg"]


def test_download_all_of_a_missing_order_makes_no_folder(
    autoenhance_mock: Any, client: Autoenhance, tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError):
        client.orders.download_all("no-such-order", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_failing_progress_callback_does_not_fail_the_files(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: Progress) -> None:
        raise RuntimeError("my UI crashed")

    order = client.orders.upload_images("o-ui", photos, progress=broken)
    assert len(order.images) == 3
    warnings = [r.getMessage() for r in caplog.records if "progress callback" in r.getMessage()]
    assert warnings == ["The progress callback raised RuntimeError: my UI crashed; the batch goes on."]


def test_the_debug_log_never_shows_a_signed_upload_url(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, "autoenhance_sdk")
    created = client.images.upload(photos[0])
    token = created.upload_url.rsplit("/", 1)[-1]
    assert all(token not in r.getMessage() for r in caplog.records)
    assert any('"upload_url":"http://127.0.0.1:' in m and "/[signed URL: not logged]" in m for m in caplog.messages)


def test_server_ids_and_names_never_reach_outside_the_folder(tmp_path: Path) -> None:
    from tests.wrapper.helpers import Recorder, sync_client

    images = [
        {"image_id": "../../escaped", "image_name": None, "order_id": "o", "status": "processed"},
        {"image_id": "img-ok", "image_name": "../../../up.jpg", "order_id": "o", "status": "processed"},
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v3/orders/"):
            return httpx.Response(200, json={"order_id": "o", "images": images, "status": "processed"})
        return httpx.Response(200, content=jpeg(3), headers={"content-type": "image/jpeg"})

    out = tmp_path / "a" / "b" / "out"
    with pytest.raises(BatchError) as caught:
        sync_client(Recorder(answer)).orders.download_all("o", out)
    assert list(caught.value.failures) == ["None (../../escaped)"]
    assert isinstance(caught.value.failures["None (../../escaped)"], InvalidInputError)
    assert [p.name for p in out.iterdir()] == ["up.jpg"] and sorted(os.listdir(tmp_path)) == ["a"]


@pytest.mark.anyio
async def test_the_async_batches_drop_orphans_and_make_missing_orders(
    autoenhance_mock: Any, aclient: AsyncAutoenhance, photos: list[Path]
) -> None:
    autoenhance_mock.fault("drop", operation="create_image", count=1)
    order = await aclient.orders.upload_images("o-adrop", photos[:2], concurrency=1)
    assert sorted(i.image_name for i in order.images) == ["garden.jpg", "kitchen.jpg"]
    assert [i.status for i in (await aclient.orders.retrieve("o-adrop")).images].count("waiting") == 0
    listing = await aclient.orders.upload_brackets("o-ahdr", photos[:1])
    assert [b.name for b in listing.brackets] == ["kitchen.jpg"]
    await aclient.images.create(image_name="kitchen.jpg", order_id="o-adrop")  # a twin, never uploaded
    again = await aclient.orders.upload_images("o-adrop", photos[:2])
    assert sorted(i.status for i in again.images) == ["processing", "processing"]


def test_a_name_uploaded_once_and_left_waiting_once_is_skipped(
    autoenhance_mock: Any, client: Autoenhance, photos: list[Path]
) -> None:
    """An order holding an uploaded kitchen.jpg and a twin never uploaded: the file is not sent
    again (the uploaded one wins), and the twin, waiting, is deleted."""
    client.orders.upload_images("o-twin", photos[:1])
    client.images.create(image_name="kitchen.jpg", order_id="o-twin")
    order = client.orders.upload_images("o-twin", photos[:1])
    assert calls(autoenhance_mock, "create_image") == 2 and [i.status for i in order.images] == ["processing"]


@pytest.mark.anyio
async def test_the_default_async_transport_downloads_to_disk(
    autoenhance_mock: Any, photos: list[Path], tmp_path: Path
) -> None:
    """The async client's own pool (aiohttp) streams a download into its file, the API's redirect
    followed too."""
    async with AsyncAutoenhance(base_url=autoenhance_mock.url, api_key=autoenhance_mock.api_key) as client:
        created = await client.images.upload(photos[0])
        autoenhance_mock.advance(10)
        got = await client.images.download(created.image_id, tmp_path / "direct.jpg")
        autoenhance_mock.redirect_downloads()
        hop = await client.images.download(created.image_id, tmp_path / "hop.png", format="png")
    assert look(got.path) == ("JPEG", (320, 240)) and look(hop.path)[0] == "PNG"
