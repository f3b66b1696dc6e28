"""Real image bytes for the mock's downloads, rendered with Pillow from the uploaded original.

A client under test should get what the API gives: an image of the asked format and size, a visible
watermark on previews, an "enhanced" image that differs from its original. The enhancement is fake
(autocontrast and a colour boost: cheap, deterministic, visible); the rest is real.

``load`` decodes an upload once: cache its ``Source`` per image (it also keeps the finer JPEG decodes
that ``render`` asks for). ``render`` turns a source into one answer. Neither raises on bad input:
what Pillow cannot decode (camera RAW, random or truncated bytes, images over ``MAX_PIXELS``) becomes a
generated placeholder saying so, rendered with the same options. ``merge_brackets`` fakes an HDR merge
by averaging the brackets. Pure functions: the server validates the options against the spec and
decides when to watermark (dev mode); this module only clamps what would otherwise crash.
"""

from __future__ import annotations

import io
import math
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from PIL import Image, ImageDraw, ImageEnhance, ImageFont, ImageOps, features

__all__ = [
    "MEDIA_TYPES",
    "DEFAULT_QUALITY",
    "PREVIEW_SIDE",
    "MAX_PIXELS",
    "PLACEHOLDER_SIZE",
    "RenderOptions",
    "Rendered",
    "Source",
    "load",
    "render",
    "merge_brackets",
]

MEDIA_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
DEFAULT_QUALITY = 85  # the spec's x-decision for an absent `quality`
PREVIEW_SIDE = 1024  # the spec's x-decision: a preview's longest side
MAX_PIXELS = 40_000_000  # a larger original is refused from its header, never allocated
PLACEHOLDER_SIZE = (1200, 800)

_WEBP = features.check("webp")
# warnings.catch_warnings swaps process-wide state: one decode at a time keeps ours from interleaving.
_DECODING = threading.Lock()


@dataclass(frozen=True)
class RenderOptions:
    """A download's query options (`finetune` is accepted by the server and changes nothing here)."""

    format: str = "jpeg"  # jpeg, png or webp; anything else gives jpeg
    quality: int | None = None  # jpeg and webp, clamped to 1..100; DEFAULT_QUALITY when None
    max_width: int | None = None  # at most this wide, never enlarged
    scale: float | None = None  # both sides, clamped to 0..1, applied before max_width; a side is >= 1 px
    preview: bool = True  # at most PREVIEW_SIDE on its longest side, and watermarked
    watermark: bool = False  # watermark a full-size answer too (the server also sets it in dev mode)
    enhance: bool = True  # False for /original


@dataclass(frozen=True)
class Rendered:
    """One encoded answer: its body, Content-Type and pixel size."""

    body: bytes
    media_type: str
    width: int
    height: int


@dataclass(frozen=True, eq=False)
class Source:
    """A decoded original (upright, RGB or RGBA) of `width` x `height`, or the placeholder for one."""

    name: str
    width: int
    height: int
    placeholder: bool
    _decoded: dict[tuple[int, int], Image.Image] = field(repr=False)  # by size; never mutated in place
    _jpeg: bytes = field(default=b"", repr=False)  # a JPEG is kept to decode again at a finer draft scale

    @property
    def nbytes(self) -> int:
        """About the memory its pixels hold (Pillow keeps RGB as 4 bytes a pixel), plus the JPEG kept."""
        pixels = sum(
            im.width * im.height * (1 if im.mode in ("L", "P", "1") else 4) for im in list(self._decoded.values())
        )
        return pixels + len(self._jpeg)

    def _image(self, width: int, height: int) -> Image.Image:
        """The smallest decode of at least width x height; a JPEG is decoded again when none is."""
        fits = [im for im in list(self._decoded.values()) if im.width >= width and im.height >= height]
        if fits:
            return min(fits, key=lambda im: im.width)
        try:
            image, _, _ = _decode(self._jpeg, (width, height))
        except Exception:  # a JPEG that checked out at load but fails now (memory): the best there is
            return max(self._decoded.values(), key=lambda im: im.width)
        self._decoded[image.size] = image
        return image


