"""Clerks' photos made by the tests (none is committed): a drawn head and shoulders, saved as JPEG or PNG."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw

BACKDROP = (96, 140, 190)  # the photo's background: what a pixel check in the photo box looks for


def portrait(size: tuple[int, int] = (240, 300), fmt: str = "JPEG", noise: bool = False) -> bytes:
    """A portrait-like image; `noise` makes it hard to compress (an oversized file at a small size)."""
    width, height = size
    image = Image.new("RGB", size, BACKDROP)
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.12, height * 0.63, width * 0.88, height * 1.3), fill=(30, 50, 90))
    draw.ellipse((width * 0.31, height * 0.2, width * 0.69, height * 0.57), fill=(224, 184, 150))
    if noise:
        image = Image.effect_noise(size, 120).convert("RGB")
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 100 if noise else 80} if fmt == "JPEG" else {}))
    return out.getvalue()


def write_portrait(path: Path, **kwargs) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(portrait(**kwargs))
    return path
