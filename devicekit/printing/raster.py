"""Pillow rasterisation of layout blocks with the bundled DejaVu font: 1-bit images as wide as the paper."""

from __future__ import annotations

import qrcode
from PIL import Image, ImageDraw, ImageFont

from devicekit.fonts import font_path
from devicekit.printing.layout import Align, BigNumber, Feed, QrCode, Rule, Text

MIN_SHRINK = 0.7  # below 70 % of the asked size a line is wrapped instead of shrunk further
LINE_DOTS = 30  # height of a fed text line (ESC d) in dots, at the usual 1/6 inch line spacing
_ECC = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
        "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}


class Fonts:
    """Loaded TrueType faces by (size, bold); one per renderer, so there is no module-level cache."""

    def __init__(self) -> None:
        self._faces: dict[tuple[int, bool], ImageFont.FreeTypeFont] = {}

    def get(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        key = (size, bold)
        if key not in self._faces:
            self._faces[key] = ImageFont.truetype(str(font_path(bold)), size)
        return self._faces[key]


def blank(width: int, height: int) -> Image.Image:
    return Image.new("1", (width, max(height, 1)), 1)


def _x(align: Align, width: int, item_width: int) -> int:
    if align == "left":
        return 0
    if align == "right":
        return max(width - item_width, 0)
    return max((width - item_width) // 2, 0)


def fit_lines(text: Text, width: int, fonts: Fonts) -> list[tuple[str, ImageFont.FreeTypeFont]]:
    """Each line at the asked size, shrunk to fit the paper, and word-wrapped if shrinking is not enough."""
    out = []
    lines: list[str] = []
    for line in text.lines:
        # A bilingual "vi / en" line that does not fit breaks at the slash before anything is shrunk.
        if " / " in line and fonts.get(text.size, text.bold).getlength(line) > width:
            lines.extend(part.strip() for part in line.split(" / "))
        else:
            lines.append(line)
    for line in lines:
        size = text.size
        font = fonts.get(size, text.bold)
        while font.getlength(line) > width and size > text.size * MIN_SHRINK:
            size -= 1
            font = fonts.get(size, text.bold)
        if font.getlength(line) <= width:
            out.append((line, font))
            continue
        current = ""
        for word in line.split():
            candidate = f"{current} {word}".strip()
            if current and font.getlength(candidate) > width:
                out.append((current, font))
                current = word
            else:
                current = candidate
        out.append((current, font))
    return out


def text_image(text: Text, width: int, fonts: Fonts) -> Image.Image:
    lines = fit_lines(text, width, fonts)
    # Stacked Vietnamese marks (Ấ, Ỗ) rise above the cap height: leave a quarter em above each line.
    heights = [round(font.size * 1.3) for _, font in lines]
    image = Image.new("L", (width, sum(heights)), 255)
    draw = ImageDraw.Draw(image)
    y = 0
    for (line, font), height in zip(lines, heights):
        draw.text((_x(text.align, width, round(font.getlength(line))), y + round(font.size * 1.05)), line,
                  font=font, fill=0, anchor="ls")
        y += height
    # Threshold ourselves: python-escpos would dither the anti-aliased grey edges into speckles.
    return image.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)


def rule_image(rule: Rule, width: int) -> Image.Image:
    image = blank(width, rule.thickness + 2 * rule.margin)
    ImageDraw.Draw(image).rectangle((0, rule.margin, width - 1, rule.margin + rule.thickness - 1), fill=0)
    return image


def qr_image(qr: QrCode, width: int) -> Image.Image:
    code = qrcode.QRCode(box_size=qr.module_dots, border=0, error_correction=_ECC[qr.error_correction])
    code.add_data(qr.data)
    code.make(fit=True)
    matrix = code.get_matrix()
    side = len(matrix) * qr.module_dots
    image = blank(width, side)
    pixels = Image.new("1", (len(matrix), len(matrix)), 1)
    pixels.putdata([0 if cell else 1 for row in matrix for cell in row])
    image.paste(pixels.resize((side, side), Image.Resampling.NEAREST), (_x(qr.align, width, side), 0))
    return image


def big_number_image(number: BigNumber, width: int, magnification: int, fonts: Fonts) -> Image.Image:
    """The big number as raster, the size the printer's magnified 12x24 font would give (full-raster mode)."""
    return text_image(Text(number.text, size=round(24 * magnification * 0.9), bold=True, align=number.align),
                      width, fonts)


def feed_image(feed: Feed, width: int) -> Image.Image:
    return blank(width, feed.lines * LINE_DOTS)


def stack(images: list[Image.Image], width: int) -> Image.Image:
    """Images one under the other, as one image."""
    out = blank(width, sum(i.height for i in images))
    y = 0
    for image in images:
        out.paste(image, (0, y))
        y += image.height
    return out
