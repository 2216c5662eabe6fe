"""Pillow rasterisation of print blocks with the bundled DejaVu font: 1-bit images as wide as the paper.

Every function takes sizes already in the printer's own dots (the renderer converts from the document's 203 dpi).
Text never leaves its image: a line is shrunk a little, then wrapped at spaces, then (a URL, a long code) broken
between characters, and each line is as tall as its tallest mark, so stacked Vietnamese marks (Ấ, Ỗ) keep their tops.
"""

from __future__ import annotations

import qrcode
from PIL import Image, ImageDraw, ImageFont

from devicekit.fonts import font_path

MIN_SHRINK = 0.85  # below 85 % of the asked size a line is wrapped instead of shrunk further
LINE_DOTS = 30  # height of a fed text line (ESC d) in dots, at the usual 1/6 inch line spacing
EDGE = 2  # blank dots kept at the left and right of text, so no glyph ever touches the paper's edge
_ECC = {"L": qrcode.constants.ERROR_CORRECT_L, "M": qrcode.constants.ERROR_CORRECT_M,
        "Q": qrcode.constants.ERROR_CORRECT_Q, "H": qrcode.constants.ERROR_CORRECT_H}

Font = ImageFont.FreeTypeFont


class Fonts:
    """Loaded TrueType faces by (size, bold); one per renderer, so there is no module-level cache."""

    def __init__(self) -> None:
        self._faces: dict[tuple[int, bool], Font] = {}

    def get(self, size: int, bold: bool = False) -> Font:
        key = (size, bold)
        if key not in self._faces:
            self._faces[key] = ImageFont.truetype(str(font_path(bold)), size)
        return self._faces[key]


def blank(width: int, height: int) -> Image.Image:
    return Image.new("1", (width, max(height, 1)), 1)


