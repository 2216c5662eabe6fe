"""Fitting a ticket number to an LED display: the rules of devicekit.led_text, charset by charset."""

from __future__ import annotations

import pytest

from devicekit.led_text import fit, register_number
from devicekit.seven_segment import PATTERNS, decode_segments, encode_segments

CASES = [  # text, digits, seven_segment, ascii
    ("1023", "1023", "1023", "1023"),
    ("A023", " 023", "A023", "A023"),
    ("a023", " 023", "A023", "a023"),  # a seven-segment digit draws one form of each letter
    ("B107", " 107", "b107", "B107"),
    ("S023", " 023", " 023", "S023"),  # S would read as 5: never drawn
    ("BO12", "  12", "bo12", "BO12"),  # B and O only as b and o, never 8 and 0
    ("1K23", "1 23", "1 23", "1K23"),  # an inner letter leaves a gap, never another number
    ("A10234", "0234", "0234", "0234"),  # too long: the rightmost characters, which change per citizen
    ("7", "   7", "   7", "   7"),
    ("", "    ", "    ", "    "),
    ("Đ12", "  12", "  12", "  12"),  # outside ASCII: undrawable everywhere
]


@pytest.mark.parametrize(("text", "digits", "seven", "ascii"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_fit_per_charset(text, digits, seven, ascii):
    assert [fit(text, "digits", 4), fit(text, "seven_segment", 4), fit(text, "ascii", 4)] == [digits, seven, ascii]


def test_every_seven_segment_glyph_is_a_distinct_pattern():
    letters = "A b C d E F H J L n o P r t U y"
    assert all(ch in PATTERNS for ch in letters.split())
    assert len(set(PATTERNS.values())) == len(PATTERNS)
    text = "".join(PATTERNS)
    assert decode_segments(encode_segments(text)) == text


def test_register_number_only_for_what_the_register_shows_exactly():
    assert [register_number(t) for t in ("1023", "   7", " -12", "0023", "A023", "1 23", "    ")] == \
        [1023, 7, -12, None, None, None, None]


def test_bad_input_is_a_clear_error():
    with pytest.raises(TypeError, match="not int"):
        fit(1023, "seven_segment", 4)
    with pytest.raises(ValueError, match="unknown charset 'lcd'"):
        fit("1023", "lcd", 4)
