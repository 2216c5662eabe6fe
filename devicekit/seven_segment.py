"""Seven-segment patterns (bit 0 = segment a … bit 6 = g, bit 7 = decimal point) for raw display writes.

The letters are the ones a seven-segment digit draws without being mistaken for a digit: S (5), I (1), Z (2) and
G (6) are left out on purpose, and B and O only exist as b and o (never 8 and 0): a citizen would read another number.
"""

from __future__ import annotations

PATTERNS = {
    "0": 0x3F, "1": 0x06, "2": 0x5B, "3": 0x4F, "4": 0x66, "5": 0x6D, "6": 0x7D, "7": 0x07, "8": 0x7F, "9": 0x6F,
    "-": 0x40, " ": 0x00, "A": 0x77, "b": 0x7C, "C": 0x39, "d": 0x5E, "E": 0x79, "F": 0x71, "H": 0x76, "J": 0x1E,
    "L": 0x38, "n": 0x54, "o": 0x5C, "P": 0x73, "r": 0x50, "t": 0x78, "U": 0x3E, "y": 0x6E,
}
_REVERSE = {v: k for k, v in PATTERNS.items()}


def encode_segments(text: str) -> list[int]:
    """One pattern per character; characters a 7-segment digit cannot show become blanks."""
    return [PATTERNS.get(ch, 0x00) for ch in text]


def decode_segments(patterns: list[int]) -> str:
    return "".join(_REVERSE.get(p & 0x7F, "?") for p in patterns)
