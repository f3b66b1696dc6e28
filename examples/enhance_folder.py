"""Enhance a folder of photos with the SDK's journey helpers, then download the results.

    .venv/bin/autoenhance-mock &
    AUTOENHANCE_API_KEY=mock-api-key AUTOENHANCE_BASE_URL=http://127.0.0.1:4010 \\
        .venv/bin/python examples/enhance_folder.py [PHOTOS_DIR] [OUT_DIR]

Without PHOTOS_DIR it makes three photos in a temporary folder (Pillow, which the mock brings).
Previews are downloaded: they are free. Full-size downloads (``preview=False``) spend a credit
per image.
"""

import sys
import tempfile
from pathlib import Path

from autoenhance_sdk import Autoenhance, BatchError

EXTENSIONS = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic"}


def sample_photos(folder: Path) -> list[Path]:
    from PIL import Image

    paths = []
    for i, room in enumerate(["kitchen", "living-room", "garden"]):
        path = folder / f"{room}.jpg"
        Image.new("RGB", (1280, 960), (60 + 50 * i, 140, 200)).save(path, "JPEG", quality=85)
        paths.append(path)
    return paths


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="enhance-folder-"))
    if len(sys.argv) > 1:
        photos = sorted(p for p in Path(sys.argv[1]).iterdir() if p.suffix.lower() in EXTENSIONS)
    else:
        photos = sample_photos(workdir)
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else workdir / "enhanced"
    with Autoenhance() as client:
        try:
            order = client.orders.enhance(photos, name="enhance_folder example", progress=True)
        except BatchError as error:  # the others are up: run again with this order id
            for name, problem in error.failures.items():
                print(f"failed: {name}: {problem}")
            print(f"resume with order_id={error.order_id!r}")
            return 1
        print(f"order {order.order_id}: {order.status}, {len(order.images or [])} image(s)")
        for file in client.orders.download_all(order.order_id, out):
            print(f"wrote {file.path} ({file.content_type}, {file.size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
