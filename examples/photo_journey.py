"""A photo's whole journey with the synchronous client: an order, an image, its upload, the
enhancement, and both downloads.

Run it against the bundled mock:

    .venv/bin/autoenhance-mock &
    AUTOENHANCE_API_KEY=mock-api-key AUTOENHANCE_BASE_URL=http://127.0.0.1:4010 \
        .venv/bin/python examples/photo_journey.py

The upload is a plain HTTP ``PUT`` of the file's bytes to the image's presigned ``upload_url``,
with ``Content-Type: application/octet-stream`` and no API key (the URL is the credential).
"""

import io

import httpx
from autoenhance_sdk import Autoenhance

# An 8x8 JPEG (287 bytes), for when Pillow is not installed.
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123"
    "251d283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112"
    "121815182f1a1a2f63423842636363636363636363636363636363636363636363636363636363636363636363636363"
    "6363636363636363636363636363ffc00011080008000803012200021101031101ffc400150001010000000000000000"
    "0000000000000005ffc40014100100000000000000000000000000000000ffc400150101010000000000000000000000"
    "0000000304ffc40014110100000000000000000000000000000000ffda000c03010002110311003f00b802733fffd9"
)


def photo() -> bytes:
    """A real JPEG of a room-sized photo if Pillow is there, else the tiny one above."""
    try:
        from PIL import Image
    except ImportError:
        return TINY_JPEG
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 180, 150)).save(out, "JPEG", quality=85)
    return out.getvalue()


with Autoenhance() as client:  # key and base URL from AUTOENHANCE_API_KEY / AUTOENHANCE_BASE_URL
    order = client.orders.create(name="12 Elm St")
    print(f"created order {order.order_id}")

    image = client.images.create(image_name="living-room", order_id=order.order_id, enhance_type="warm")
    print(f"created image {image.image_id} ({image.status})")

    data = photo()
    upload = httpx.put(
        str(image.upload_url), content=data, headers={"Content-Type": "application/octet-stream"}, timeout=60
    )
    upload.raise_for_status()
    print(f"uploaded {len(data)} bytes")

    done = client.orders.wait(order.order_id, timeout=600)
    print(f"order {done.status}: {done.total_images} image(s)")
    print(f"image {client.images.retrieve(image.image_id).status}")

    preview = client.images.download_enhanced(image.image_id)  # a watermarked preview: free
    original = client.images.download_original(image.image_id)
    print(f"enhanced preview: {len(preview)} bytes, original: {len(original)} bytes")

    client.orders.delete(order.order_id)
    print("deleted")
