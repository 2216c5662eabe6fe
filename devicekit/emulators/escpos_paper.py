"""The emulated thermal paper: native text, raster images and QR codes stacked into one picture of the roll."""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from PIL import Image, ImageDraw, ImageFont

from devicekit.fonts import font_path

CELL_W, CELL_H = 12, 24  # Font A cell in dots
MARGIN = 16  # white border around the rendered roll, so a QR at the edge still has a quiet zone
_ECC = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M,
        50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}


@dataclass(frozen=True)
class Run:
    """Characters printed with one style."""

    text: str
    width: int
    height: int
    bold: bool


class Paper:
    """Grows downwards as the emulated head prints; render() returns the roll so far."""

    def __init__(self, printable_dots: int) -> None:
        self.width = printable_dots
        self._pieces: list[Image.Image] = []
        self._fonts: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}

    def _font(self, size: int, bold: bool) -> ImageFont.FreeTypeFont:
        if (size, bold) not in self._fonts:
            self._fonts[(size, bold)] = ImageFont.truetype(str(font_path(bold)), size)
        return self._fonts[(size, bold)]

    def place(self, image: Image.Image, align: int) -> None:
        """Put an image on the roll at ESC a alignment; anything past the printable width is lost, as on paper."""
        image = image.crop((0, 0, min(image.width, self.width), image.height))
        row = Image.new("L", (self.width, image.height), 255)
        x = {0: 0, 1: (self.width - image.width) // 2, 2: self.width - image.width}.get(align, 0)
        row.paste(image.convert("L"), (max(x, 0), 0))
        self._pieces.append(row)

    def feed(self, dots: int) -> None:
        if dots > 0:
            self._pieces.append(Image.new("L", (self.width, dots), 255))

    def line_image(self, runs: list[Run], line_spacing: int = 0, cell: tuple[int, int] = (CELL_W, CELL_H)
                   ) -> Image.Image:
        """One line of the printer's own monospaced font (Font A 12x24 by default), as wide as its characters;
        a line is as tall as its tallest character or the line spacing."""
        height = max([cell[1] * r.height for r in runs] + [line_spacing])
        width = sum(cell[0] * r.width * len(r.text) for r in runs)
        line = Image.new("L", (max(width, 1), height), 255)
        x = 0
        for run in runs:
            cell_w, cell_h = cell[0] * run.width, cell[1] * run.height
            font = self._font(max(int(cell_h * 0.8), 6), run.bold)
            for char in run.text:
                glyph = Image.new("L", (max(int(font.getlength(char)) + 2, 1), cell_h), 255)
                ImageDraw.Draw(glyph).text((1, int(cell_h * 0.82)), char, font=font, fill=0, anchor="ls")
                if glyph.width > cell_w:  # the printer's font is monospaced: squeeze wide glyphs into the cell
                    glyph = glyph.resize((cell_w, cell_h))
                line.paste(glyph, (x + (cell_w - glyph.width) // 2, height - cell_h))
                x += cell_w
        return line

    @staticmethod
    def qr_image(data: bytes, module: int, ecc: int) -> Image.Image:
        code = qrcode.QRCode(box_size=max(module, 1), border=0, error_correction=_ECC.get(ecc, _ECC[48]))
        code.add_data(data)
        code.make(fit=True)
        return code.make_image(fill_color="black", back_color="white").get_image()

    def cut(self, partial: bool) -> None:
        strip = Image.new("L", (self.width, 9), 255)
        draw = ImageDraw.Draw(strip)
        for x in range(0, self.width, 12 if partial else 8):
            draw.line((x, 4, x + 5, 4), fill=0)
        self._pieces.append(strip)

    def render(self) -> Image.Image:
        height = sum(p.height for p in self._pieces)
        roll = Image.new("L", (self.width + 2 * MARGIN, height + 2 * MARGIN), 255)
        y = MARGIN
        for piece in self._pieces:
            roll.paste(piece, (MARGIN, y))
            y += piece.height
        return roll

    def clear(self) -> None:
        self._pieces.clear()