def x_for(align: str, width: int, item_width: int) -> int:
    if align == "left":
        return 0
    if align == "right":
        return max(width - item_width, 0)
    return max((width - item_width) // 2, 0)


def ink_width(font: Font, line: str) -> int:
    left, _, right, _ = font.getbbox(line, anchor="ls")
    return right - min(left, 0)


def _tokens(line: str) -> list[str]:
    """Words, with a number kept together with the short unit after it ("12 phút", "15 min"): a reader must
    never find the number at the end of one line and its unit on the next."""
    out: list[str] = []
    for word in line.split():
        if out and any(c.isdigit() for c in out[-1]) and len(word) <= 5 and not any(c.isdigit() for c in word):
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def _break_word(word: str, font: Font, width: int) -> list[str]:
    pieces, current = [], ""
    for char in word:
        if current and ink_width(font, current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + [current]


def _greedy(tokens: list[str], font: Font, width: int) -> list[str]:
    lines, current = [], ""
    for token in tokens:
        candidate = f"{current} {token}".strip()
        if current and ink_width(font, candidate) > width:
            lines.append(current)
            current = token
        else:
            current = candidate
    return lines + [current]


def _wrap(line: str, font: Font, width: int) -> list[str]:
    """Word-wrap at the asked size; a short last line is evened out with the others (no lone last word); a word
    wider than the paper (a URL, a long code) is broken between characters. A "label: value" line that fits on
    two lines breaks after its colon."""
    head, colon, tail = line.partition(": ")
    if colon and tail and ink_width(font, head + ":") <= width and ink_width(font, tail) <= width:
        return [head + ":", tail]
    tokens = [piece for token in _tokens(line) for piece in
              (_break_word(token, font, width) if ink_width(font, token) > width else [token])]
    lines = _greedy(tokens, font, width)
    if ink_width(font, lines[-1]) >= 0.4 * max(ink_width(font, x) for x in lines):
        return lines  # greedy breaks tend to fall between phrases; only a short last line is worth evening out
    low, high = 1, width  # the narrowest width that still needs no more lines: balanced lines
    while low < high:
        mid = (low + high) // 2
        if len(_greedy(tokens, font, mid)) <= len(lines) and all(ink_width(font, t) <= mid for t in tokens):
            high = mid
        else:
            low = mid + 1
    return _greedy(tokens, font, high)


def fit_lines(lines: list[str], size: int, bold: bool, width: int, fonts: Fonts,
              min_shrink: float = MIN_SHRINK) -> list[tuple[str, Font]]:
    """Each line at the asked size, shrunk a little to fit `width`, else wrapped at the asked size."""
    width -= 2 * EDGE
    split: list[str] = []
    for line in lines:
        # A bilingual "vi / en" line that does not fit breaks at the slash before anything is shrunk.
        if " / " in line and ink_width(fonts.get(size, bold), line) > width:
            split.extend(part.strip() for part in line.split(" / "))
        else:
            split.append(line)
    out = []
    for line in split:
        font = fonts.get(size, bold)
        while ink_width(font, line) > width and font.size > size * min_shrink:
            font = fonts.get(font.size - 1, bold)
        if ink_width(font, line) <= width:
            out.append((line, font))
        else:
            font = fonts.get(size, bold)
            out += [(wrapped, font) for wrapped in _wrap(line, font, width)]
    return out


def text_image(lines: list[str], size: int, bold: bool, align: str, width: int, fonts: Fonts,
               min_shrink: float = MIN_SHRINK) -> Image.Image:
    fitted = fit_lines(lines, size, bold, width, fonts, min_shrink)
    # A line's band: at least 1.05 em above the baseline and 0.25 em below, more if its marks reach further.
    bands = []
    for line, font in fitted:
        _, top, _, bottom = font.getbbox(line or " ", anchor="ls")
        bands.append((max(round(font.size * 1.05), 1 - top), max(round(font.size * 0.25), bottom + 1)))
    image = Image.new("L", (width, sum(a + d for a, d in bands)), 255)
    draw = ImageDraw.Draw(image)
    y = 0
    for (line, font), (ascent, descent) in zip(fitted, bands):
        left = min(font.getbbox(line or " ", anchor="ls")[0], 0)
        x = EDGE + x_for(align, width - 2 * EDGE, ink_width(font, line)) - left
        draw.text((x, y + ascent), line, font=font, fill=0, anchor="ls")
        y += ascent + descent
    # Threshold ourselves: python-escpos would dither the anti-aliased grey edges into speckles.
    return image.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)


def number_image(text: str, magnification: int, align: str, width: int, fonts: Fonts) -> Image.Image:
    """The big number as raster, about the size the printer's magnified 12x24 font gives (full-raster mode)."""
    return text_image([text], round(24 * magnification * 0.9), True, align, width, fonts, min_shrink=0.3)


def rule_image(thickness: int, margin: int, width: int) -> Image.Image:
    image = blank(width, thickness + 2 * margin)
    ImageDraw.Draw(image).rectangle((0, margin, width - 1, margin + thickness - 1), fill=0)
    return image


def qr_image(data: str, module_dots: int, ecc: str, align: str, width: int) -> Image.Image:
    code = qrcode.QRCode(box_size=module_dots, border=0, error_correction=_ECC[ecc])
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    side = len(matrix) * module_dots
    image = blank(width, side)
    pixels = Image.new("1", (len(matrix), len(matrix)), 1)
    pixels.putdata([0 if cell else 1 for row in matrix for cell in row])
    image.paste(pixels.resize((side, side), Image.Resampling.NEAREST), (x_for(align, width, side), 0))
    return image


def feed_image(lines: int, width: int) -> Image.Image:
    return blank(width, lines * LINE_DOTS)


def stack(images: list[Image.Image], width: int) -> Image.Image:
    """Images one under the other, as one image."""
    out = blank(width, sum(i.height for i in images))
    y = 0
    for image in images:
        out.paste(image, (0, y))
        y += image.height
    return out
