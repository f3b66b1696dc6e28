"""The mock's downloads are real images: format, size, quality, alpha, orientation, watermark,
enhancement, placeholders for what cannot be decoded, and the fake HDR merge."""

from __future__ import annotations

import io
import random
import struct
import warnings
import zlib
from functools import lru_cache
from typing import cast

import pytest
from autoenhance_mock import _render
from autoenhance_mock._render import PREVIEW_SIDE, RenderOptions, load, merge_brackets, render
from PIL import Image, ImageChops, ImageFile, ImageStat, features

FORMATS = ["jpeg", "png", pytest.param("webp", marks=pytest.mark.skipif(not features.check("webp"), reason="no WebP"))]


def encode(image: Image.Image, fmt: str = "PNG", **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **params)
    return out.getvalue()


def photo(width: int, height: int, low: int = 0, high: int = 255) -> Image.Image:
    """A colourful test picture with values in low..high: gradients on each channel."""
    ramp = Image.linear_gradient("L")
    bands = [
        ramp.resize((width, height)),
        ramp.rotate(90).resize((width, height)),
        ramp.rotate(45).resize((width, height)),
    ]
    scale = (high - low) / 255
    return Image.merge("RGB", [band.point(lambda v: low + v * scale) for band in bands])


@lru_cache
def big_jpeg() -> bytes:
    return encode(photo(4000, 3000), "JPEG", quality=90)


def decode(body: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(body))
    image.load()
    return image


def spread(image: Image.Image) -> int:
    """The range of an image's grey levels."""
    low, high = cast(tuple[int, int], image.convert("L").getextrema())
    return high - low