def load(data: bytes, name: str = "") -> Source:
    """Decode an upload; what cannot be decoded gives the placeholder (``placeholder=True``)."""
    try:
        # A JPEG decodes at 1/8 scale here: that still reads (so checks) its whole stream, cheaply.
        image, (width, height), jpeg = _decode(data, (1, 1))
    except Exception:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, bomb errors)
        image = _placeholder(name)
        return Source(name, image.width, image.height, True, {image.size: image})
    return Source(name, width, height, False, {image.size: image}, data if jpeg else b"")


def render(source: Source, options: RenderOptions) -> Rendered:
    """Resize, enhance, watermark and encode one download of `source`."""
    fmt = {"jpg": "jpeg"}.get(options.format.lower(), options.format.lower())
    fmt = fmt if fmt in MEDIA_TYPES else "jpeg"
    fmt = "png" if fmt == "webp" and not _WEBP else fmt  # a Pillow built without WebP: still an image
    quality = min(max(DEFAULT_QUALITY if options.quality is None else options.quality, 1), 100)
    width, height = _size(source.width, source.height, options)
    image = source._image(width, height)
    if image.size != (width, height):
        image = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if options.enhance:
        image = _enhance(image)
    if options.preview or options.watermark:
        image = _watermark(image, "AUTOENHANCE MOCK PREVIEW" if options.preview else "AUTOENHANCE MOCK")
    if fmt == "jpeg" and image.mode == "RGBA":  # JPEG has no alpha: flatten on white
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    # PNG's compress_level 3 and WebP's method 3 (defaults 6 and 4): a little larger, faster to answer.
    params = {"jpeg": {"quality": quality}, "png": {"compress_level": 3}, "webp": {"quality": quality, "method": 3}}
    out = io.BytesIO()
    image.save(out, format=fmt.upper(), **params[fmt])
    return Rendered(out.getvalue(), MEDIA_TYPES[fmt], width, height)


def merge_brackets(originals: Sequence[bytes]) -> bytes:
    """Fake but real exposure fusion: the mean of the brackets that decode, at the first one's size.

    Returns PNG bytes (lossless: they are stored as the merged image's original), or ``b""`` when no
    bracket decodes, which ``load`` turns into the placeholder.
    """
    sources = [source for source in map(load, originals) if not source.placeholder]
    if not sources:
        return b""
    merged = sources[0]._image(sources[0].width, sources[0].height).convert("RGB")
    for count, source in enumerate(sources[1:], start=2):
        image = source._image(source.width, source.height).convert("RGB")
        merged = Image.blend(merged, image.resize(merged.size, Image.Resampling.BILINEAR), 1 / count)  # running mean
    out = io.BytesIO()
    merged.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def _decode(data: bytes, target: tuple[int, int]) -> tuple[Image.Image, tuple[int, int], bool]:
    """Decode upright and normalised (a JPEG at the coarsest draft scale still >= target), its full
    upright size, and whether it is a JPEG. Raises on anything Pillow cannot or must not decode."""
    with _DECODING, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # raised, caught, placeholder
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:  # from the header: nothing allocated yet
                raise ValueError(f"{image.width}x{image.height} is over {MAX_PIXELS} pixels")
            sideways = image.getexif().get(0x0112) in (5, 6, 7, 8)  # EXIF orientation: rotated 90 degrees
            size = (image.height, image.width) if sideways else image.size
            jpeg = image.format == "JPEG"
            if jpeg:
                image.draft(image.mode, (target[1], target[0]) if sideways else target)
            image.load()
            return _normalise(ImageOps.exif_transpose(image)), size, jpeg


