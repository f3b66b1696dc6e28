"""Rendering a download runs off the event loop: a slow render holds up only its own request.

The render is made slow deterministically (it waits on an Event the test sets), so nothing here
depends on how fast the machine is; the decoded-originals cache is bounded by bytes, not count.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Iterator

import httpx
import pytest
from autoenhance_mock import AsyncInProcessTransport, create_app, fingerprint
from autoenhance_mock import _renders as renders_module
from autoenhance_mock._render import Rendered, RenderOptions, Source, render
from autoenhance_mock._renders import Original, Renders

from tests.mock.helpers import KEY_A, OCTET, A, FakeTime, decode, photo, uploaded_image


class SlowRender:
    """Patches the render function: each render signals ``started``, then waits for ``release``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started, self.release = threading.Event(), threading.Event()
        real = render

        def slow(source: Source, options: RenderOptions) -> Rendered:
            self.started.set()
            assert self.release.wait(10), "the test never released the render"
            return real(source, options)

        monkeypatch.setattr(renders_module, "render", slow)


@pytest.fixture
def slow_render(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowRender]:
    slow = SlowRender(monkeypatch)
    try:
        yield slow
    finally:
        slow.release.set()  # never leave a worker waiting, whatever the test did


def test_other_requests_are_answered_while_a_render_is_under_way(
    http: httpx.Client, fake_time: FakeTime, slow_render: SlowRender
) -> None:
    image = uploaded_image(http, photo(320, 240), order_id="slow")
    fake_time.now += 3
    path = f"/v3/images/{image['image_id']}/enhanced"
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        download = pool.submit(http.get, path, params={"preview": "false", "format": "png"}, headers=A)
        assert slow_render.started.wait(10)
        # The render is stuck in its worker: the event loop still answers everything else.
        assert http.get("/__mock__/health", timeout=5).status_code == 200
        order = http.get("/v3/orders/slow", headers=A, timeout=5)
        assert order.status_code == 200 and order.json()["status"] == "processed"
        # The credit was spent and `downloaded` set by the request itself, before the render.
        assert http.get(f"/v3/images/{image['image_id']}", headers=A, timeout=5).json()["downloaded"] is True
        assert http.get("/__mock__/credits", timeout=5).json()["credits"][fingerprint(KEY_A)] == 99
        assert not download.done()
        slow_render.release.set()
        resp = download.result(10)
    assert resp.status_code == 200 and decode(resp.content).size == (320, 240)


def test_in_process_a_render_does_not_hold_up_the_callers_loop(slow_render: SlowRender) -> None:
    """In process, on one event loop (an async test's): health answers while a download renders."""
    app = create_app(api_keys=["k"])
    headers = {"x-api-key": "k"}

    async def main() -> tuple[int, bool, httpx.Response]:
        async with httpx.AsyncClient(transport=AsyncInProcessTransport(app), base_url="http://inprocess.test") as http:
            image = (await http.post("/v3/images/", json={"image_name": "r"}, headers=headers)).json()
            put = await http.put(image["upload_url"], content=photo(64, 48), headers=OCTET)
            assert put.status_code == 200
            app.clock.advance(3)
            path = f"/v3/images/{image['image_id']}/original"
            download = asyncio.ensure_future(http.get(path, params={"format": "png"}))
            assert await asyncio.to_thread(slow_render.started.wait, 10)
            health = await http.get("/__mock__/health")
            rendering = not download.done()
            slow_render.release.set()
            return health.status_code, rendering, await download

    try:
        status, rendering, resp = asyncio.run(main())
    finally:
        app.close()
    assert status == 200 and rendering, "health had to wait for the render"
    assert resp.status_code == 200 and decode(resp.content).size == (64, 48)


def test_decoded_originals_are_bounded_by_bytes_not_count() -> None:
    # Each 1000x1000 original decodes to about 4 MB (Pillow keeps RGB in 4 bytes a pixel), plus the
    # JPEG kept for finer decodes; a 10 MB bound keeps two of them, however many fit a count.
    renders = Renders(source_bytes=10 * 1024 * 1024)
    data = photo(1000, 1000)
    for n in range(4):
        renders.get(Original(("a", f"img-{n}", 1), "x", data, ()), RenderOptions(preview=False))
        assert renders.source_bytes <= 10 * 1024 * 1024
    assert len(renders._sources) == 2
    assert list(renders._sources) == [("a", "img-2", 1), ("a", "img-3", 1)]  # the most recently used
    small = Renders(source_bytes=1024)  # one source alone over the bound: not kept
    answer = small.get(Original(("a", "big", 1), "x", data, ()), RenderOptions(preview=False))
    assert (answer.width, answer.height) == (1000, 1000) and small.source_bytes == 0