def changed_share(a: Image.Image, b: Image.Image, threshold: int = 16) -> float:
    """The share of pixels that differ by more than `threshold` on some channel."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L").point(lambda v: 255 * (v > threshold))
    return ImageStat.Stat(diff).mean[0] / 255


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` x `height` and holds a few bytes: a bomb's header, built cheaply."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


# Format and size


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_is_answered_in_that_format(fmt: str) -> None:
    rendered = render(load(encode(photo(120, 80))), RenderOptions(format=fmt))
    assert rendered.media_type == f"image/{fmt}"
    assert decode(rendered.body).format == fmt.upper()
    assert decode(rendered.body).size == (rendered.width, rendered.height) == (120, 80)


def test_jpeg_is_the_default_and_unknown_formats_fall_back_to_it() -> None:
    source = load(encode(photo(60, 40)))
    assert decode(render(source, RenderOptions()).body).format == "JPEG"
    assert render(source, RenderOptions(format="JPG")).media_type == "image/jpeg"
    assert render(source, RenderOptions(format="gif")).media_type == "image/jpeg"


def test_a_preview_is_capped_at_1024_on_its_longest_side() -> None:
    wide, tall = load(encode(photo(2000, 1000))), load(encode(photo(900, 1800)))
    assert decode(render(wide, RenderOptions()).body).size == (PREVIEW_SIDE, 512)
    assert decode(render(tall, RenderOptions()).body).size == (512, PREVIEW_SIDE)
    assert decode(render(wide, RenderOptions(preview=False)).body).size == (2000, 1000)


def test_nothing_is_ever_enlarged() -> None:
    source = load(encode(photo(300, 200)))
    assert decode(render(source, RenderOptions()).body).size == (300, 200)
    assert decode(render(source, RenderOptions(max_width=5000, scale=1.0)).body).size == (300, 200)


def test_max_width_keeps_the_aspect_ratio() -> None:
    source = load(encode(photo(2000, 1000)))
    assert decode(render(source, RenderOptions(max_width=500, preview=False)).body).size == (500, 250)
    assert decode(render(source, RenderOptions(max_width=1500, preview=False)).body).size == (1500, 750)


def test_scale_comes_before_max_width_and_a_side_is_at_least_one_pixel() -> None:
    source = load(encode(photo(2000, 1000)))

    def size(**options: object) -> tuple[int, int]:
        rendered = render(source, RenderOptions(preview=False, **options))  # type: ignore[arg-type]
        assert decode(rendered.body).size == (rendered.width, rendered.height)
        return rendered.width, rendered.height

    assert size(scale=0.5) == (1000, 500)
    assert size(scale=0.5, max_width=800) == (800, 400)
    assert size(scale=0.5, max_width=1500) == (1000, 500)
    assert size(scale=0.0) == (1, 1)
    assert size(scale=0.0007) == (1, 1)  # 1.4 x 0.7 px
    assert decode(render(source, RenderOptions(scale=0.75)).body).size == (PREVIEW_SIDE, 512)  # then the cap


def test_out_of_range_options_are_clamped_not_fatal() -> None:
    source = load(encode(photo(200, 100)))
    for options in [
        RenderOptions(quality=0, scale=-1.0, max_width=0),
        RenderOptions(quality=100, scale=2.0, max_width=10**12),
        RenderOptions(format="webp", quality=-5, scale=float("nan"), max_width=-3),
    ]:
        rendered = render(source, options)
        assert decode(rendered.body).size == (rendered.width, rendered.height)
    assert render(source, RenderOptions(scale=2.0, max_width=10**12)).width == 200
    assert render(source, RenderOptions(max_width=-3)).width == 1


# Quality, alpha, orientation, source modes


@pytest.mark.parametrize("fmt", ["jpeg", FORMATS[2]])
def test_a_lower_quality_gives_a_smaller_file(fmt: str) -> None:
    source = load(encode(photo(400, 300)))
    sizes = [len(render(source, RenderOptions(format=fmt, quality=q, enhance=False)).body) for q in (10, 50, 90)]
    assert sizes[0] < sizes[1] < sizes[2]
    assert len(render(source, RenderOptions(format=fmt, enhance=False)).body) == len(
        render(source, RenderOptions(format=fmt, quality=_render.DEFAULT_QUALITY, enhance=False)).body
    )


def test_png_ignores_quality() -> None:
    source = load(encode(photo(100, 80)))
    assert render(source, RenderOptions(format="png", quality=5)) == render(source, RenderOptions(format="png"))


def half_transparent() -> bytes:
    image = Image.new("RGBA", (80, 60), (200, 30, 30, 255))
    image.paste((0, 0, 0, 0), (40, 0, 80, 60))
    return encode(image)


@pytest.mark.parametrize("fmt", ["png", FORMATS[2]])
def test_png_and_webp_keep_the_alpha_channel(fmt: str) -> None:
    image = decode(render(load(half_transparent()), RenderOptions(format=fmt, preview=False)).body)
    assert image.mode == "RGBA"
    assert image.getpixel((10, 5))[3] == 255  # type: ignore[index]
    assert image.getpixel((70, 5))[3] == 0  # type: ignore[index]


def test_jpeg_flattens_transparency_on_white() -> None:
    image = decode(render(load(half_transparent()), RenderOptions(preview=False, enhance=False)).body)
    assert image.mode == "RGB"
    assert min(image.getpixel((70, 5))) > 240  # type: ignore[arg-type]
    assert image.getpixel((10, 5))[0] > 150  # type: ignore[index]


def test_a_transparent_palette_colour_is_alpha() -> None:
    image = Image.new("P", (40, 40), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.paste(0, (0, 0, 20, 40))
    options = RenderOptions(format="png", preview=False, enhance=False)
    rendered = decode(render(load(encode(image, "GIF", transparency=0)), options).body)
    assert rendered.mode == "RGBA"
    assert rendered.getpixel((5, 5))[3] == 0  # type: ignore[index]
    assert rendered.getpixel((30, 5)) == (255, 0, 0, 255)


def oriented_jpeg(width: int, height: int) -> bytes:
    """Red on the left half, blue on the right, with EXIF orientation 6 (turn 90 degrees clockwise)."""
    image = Image.new("RGB", (width, height), (255, 0, 0))
    image.paste((0, 0, 255), (width // 2, 0, width, height))
    exif = Image.Exif()
    exif[0x0112] = 6
    return encode(image, "JPEG", exif=exif.tobytes())


@pytest.mark.parametrize(("width", "height", "expected"), [(40, 20, (20, 40)), (3000, 1500, (512, PREVIEW_SIDE))])
def test_exif_orientation_is_applied(width: int, height: int, expected: tuple[int, int]) -> None:
    source = load(oriented_jpeg(width, height))
    assert (source.width, source.height) == (height, width)
    image = decode(render(source, RenderOptions(format="png", enhance=False, preview=width > 1024)).body)
    assert image.size == expected
    top, bottom = image.getpixel((2, 2)), image.getpixel((2, image.height - 3))
    assert top[0] > 200 > top[2], top  # type: ignore[index]  # the left (red) half is now on top
    assert bottom[2] > 200 > bottom[0], bottom  # type: ignore[index]


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [
        ("1", "PNG"),
        ("L", "PNG"),
        ("LA", "PNG"),
        ("P", "PNG"),
        ("I;16", "PNG"),
        ("I", "TIFF"),
        ("F", "TIFF"),
        ("CMYK", "JPEG"),
        ("CMYK", "TIFF"),
    ],
)
def test_every_source_mode_renders_in_every_format(mode: str, fmt: str) -> None:
    image = photo(64, 48).convert("L").convert(mode) if mode not in ("I;16", "I", "F") else None
    if image is None:  # a wide ramp: 0..60000 must stretch to 8 bits, not clip to white
        image = Image.linear_gradient("L").resize((64, 48)).convert("I").point(lambda v: v * 235).convert(mode)
    source = load(encode(image, fmt))
    assert not source.placeholder
    for out in ("jpeg", "png", "webp"):
        rendered = decode(render(source, RenderOptions(format=out, enhance=False, preview=False)).body)
        assert rendered.size == (64, 48)
        assert spread(rendered) > 100, (mode, out)
        assert 60 < ImageStat.Stat(rendered.convert("L")).mean[0] < 195, (mode, out)  # stretched, not clipped


# Enhancement and watermark


def test_enhanced_differs_visibly_from_the_original() -> None:
    source = load(encode(photo(200, 150, low=70, high=170)))
    original = decode(render(source, RenderOptions(format="png", preview=False, enhance=False)).body)
    enhanced = decode(render(source, RenderOptions(format="png", preview=False)).body)
    assert changed_share(original, enhanced) > 0.5
    assert spread(enhanced) > spread(original) + 80  # the contrast was stretched


@pytest.mark.parametrize("size", [(64, 48), (48, 64), (900, 600), (2000, 1500)])
def test_the_watermark_changes_a_large_share_of_the_pixels(size: tuple[int, int]) -> None:
    source = load(encode(photo(*size)))
    plain = decode(render(source, RenderOptions(format="png", preview=False)).body)
    for options in [RenderOptions(format="png", preview=False, watermark=True), RenderOptions(format="png")]:
        marked = decode(render(source, options).body)
        assert changed_share(plain.resize(marked.size), marked) > 0.15, (size, options)


def test_rendering_is_deterministic() -> None:
    data = encode(photo(300, 200))
    for fmt in ("jpeg", "png", "webp"):
        assert render(load(data), RenderOptions(format=fmt)) == render(load(data), RenderOptions(format=fmt))


# What cannot be decoded


CR2 = b"II*\x00\x10\x00\x00\x00CR\x02\x00" + bytes(range(256)) * 8
NEF = b"MM\x00*\x00\x00\x00\x08" + b"\x00\x03\x01\x00\x00\x03\xff\xff" + bytes(300)
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(200)
UNDECODABLE = {
    "empty": b"",
    "random": random.Random(7).randbytes(4096),
    "cr2": CR2,
    "nef": NEF,
    "heic": HEIC,
    "truncated jpeg": encode(photo(400, 300), "JPEG")[:3000],
    "truncated png": encode(photo(400, 300))[:3000],
}


@pytest.mark.parametrize("name", UNDECODABLE)
def test_what_cannot_be_decoded_renders_as_the_placeholder(name: str) -> None:
    source = load(UNDECODABLE[name], f"{name}.raw")
    assert source.placeholder
    assert (source.width, source.height) == _render.PLACEHOLDER_SIZE
    assert decode(render(source, RenderOptions(preview=False)).body).size == _render.PLACEHOLDER_SIZE
    assert decode(render(source, RenderOptions(format="png", max_width=300)).body).size == (300, 200)


def test_the_placeholder_is_deterministic_and_names_the_image() -> None:
    options = RenderOptions(format="png", preview=False, enhance=False)
    first, again = render(load(b"", "a.cr2"), options), render(load(b"junk", "a.cr2"), options)
    assert first == again
    assert changed_share(decode(first.body), decode(render(load(b"", "other.nef"), options).body), 0) > 0.001
    assert not load(encode(photo(10, 10)), "fine.png").placeholder


@pytest.mark.parametrize(
    "size",
    [(100_000, 100_000), (10_000, 10_000), (8000, 6000)],  # over Pillow's error limit, its warning, our limit
)
def test_a_decompression_bomb_is_refused_from_its_header(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[tuple[int, int]] = []
    original_load = ImageFile.ImageFile.load

    def recording_load(self: ImageFile.ImageFile) -> object:
        loads.append(self.size)
        return original_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", recording_load)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        source = load(png_header(*size), "bomb.png")
    assert source.placeholder
    assert loads == [] and caught == []  # never decoded, no warning escaped


def test_the_pixel_limit_applies_to_valid_images(monkeypatch: pytest.MonkeyPatch) -> None:
    data = encode(photo(100, 100))
    assert not load(data).placeholder
    monkeypatch.setattr(_render, "MAX_PIXELS", 9999)
    assert load(data).placeholder


# Speed: JPEG draft


def test_a_large_jpeg_preview_uses_a_draft_decode() -> None:
    """Speed is shown by which decodes were made (a timed assertion would depend on the machine)."""
    data = big_jpeg()
    source = load(data)
    rendered = render(source, RenderOptions())
    assert (source.width, source.height) == (4000, 3000)
    assert decode(rendered.body).size == (PREVIEW_SIDE, 768)
    assert sorted(source._decoded) == [(500, 375), (2000, 1500)]  # 1/8 to check it, 1/2 for the preview
    assert decode(render(source, RenderOptions(preview=False, max_width=400)).body).size == (400, 300)
    assert sorted(source._decoded) == [(500, 375), (2000, 1500)]  # the cached decodes served it


# HDR merge


def test_merging_brackets_averages_their_exposures_at_the_first_size() -> None:
    dark, mid, bright = photo(300, 200, 0, 80), photo(150, 100, 80, 160), photo(600, 400, 160, 255)
    brackets = [encode(dark, "JPEG"), encode(mid), encode(bright, "WEBP") if features.check("webp") else encode(bright)]
    merged = load(merge_brackets(brackets))
    assert not merged.placeholder
    image = decode(render(merged, RenderOptions(format="png", preview=False, enhance=False)).body)
    assert image.size == (300, 200)
    means = [ImageStat.Stat(im.convert("L")).mean[0] for im in (dark, image, bright)]
    assert means[0] + 20 < means[1] < means[2] - 20, means
    assert decode(merge_brackets(brackets)).format == "PNG"


def test_merging_skips_what_cannot_be_decoded() -> None:
    bracket = encode(photo(120, 90))
    assert decode(merge_brackets([b"raw", bracket, CR2])).size == (120, 90)
    assert merge_brackets([b"", CR2]) == b""
    assert load(merge_brackets([b"", CR2]), "hdr").placeholder
