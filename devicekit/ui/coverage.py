"""Which characters of an app's strings the bundled faces lack: freetype would draw them as empty boxes.

pygame's own metrics report no missing glyphs even for a font that lacks them, so this reads each face's cmap
with fontTools. It is a test-time helper (fontTools is slow to import), not used while a screen runs."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from fontTools.ttLib import TTFont

from devicekit.fonts import font_path

_NOT_DRAWN = set("\n\r\t")  # line structure, consumed by the layout, never rendered as glyphs


def missing_glyphs(strings: Iterable[str], faces: Iterable[Path] | None = None) -> list[str]:
    """The characters of `strings` (as drawn: NFC) that at least one face lacks, sorted; [] when all are covered."""
    wanted = set()
    for text in strings:
        wanted |= set(unicodedata.normalize("NFC", text)) - _NOT_DRAWN
    missing = set()
    for path in faces if faces is not None else (font_path(False), font_path(True)):
        cmap = TTFont(path, lazy=True).getBestCmap()
        missing |= {c for c in wanted if ord(c) not in cmap}
    return sorted(missing)
