"""Bundled DejaVu Sans faces (see LICENSE.txt), shipped as package data next to this file."""

from __future__ import annotations

from pathlib import Path

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"


def font_path(bold: bool = False) -> Path:
    return Path(__file__).with_name(BOLD if bold else REGULAR)
