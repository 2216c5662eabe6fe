"""Reading a PDF back as a person would, with poppler-utils: its pages' sizes (pdfinfo), its text (pdftotext) and
its pages as PNG pictures (pdftoppm)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

A5 = (420, 595)  # points, portrait
A4_LANDSCAPE = (842, 595)


@dataclass
class ReadPdf:
    pages: int
    sizes: set[tuple[int, int]]  # every page's size in points, rounded
    text: str
    pngs: list[Path]


def read_pdf(pdf: bytes, folder: Path, name: str, dpi: int = 80) -> ReadPdf:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed (scripts/system-deps.sh installs it)")
    assert pdf.startswith(b"%PDF-"), pdf[:200]
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(source)], capture_output=True, text=True, check=True).stdout
    sizes = {(round(float(w)), round(float(h))) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)}
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    text = subprocess.run(["pdftotext", "-layout", str(source), "-"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(folder / name)], check=True)
    return ReadPdf(pages, sizes, text, sorted(folder.glob(f"{name}-*.png")))
