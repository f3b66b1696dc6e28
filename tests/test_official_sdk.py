"""The provider's official SDK (`autoenhance` 1.1.0, the `bench` extra) against the mock.

Its image and bracket calls (create_image, retrieve_image, download_enhanced_image,
download_original_image, delete_image, v3_brackets_post) work against the mock with the upload
done the way the provider documents it: a plain ``requests.put`` of the raw bytes to the answer's
URL. The provider's README shows ``response.s3_put_object_url`` with ``Content-Type: image/jpeg``
and ``body=``; 1.1.0 pins ``x-api-version: 2025-05-08``, whose answer is ``upload_url`` signed for
``application/octet-stream`` (the spec's x-upload), and ``requests`` takes the bytes as ``data=``.

Also proven: it sends the pinned version and the key as ``x-api-key`` on every API call and no key
to the upload URL; a full-size download spends one credit, ``x-dev-mode`` (through ``_headers``)
none; its urllib3 transport follows the mock's redirect mode to the asset; and the plain
``Configuration`` + ``ApiClient`` + ``ImagesApi`` way works too (it sends no version header: only
the ``Autoenhance`` facade sets it).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests
from autoenhance_mock import MockServer, create_app
from PIL import Image

autoenhance = pytest.importorskip("autoenhance", reason="the official SDK comes with the bench extra")

KEY, OTHER = "official-key-a", "official-key-b"
VERSION = "2025-05-08"


class Recorder:
    """ASGI middleware keeping each request's method, path and headers, then serving the mock."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[tuple[str, str, dict[str, str]]] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/__mock__"):
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            self.seen.append((scope["method"], scope["path"], headers))
        await self.app(scope, receive, send)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder(create_app(api_keys=[KEY, OTHER]))


@pytest.fixture
def server(recorder: Recorder) -> Iterator[MockServer]:
    with MockServer(recorder.app, asgi=recorder) as mock:
        yield mock


def control(server: MockServer, method: str, path: str, **body: Any) -> Any:
    response = httpx.request(method, f"{server.url}/__mock__/{path}", json=body or None, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def credits_of(server: MockServer, account: str) -> int:
    return int(control(server, "GET", "credits")["credits"][account])


def account_of(server: MockServer, key: str, credits: int = 100) -> str:
    """The key's account fingerprint, as the control surface names accounts; its credits set."""
    return str(control(server, "POST", "credits", api_key=key, credits=credits)["account"])


def photo(kind: str, size: tuple[int, int], shade: int = 140) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (shade, 150, 170)).save(out, kind)
    return out.getvalue()


def put(url: str, data: bytes) -> None:
    """The upload, as the provider documents it: requests.put of the raw bytes, no key."""
    response = requests.put(url, data=data, headers={"Content-Type": "application/octet-stream"}, timeout=30)
    assert (response.status_code, response.content) == (200, b""), response.text


def decoded(data: Any) -> Image.Image:
    assert isinstance(data, bytes | bytearray), type(data)
    image = Image.open(io.BytesIO(bytes(data)))
    image.load()
    return image


def test_image_and_bracket_calls_work_against_the_mock(server: MockServer, recorder: Recorder) -> None:
    client = autoenhance.Autoenhance(KEY, baseURL=server.url)
    order = client.create_order(name="official: photos")  # untyped in 1.1.0: a dict
    order_id = order["order_id"]

    created = client.create_image(image_name="living-room", order_id=order_id, enhance_type="warm")
    assert isinstance(created, autoenhance.ImageCreatedOut)
    assert (created.order_id, created.image_name, created.status) == (order_id, "living-room", "waiting")
    assert isinstance(created.upload_url, str) and created.upload_url.startswith(server.url)
    put(created.upload_url, photo("JPEG", (1600, 1200)))
    control(server, "POST", "clock/advance", seconds=30)

    image = client.retrieve_image(id=created.image_id)
    assert isinstance(image, autoenhance.ImageOut) and image.status == "processed"
    assert image.enhance_type == "warm" and image.downloaded is False

    preview = decoded(client.download_enhanced_image(id=created.image_id))
    assert preview.format == "JPEG" and max(preview.size) <= 1024
    asked = decoded(client.download_enhanced_image(id=created.image_id, format="png", max_width=320))
    assert (asked.format, asked.size) == ("PNG", (320, 240))
    original = decoded(client.download_original_image(id=created.image_id))
    assert (original.format, original.size) == ("JPEG", (1600, 1200))
    small = decoded(client.download_original_image(id=created.image_id, format="webp", max_width=400))
    assert (small.format, small.size) == ("WEBP", (400, 300))

    account = account_of(server, KEY, credits=5)
    full = decoded(client.download_enhanced_image(id=created.image_id, preview=False))
    assert full.size == (1600, 1200)
    assert credits_of(server, account) == 4 and client.retrieve_image(id=created.image_id).downloaded is True
    decoded(client.download_enhanced_image(id=created.image_id, preview=False))  # bought: free from now on
    assert credits_of(server, account) == 4

    assert client.delete_image(id=created.image_id) is None
    with pytest.raises(autoenhance.exceptions.NotFoundException):
        client.retrieve_image(id=created.image_id)

    # HDR: three brackets through v3_brackets_post, uploaded, grouped into one image
    hdr = client.create_order(name="official: hdr")["order_id"]
    bracket_ids = []
    for n, shade in enumerate((60, 140, 220)):
        bracket = client.v3_brackets_post(order_id=hdr, name=f"IMG_{n}.jpg")
        assert (bracket.order_id, bracket.is_uploaded) == (hdr, False)
        put(bracket.upload_url, photo("JPEG", (600, 400), shade))
        bracket_ids.append(bracket.bracket_id)
    # the generated OrdersApi, with a model that sets only the grouping (the facade's own
    # process_order: test_the_facades_process_order_groups_brackets_sending_nulls)
    grouping = autoenhance.OrderHDRProcessIn(images=[autoenhance.OrderImageIn(bracket_ids=bracket_ids)])
    autoenhance.OrdersApi(client).process_order(hdr, grouping)
    control(server, "POST", "clock/advance", seconds=30)
    done = client.retrieve_order(id=hdr)
    assert done.status == "processed" and len(done.images) == 1
    merged = decoded(client.download_enhanced_image(id=done.images[0].image_id, format="png", max_width=300))
    assert (merged.format, merged.size) == ("PNG", (300, 200))

    api_calls = [(m, p, h) for m, p, h in recorder.seen if p.startswith("/v3/")]
    uploads = [(m, p, h) for m, p, h in recorder.seen if p.startswith("/__uploads__/")]
    assert len(uploads) == 4 and all(m == "PUT" and "x-api-key" not in h for m, _, h in uploads)
    assert api_calls and all(h.get("x-api-version") == VERSION for _, _, h in api_calls)
    # the key on every call but retrieve_image and retrieve_order, which its spec lets go without
    # one (as ours does: any image or order by id)
    keyless = {(m, p) for m, p, h in api_calls if h.get("x-api-key") != KEY}
    assert keyless == {("GET", f"/v3/images/{created.image_id}"), ("GET", f"/v3/orders/{hdr}")}, keyless


