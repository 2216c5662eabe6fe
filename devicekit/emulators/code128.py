"""A minimal Code 128 (code set B) generator for test frames: text → bar widths → a grayscale image."""

from __future__ import annotations

import numpy as np

# Bar/space widths of symbol values 0..105 (ISO/IEC 15417 table 1), six digits each: bar, space, bar, ...
_WIDTHS = """
212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 221312 231212
112232 122132 122231 113222 123122 123221 223211 221132 221231 213212 223112 312131
311222 321122 321221 312212 322112 322211 212123 212321 232121 111323 131123 131321
112313 132113 132311 211313 231113 231311 112133 112331 132131 113123 113321 133121
313121 211331 231131 213113 213311 213131 311123 311321 331121 312113 312311 332111
314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 112412 122114
122411 142112 142211 241211 221114 413111 241112 134111 111242 121142 121241 114212
124112 124211 411212 421112 421211 212141 214121 412121 111143 111341 131141 114113
114311 411113 411311 113141 114131 311141 411131 211412 211214 211232
""".split()
START_B = 104
STOP = "2331112"
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