def _normalise(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when the original has transparency: what every output format can take."""
    if image.mode.startswith("I;16"):
        image = image.convert("I")
    if image.mode in ("I", "F"):  # wide or float samples: stretch their range to 8 bits, not clip it
        low, high = cast(tuple[float, float], image.getextrema())  # one band: (min, max)
        factor = 255 / ((high - low) or 1)
        image = image.point(lambda v: v * factor - low * factor).convert("L")
    if image.has_transparency_data:  # an alpha band, or a transparent colour (PNG tRNS, GIF)
        return image if image.mode == "RGBA" else image.convert("RGBA")
    return image if image.mode == "RGB" else image.convert("RGB")


def _size(width: int, height: int, options: RenderOptions) -> tuple[int, int]:
    """The answer's size: scale, then max_width, then the preview cap; never enlarged, never 0."""
    factor = 1.0 if options.scale is None or math.isnan(options.scale) else min(max(options.scale, 0.0), 1.0)
    width, height = max(1, round(width * factor)), max(1, round(height * factor))
    limit = max(options.max_width, 1) if options.max_width is not None else width
    if width > limit:
        width, height = limit, max(1, round(height * limit / width))
    if options.preview and max(width, height) > PREVIEW_SIDE:
        factor = PREVIEW_SIDE / max(width, height)
        width, height = max(1, round(width * factor)), max(1, round(height * factor))
    return width, height


def _enhance(image: Image.Image) -> Image.Image:
    """The mock's "enhancement": stretched contrast, livelier colours, a touch brighter (alpha kept)."""
    rgb = ImageOps.autocontrast(image.convert("RGB"), cutoff=1)
    rgb = ImageEnhance.Brightness(ImageEnhance.Color(rgb).enhance(1.3)).enhance(1.05)
    if image.mode == "RGBA":
        rgb.putalpha(image.getchannel("A"))
    return rgb


def _watermark(image: Image.Image, label: str) -> Image.Image:
    """The label repeated diagonally over the whole image, and on a dark band across its middle.

    White text outlined in black shows on any picture; the band keeps it obvious on tiny images.
    """
    width, height = image.size
    overlay = Image.new("RGBA", image.size)
    font = _font(max(8, min(width, height) // 16))
    stroke = max(1, int(font.size) // 12) if isinstance(font, ImageFont.FreeTypeFont) else 0
    left, top, right, bottom = ImageDraw.Draw(overlay).textbbox((0, 0), label, font=font, stroke_width=stroke)
    tile = Image.new("RGBA", (math.ceil(right - left), math.ceil(bottom - top)))
    ImageDraw.Draw(tile).text(
        (-left, -top), label, font=font, fill=(255, 255, 255, 150), stroke_width=stroke, stroke_fill=(0, 0, 0, 150)
    )
    tile = tile.rotate(30, Image.Resampling.BICUBIC, expand=True)
    for row, y in enumerate(range(0, height, tile.height)):  # staggered rows of non-overlapping tiles
        for x in range(-(row % 2) * tile.width // 2, width, tile.width):
            overlay.paste(tile, (x, y))
    draw = ImageDraw.Draw(overlay)
    band = max(2, height // 5)
    band_top = (height - band) // 2
    draw.rectangle((0, band_top, width, band_top + band - 1), fill=(0, 0, 0, 110))
    font = _font(max(6, min(band * 3 // 5, width * 10 // (len(label) * 7))))
    left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
    position = ((width - right - left) // 2, band_top + (band - bottom - top) // 2)
    draw.text(position, label, font=font, fill=(255, 255, 255, 230))
    marked = Image.alpha_composite(image.convert("RGBA"), overlay)
    return marked if image.mode == "RGBA" else marked.convert("RGB")


@lru_cache(maxsize=64)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)  # Aileron from Pillow 10.1; a bitmap font without FreeType


@lru_cache(maxsize=32)
def _placeholder(name: str) -> Image.Image:
    """A deterministic gradient saying that the original could not be decoded, with its name."""
    width, height = PLACEHOLDER_SIZE
    ramp = Image.linear_gradient("L")
    bands = (
        ramp.rotate(90).resize(PLACEHOLDER_SIZE),
        ramp.resize(PLACEHOLDER_SIZE),
        Image.new("L", PLACEHOLDER_SIZE, 120),
    )
    image = Image.merge("RGB", bands)
    draw = ImageDraw.Draw(image)
    font = _font(44)
    lines = ("autoenhance mock: original could not be decoded", name.encode("ascii", "replace").decode()[:60])
    for row, line in enumerate(lines):  # ASCII only: the bitmap fallback font knows nothing else
        left, _, right, _ = draw.textbbox((0, 0), line, font=font)
        draw.text(
            ((width - right - left) // 2, height // 2 - 50 + 70 * row),
            line,
            font=font,
            fill="white",
            stroke_width=3,
            stroke_fill="black",
        )
    return image
