"""Every character the ticket can print is in the bundled fonts' cmap (Pillow would silently draw boxes)."""

from __future__ import annotations

import string
import unicodedata

import pytest
from fontTools.ttLib import TTFont

from devicekit.fonts import font_path
from wire.ticket import DURATION, PHRASES

TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
VOWELS = "aăâeêioôơuưy"


def vietnamese_letters() -> set[str]:
    letters = set(VOWELS + "đ")
    letters |= {unicodedata.normalize("NFC", v + tone) for v in VOWELS for tone in TONES}
    return letters | {c.upper() for c in letters}


def ticket_characters() -> set[str]:
    chars = vietnamese_letters() | set(string.ascii_letters + string.digits + " .,:;!?/()–-~#")
    for phrase in [*(p for pair in PHRASES.values() for p in pair), *(d for pair in DURATION.values() for d in pair)]:
        chars |= set(phrase.replace("{", "").replace("}", ""))
    return chars


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
def test_bundled_font_covers_every_ticket_character(bold):
    cmap = TTFont(font_path(bold)).getBestCmap()
    chars = ticket_characters()
    assert len(vietnamese_letters()) == 146  # (12 vowels x (5 tones + none) + đ) x 2 cases
    missing = sorted(c for c in chars if ord(c) not in cmap)
    assert not missing, f"{font_path(bold).name} lacks {missing}"
