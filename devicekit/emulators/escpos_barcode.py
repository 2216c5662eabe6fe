"""Barcodes in the ESC/POS emulator: GS h / GS w / GS H / GS f settings, the GS k command, and the bars with HRI."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from devicekit import barcodes
from devicekit.emulators.escpos_paper import Paper, Run

# GS k m: the symbologies drawn here (function A m = 0..6 is NUL-terminated, function B m = 65..79 has a length).
SYMBOLOGIES = {4: "CODE39", 69: "CODE39", 73: "CODE128"}
HRI_GAP = 4  # dots between the bars and the human-readable line
FONT_B_CELL = (9, 17)


@dataclass
class BarcodeSettings:
    """Printer state for the next barcode; the defaults are Epson's power-on values."""

    height: int = 162  # GS h, dots
    module: int = 3  # GS w, dots per module (Code 128) or per narrow element (Code 39)
    hri: int = 0  # GS H: 0 none, 1 above, 2 below, 3 both
    font_b: bool = False  # GS f

    def set(self, cmd: str, n: int) -> None:
        if cmd == "h" and n:
            self.height = n
        elif cmd == "w" and 1 <= n <= 6:
            self.module = n
        elif cmd == "H":
            self.hri = n - 48 if n >= 48 else n
        elif cmd == "f":
            self.font_b = n in (1, 49)


def split_gs_k(buf: bytes | bytearray) -> tuple[int, int, bytes] | None:
    """(bytes used, m, data) of the GS k command at the start of `buf`, or None while it is incomplete."""
    if len(buf) < 4:
        return None
    m = buf[2]
    if m <= 6:
        end = buf.find(b"\x00", 3)
        if end < 0:
            # No NUL within the longest data a printer takes: garbage, skip the command head and resynchronise.
            return (3, m, b"") if len(buf) > 3 + 255 else None
        return end + 1, m, bytes(buf[3:end])
    n = buf[3]
    if len(buf) < 4 + n:
        return None
    return 4 + n, m, bytes(buf[4:4 + n])


def draw(m: int, data: bytes, settings: BarcodeSettings, paper: Paper) -> tuple[str, str, Image.Image]:
    """(symbology, human-readable text, image) of one barcode; BarcodeError when the printer would refuse it."""
    symbology = SYMBOLOGIES.get(m)
    if symbology is None:
        raise barcodes.BarcodeError(f"GS k symbology {m} is not emulated")
    if symbology == "CODE128":
        values, hri = barcodes.code128_values(data)
        bars = [(bar, settings.module) for bar in barcodes.code128_modules(values)]
    else:
        hri = data.decode("ascii", "replace").strip("*")
        barcodes.code39_escpos(hri)  # the same characters a printer accepts
        wide = barcodes.wide_dots(settings.module)
        bars = [(bar, wide if is_wide else settings.module) for bar, is_wide in barcodes.code39_elements(hri)]
    width = sum(w for _, w in bars)
    image = Image.new("L", (width, settings.height), 255)
    pen, x = ImageDraw.Draw(image), 0
    for bar, w in bars:
        if bar:
            pen.rectangle((x, 0, x + w - 1, settings.height - 1), fill=0)
        x += w
    if settings.hri:
        image = _with_hri(image, hri, settings, paper)
    return symbology, hri, image


def _with_hri(bars: Image.Image, text: str, settings: BarcodeSettings, paper: Paper) -> Image.Image:
    cell = FONT_B_CELL if settings.font_b else (12, 24)
    label = paper.line_image([Run(text, 1, 1, False)], cell=cell)
    above, below = settings.hri in (1, 3), settings.hri in (2, 3)
    width = max(bars.width, label.width)
    height = bars.height + (label.height + HRI_GAP) * (above + below)
    out = Image.new("L", (width, height), 255)
    y = 0
    if above:
        out.paste(label, ((width - label.width) // 2, 0))
        y = label.height + HRI_GAP
    out.paste(bars, ((width - bars.width) // 2, y))
    if below:
        out.paste(label, ((width - label.width) // 2, y + bars.height + HRI_GAP))
    return out
