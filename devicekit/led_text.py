"""Fitting a text (a ticket number such as 1023 or A023) to what an LED counter display can draw.

`fit(text, charset, digits)` returns exactly `digits` characters the display can show, right-aligned. The rules:

1. Each character is drawn in the display's own form where it can be (on seven segments a and A both become A,
   b and B become b); a character it cannot draw becomes a blank in its place, so "1K23" shows "1 23" and never
   "123", which would be another citizen's number.
2. Blanks at either end are dropped, so an undrawable prefix letter leaves the digits: "K023" shows " 023".
3. A text longer than the display keeps its rightmost characters: the last digits are what changes from one
   citizen to the next (the prefix letter stays the same for a whole field), and a numeric display given a too
   big number shows its low digits in the same way. "A1023" on four digits shows "1023".
4. The result is right-aligned, like a numeric display; an empty or wholly undrawable text is shown blank.
"""

from __future__ import annotations

import logging
from typing import Literal

from devicekit.seven_segment import PATTERNS

log = logging.getLogger(__name__)

Charset = Literal["digits", "seven_segment", "ascii"]
CHARSETS: tuple[str, ...] = ("digits", "seven_segment", "ascii")
_SEVEN = {ch.upper(): ch for ch in PATTERNS} | {ch.lower(): ch for ch in PATTERNS}


def glyph(char: str, charset: Charset) -> str | None:
    """The character as this display draws it, or None when it cannot."""
    if charset == "digits":
        return char if char in "0123456789 " else None
    if charset == "seven_segment":
        return _SEVEN.get(char)
    if charset == "ascii":
        return char if " " <= char <= "~" else None
    raise ValueError(f"unknown charset {charset!r} (expected one of {', '.join(CHARSETS)})")


def fit(text: str, charset: Charset, digits: int) -> str:
    """Exactly `digits` drawable characters for `text`, by the rules in this module's docstring."""
    if not isinstance(text, str):
        raise TypeError(f"a display shows text, not {type(text).__name__} ({text!r})")
    if digits < 1:
        raise ValueError(f"a display has at least one digit, not {digits}")
    drawn = "".join(glyph(ch, charset) or " " for ch in text).strip()
    fitted = drawn[-digits:].rjust(digits)
    if fitted.strip() != "".join(ch for ch in text if not ch.isspace()):
        log.info("display text %r shown as %r on a %d-digit %s display", text, fitted, digits, charset)
    return fitted


def register_number(fitted: str) -> int | None:
    """The value a numeric register (Modbus LED-485, signed 16 bits) shows exactly as `fitted`, or None: a number
    with a leading zero ("0023"), a letter or an inner blank needs raw segments instead."""
    body = fitted.strip()
    try:
        value = int(body)
    except ValueError:
        return None
    if str(value) != body or not -32768 <= value <= 32767:
        return None
    return value
