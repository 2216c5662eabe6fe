"""Screen mirror images: a snapshot taken on the UI thread (pygame), encoded on the caller's thread (Pillow).

The encoding may take tens of milliseconds for a busy screen; doing it off the UI thread keeps the frame rate."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pygame
from PIL import Image

from wire.screen import MAX_CAPTURE_B64, ScreenImage

MIN_WIDTH = 160  # the smallest image screen.capture may ask for; below it nothing on a screen is legible
SHRINK = 0.75


@dataclass(frozen=True)
class Snapshot:
    """RGB pixels of the logical surface, possibly downscaled; plain bytes, safe to hand to another thread."""

    rgb: bytes
    size: tuple[int, int]
    screen_size: tuple[int, int]

    def image(self) -> Image.Image:
        return Image.frombytes("RGB", self.size, self.rgb)


def snapshot(surface: pygame.Surface, max_width: int | None = None) -> Snapshot:
    """Copies the surface (UI thread), at most `max_width` wide with its aspect kept."""
    sw, sh = surface.get_size()
    width = sw if max_width is None else max(1, min(max_width, sw))
    small = surface if width == sw else pygame.transform.smoothscale(surface, (width, max(1, round(sh * width / sw))))
    return Snapshot(pygame.image.tobytes(small, "RGB"), small.get_size(), (sw, sh))


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _candidates(image: Image.Image) -> Iterator[Image.Image]:
    """Ever smaller encodings: lossless first, then palettes (a UI has few colours), then smaller sizes."""
    yield image
    width = image.width
    while True:
        scaled = image if width == image.width else image.resize(
            (width, max(1, round(image.height * width / image.width))), Image.Resampling.LANCZOS)
        for colours in (256, 16):
            # No dithering: its noise defeats PNG's compression and blurs text.
            yield scaled.quantize(colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        if width <= MIN_WIDTH:
            return
        width = max(MIN_WIDTH, int(width * SHRINK))


def encode(snap: Snapshot, limit: int = MAX_CAPTURE_B64) -> ScreenImage:
    """The best image whose base64 fits `limit` (one MQTT payload with its envelope)."""
    for candidate in _candidates(snap.image()):
        b64 = base64.b64encode(_png(candidate)).decode("ascii")
        if len(b64) <= limit:
            return ScreenImage(png_b64=b64, width=candidate.width, height=candidate.height,
                               screen_width=snap.screen_size[0], screen_height=snap.screen_size[1])
    raise ValueError(f"a {snap.size[0]}x{snap.size[1]} capture does not fit {limit} base64 characters")


def save_png(snap: Snapshot, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    snap.image().save(path, "PNG")
    return path
