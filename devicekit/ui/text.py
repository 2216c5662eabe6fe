"""Vietnamese text with pygame.freetype and the bundled DejaVu faces: measure, fit (shrink, then wrap), draw, align."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pygame
import pygame.freetype

from devicekit.fonts import font_path

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]
Colour = tuple[int, int, int] | pygame.Color

# Stacked marks (Ỗ, Ấ) rise 1.06 em above the baseline, higher than DejaVu's ascender (0.93 em), and descenders
# (g, ỵ, Ặ) go 0.22 em below: a line box of 1.3 em with the baseline at 1.07 em keeps every mark inside it.
LINE_HEIGHT = 1.3
BASELINE = 1.07
_CACHE_LIMIT = 2048  # layouts: small tuples
_IMAGE_LIMIT = 512  # rendered lines: a 50-pixel line across a full-HD screen is 0.4 MB


def line_height(size: int) -> int:
    return round(size * LINE_HEIGHT)


@dataclass(frozen=True)
class TextBlock:
    """Text laid out for a width: its lines at one size; `overflows` when even the floor size did not fit."""

    lines: tuple[str, ...]
    size: int
    bold: bool
    overflows: bool = False

    @property
    def height(self) -> int:
        return line_height(self.size) * len(self.lines)


class Fonts:
    """The two faces, loaded once by the app that owns this object, and caches of layouts and rendered lines.
    UI thread only; the caches are bounded and simply emptied when full."""

    def __init__(self, regular: Path | None = None, bold: Path | None = None) -> None:
        pygame.freetype.init()
        self._faces = {False: pygame.freetype.Font(str(regular or font_path(False))),
                       True: pygame.freetype.Font(str(bold or font_path(True)))}
        self._layouts: dict[tuple, TextBlock] = {}
        self._images: dict[tuple, tuple[pygame.Surface, pygame.Rect]] = {}

    def _ink(self, text: str, size: int, bold: bool) -> pygame.Rect:
        return self._faces[bold].get_rect(text, size=size)

    def width(self, text: str, size: int, bold: bool = False) -> int:
        return self._ink(unicodedata.normalize("NFC", text), size, bold).width

    def fit(self, text: str, width: int, size: int, *, min_size: int | None = None, bold: bool = False,
            max_height: int | None = None) -> TextBlock:
        """One line per paragraph (split on "\\n") shrunk down to `min_size`; if that is not enough, wrapped on
        words at the largest size that fits `width` and `max_height`; otherwise the floor, marked overflowing."""
        key = (text, width, size, min_size, bold, max_height)
        if key not in self._layouts:
            if len(self._layouts) >= _CACHE_LIMIT:
                self._layouts.clear()
            self._layouts[key] = self._fit(text, width, size, min(min_size or size, size), bold, max_height)
        return self._layouts[key]

    def _fit(self, text: str, width: int, size: int, floor: int, bold: bool, max_height: int | None) -> TextBlock:
        # Text from the service may come decomposed (NFD); freetype does not shape, so marks must be precomposed.
        paragraphs = unicodedata.normalize("NFC", text).split("\n")

        def fits(lines: list[str], s: int) -> bool:
            tall = max_height is not None and line_height(s) * len(lines) > max_height
            return not tall and all(self._ink(line, s, bold).width <= width for line in lines)

        widest = max(self._ink(p, size, bold).width for p in paragraphs)
        start = size if widest <= width else max(floor, min(size, size * width // max(widest, 1) + 1))
        for s in range(start, floor - 1, -1):
            if fits(paragraphs, s):
                return TextBlock(tuple(paragraphs), s, bold)
        for s in range(size, floor - 1, -1):
            lines = self._wrap(paragraphs, width, s, bold)
            if fits(lines, s):
                return TextBlock(tuple(lines), s, bold)
        return TextBlock(tuple(self._wrap(paragraphs, width, floor, bold)), floor, bold, overflows=True)

    def _wrap(self, paragraphs: list[str], width: int, size: int, bold: bool) -> list[str]:
        lines = []
        for paragraph in paragraphs:
            current = ""
            for word in paragraph.split():
                candidate = f"{current} {word}" if current else word
                if current and self._ink(candidate, size, bold).width > width:
                    lines.append(current)
                    current = word
                else:
                    current = candidate
            lines.append(current)
        return lines

    def draw(self, surface: pygame.Surface, block: TextBlock, rect: pygame.Rect, colour: Colour, *,
             align: Align = "center", valign: VAlign = "middle") -> None:
        """Draws a laid-out block inside `rect`, clipped to it, so an overflowing text never paints its neighbours."""
        spare = rect.height - block.height
        top = rect.top + {"top": 0, "middle": spare // 2, "bottom": spare}[valign]
        previous = surface.get_clip()
        surface.set_clip(rect.clip(previous))
        for i, line in enumerate(block.lines):
            self._line(surface, line, rect.left, rect.right, top + i * line_height(block.size), block, colour, align)
        surface.set_clip(previous)

    def _line(self, surface: pygame.Surface, line: str, left: int, right: int, top: int, block: TextBlock,
              colour: Colour, align: Align) -> pygame.Rect:
        image, ink = self._rendered(line, block.size, block.bold, colour)
        # The image is the ink's box, so alignment is of what the eye sees, not of the pen (side bearings differ);
        # vertically it hangs from the baseline, so lines and buttons align whatever marks their letters carry.
        x = {"left": left, "center": (left + right - ink.width) // 2, "right": right - ink.width}[align]
        baseline = top + round(block.size * BASELINE)
        return surface.blit(image, (x, baseline - ink.y))

    def _rendered(self, line: str, size: int, bold: bool, colour: Colour) -> tuple[pygame.Surface, pygame.Rect]:
        """The line's pixels and ink rect (x: side bearing, y: rise above the baseline), cached: blitting a
        converted image costs a sixth of rendering it again, and labels are redrawn every frame."""
        key = (line, size, bold, tuple(pygame.Color(colour)))
        if key not in self._images:
            if len(self._images) >= _IMAGE_LIMIT:
                self._images.clear()
            image, ink = self._faces[bold].render(line, colour, size=size)
            if pygame.display.get_surface() is not None:
                image = image.convert_alpha()  # the window's pixel format: a fast blit
            self._images[key] = (image, ink)
        return self._images[key]

    def draw_line(self, surface: pygame.Surface, text: str, pos: tuple[int, int], size: int, colour: Colour, *,
                  bold: bool = False, align: Align = "left") -> pygame.Rect:
        """One line, its line box's top at pos[1]; pos[0] is its left edge, centre or right edge as `align` says.
        Returns the rectangle its ink covers."""
        block = TextBlock((unicodedata.normalize("NFC", text),), size, bold)
        x = pos[0]
        return self._line(surface, block.lines[0], x, x, pos[1], block, colour, align)

    def draw_box(self, surface: pygame.Surface, text: str, rect: pygame.Rect, size: int, colour: Colour, *,
                 bold: bool = False, min_size: int | None = None, align: Align = "center",
                 valign: VAlign = "middle") -> TextBlock:
        """Fits `text` into `rect` (shrink, then wrap, within its width and height) and draws it there."""
        block = self.fit(text, rect.width, size, min_size=min_size, bold=bold, max_height=rect.height)
        self.draw(surface, block, rect, colour, align=align, valign=valign)
        return block
