"""A minimal Code 128 (code set B) generator for test frames: text → bar widths → a grayscale image."""

from __future__ import annotations

import numpy as np

from devicekit.barcodes import CODE128_STOP as STOP
from devicekit.barcodes import CODE128_WIDTHS as _WIDTHS

START_B = 104
QUIET = 10  # modules of white space each side, as the standard requires


def symbols(text: str) -> list[int]:
    """Symbol values: start B, one per character (ASCII 32..126), the modulo-103 check symbol."""
    if any(not 32 <= ord(c) <= 126 for c in text):
        raise ValueError(f"code set B carries printable ASCII only: {text!r}")
    values = [START_B] + [ord(c) - 32 for c in text]
    check = (values[0] + sum(i * v for i, v in enumerate(values[1:], start=1))) % 103
    return values + [check]


def modules(text: str) -> list[bool]:
    """True = bar, one entry per module, quiet zones included."""
    out = [False] * QUIET
    for pattern in [_WIDTHS[v] for v in symbols(text)] + [STOP]:
        for i, width in enumerate(pattern):
            out += [i % 2 == 0] * int(width)
    return out + [False] * QUIET


def render(text: str, module_px: int = 2, height: int = 80) -> np.ndarray:
    """A uint8 image (0 = bar, 255 = space) of `text`."""
    row = np.array([0 if bar else 255 for bar in modules(text)], dtype=np.uint8)
    return np.repeat(np.tile(row, (height, 1)), module_px, axis=1)