def test_dev_mode_spends_no_credit_and_another_key_sees_nothing(server: MockServer) -> None:
    client = autoenhance.Autoenhance(KEY, baseURL=server.url)
    created = client.create_image(image_name="kitchen")  # no order_id: the API makes one
    put(created.upload_url, photo("PNG", (640, 480)))
    control(server, "POST", "clock/advance", seconds=30)
    account = account_of(server, KEY, credits=5)
    images = autoenhance.ImagesApi(client)  # the generated API object: it takes extra headers
    full = decoded(images.download_enhanced_image(created.image_id, preview=False, _headers={"x-dev-mode": "true"}))
    assert full.size == (640, 480)
    assert credits_of(server, account) == 5 and client.retrieve_image(id=created.image_id).downloaded is False
    other = autoenhance.Autoenhance(OTHER, baseURL=server.url)
    for call in (other.download_enhanced_image, other.download_original_image, other.delete_image):
        with pytest.raises(autoenhance.exceptions.NotFoundException):
            call(id=created.image_id)
    # retrieve_image goes without a key (auth is optional there): any image by id, by the spec
    assert other.retrieve_image(id=created.image_id).image_id == created.image_id


def test_it_follows_the_redirect_to_the_asset(server: MockServer, recorder: Recorder) -> None:
    client = autoenhance.Autoenhance(KEY, baseURL=server.url)
    created = client.create_image(image_name="porch")
    put(created.upload_url, photo("JPEG", (800, 600)))
    control(server, "POST", "clock/advance", seconds=30)
    control(server, "POST", "settings", redirect_downloads=True)
    got = decoded(client.download_original_image(id=created.image_id, format="png"))
    assert (got.format, got.size) == ("PNG", (800, 600))
    assert any(p.startswith("/__assets__/") for _, p, _ in recorder.seen), "no redirect was followed"


def test_the_configuration_and_api_client_way(server: MockServer, recorder: Recorder) -> None:
    configuration = autoenhance.Configuration(host=server.url)
    configuration.api_key["ApiKeyAuth"] = KEY
    with autoenhance.ApiClient(configuration) as api:
        orders, images, brackets = autoenhance.OrdersApi(api), autoenhance.ImagesApi(api), autoenhance.BracketsApi(api)
        order_id = orders.create_order(autoenhance.OrderIn(name="official: configuration"))["order_id"]
        created = images.create_image(autoenhance.ImageIn(image_name="hall", order_id=order_id))
        put(created.upload_url, photo("JPEG", (320, 240)))
        bracket = brackets.v3_brackets_post(autoenhance.BracketIn(order_id=order_id, name="b.jpg"))
        assert bracket.order_id == order_id
        control(server, "POST", "clock/advance", seconds=30)
        assert images.retrieve_image(created.image_id).status == "processed"
        assert decoded(images.download_original_image(created.image_id)).size == (320, 240)
        images.delete_image(created.image_id)
    # only the Autoenhance facade pins the version; the plain client sends none (the mock then
    # answers as for the current version: upload_url)
    assert all("x-api-version" not in h for _, p, h in recorder.seen if p.startswith("/v3/"))


def test_the_facades_process_order_groups_brackets_sending_nulls(server: MockServer) -> None:
    """1.1.0's Autoenhance.process_order builds OrderHDRProcessIn.from_dict(kwargs), whose to_dict
    sends cloud_type, privacy and window_pull as null: the spec allows it (null keeps the default)."""
    client = autoenhance.Autoenhance(KEY, baseURL=server.url)
    order_id = client.create_order(name="official: facade process")["order_id"]
    ids = []
    for n in range(2):
        bracket = client.v3_brackets_post(order_id=order_id, name=f"IMG_{n}.jpg")
        put(bracket.upload_url, photo("JPEG", (60, 40), 80 + 80 * n))
        ids.append(bracket.bracket_id)
    client.process_order(id=order_id, images=[{"bracket_ids": ids}])
    control(server, "POST", "clock/advance", seconds=30)
    done = client.retrieve_order(id=order_id)
    assert done.status == "processed" and len(done.images) == 1
    assert done.images[0].cloud_type == "CLEAR" and done.images[0].privacy is False  # null kept the defaults
