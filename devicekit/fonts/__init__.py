"""Bundled DejaVu Sans faces (see LICENSE.txt), located through importlib.resources so they ship as package data."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"


def font_path(bold: bool = False) -> Path:
    return Path(str(resources.files(__name__) / (BOLD if bold else REGULAR)))
