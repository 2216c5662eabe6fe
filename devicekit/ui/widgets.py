"""Buttons: a rectangle, label lines (Vietnamese first, then English), an action, and an enabled or disabled look."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pygame

from devicekit.ui.text import Colour, Fonts, TextBlock

BACKGROUND = (244, 246, 248)
ICON_MIN_HEIGHT = 200
INK = (31, 41, 51)


@dataclass(frozen=True)
class ButtonStyle:
    """Colours and sizes; the defaults give a white-on-blue label with more than 7:1 contrast."""

    fill: Colour = (11, 92, 173)
    text: Colour = (255, 255, 255)
    subtext: Colour = (221, 234, 248)
    disabled_fill: Colour = (214, 218, 223)
    disabled_text: Colour = (84, 92, 102)
    radius: int = 18
    padding: int = 16
    size: int = 52  # the first line, bold
    sub_size: int = 32  # every further line, regular
    shrink: float = 0.75  # a line may shrink to this share of its size before it wraps
    line_sizes: tuple[int, ...] = ()  # a size per line instead (the last for further lines); all regular but the first
    line_floors: tuple[int, ...] = ()  # the smallest size per line (a line wraps rather than shrink below it)

    def size_of(self, line: int) -> int:
        if self.line_sizes:
            return self.line_sizes[min(line, len(self.line_sizes) - 1)]
        return self.size if line == 0 else self.sub_size

    def floor_of(self, line: int) -> int:
        if self.line_floors:
            return self.line_floors[min(line, len(self.line_floors) - 1)]
        return round(self.size_of(line) * self.shrink)


@dataclass
class Button:
    """`lines[0]` is the main label (bold), further lines are smaller; a tap on a disabled button does nothing.

    `slop` widens the area that counts as a hit on every side: half the gap between neighbouring buttons makes
    a tap in the gap land on the nearer one instead of nowhere, which helps unsteady hands."""

    rect: pygame.Rect
    lines: Sequence[str]
    on_tap: Callable[[], None] | None = None
    enabled: bool = True
    style: ButtonStyle = field(default_factory=ButtonStyle)
    slop: int = 0
    # A picture above the label (a face on a rating button), drawn into the top `icon_share` of a tall enough
    # button; on a button too low for it (under ICON_MIN_HEIGHT inside) only the label is drawn.
    icon: Callable[[pygame.Surface, pygame.Rect], None] | None = None
    icon_share: float = 0.4

    def hit(self, pos: tuple[int, int]) -> bool:
        return self.rect.inflate(2 * self.slop, 2 * self.slop).collidepoint(pos)

    def press(self) -> None:
        if self.enabled and self.on_tap is not None:
            self.on_tap()

    def draw(self, surface: pygame.Surface, fonts: Fonts) -> None:
        style = self.style
        pygame.draw.rect(surface, style.fill if self.enabled else style.disabled_fill, self.rect,
                         border_radius=style.radius)
        picture, inner = self.areas()
        if picture is not None:
            self.icon(surface, picture)
        blocks = self.label(fonts, inner.size)
        y = inner.centery - sum(b.height for b in blocks) // 2
        previous = surface.get_clip()
        surface.set_clip(self.rect.clip(previous))  # a label too long for its button is cut, not drawn over others
        for i, block in enumerate(blocks):
            colour = style.disabled_text if not self.enabled else style.text if i == 0 else style.subtext
            fonts.draw(surface, block, pygame.Rect(inner.x, y, inner.width, block.height), colour)
            y += block.height
        surface.set_clip(previous)

    def areas(self) -> tuple[pygame.Rect | None, pygame.Rect]:
        """Where the icon goes (None: not drawn) and where the label goes, inside the padding."""
        inner = self.rect.inflate(-2 * self.style.padding, -2 * self.style.padding)
        if self.icon is None or inner.height < ICON_MIN_HEIGHT:
            return None, inner
        picture = pygame.Rect(inner.x, inner.y, inner.width, round(inner.height * self.icon_share))
        return picture, pygame.Rect(inner.x, picture.bottom, inner.width, inner.bottom - picture.bottom)

    def label(self, fonts: Fonts, box: tuple[int, int]) -> list[TextBlock]:
        """The label lines laid out for a box: each shrunk or wrapped to its width, then all of them shrunk
        together until they fit its height (never below `shrink` of their sizes). Tests check `overflows`."""
        style = self.style
        width, height = box
        sizes = [style.size_of(i) for i in range(len(self.lines))]
        blocks: list[TextBlock] = []
        for step in range(0, 11):
            factor = 1 - step * (1 - style.shrink) / 10
            floors = [style.floor_of(i) for i in range(len(sizes))]
            blocks = [fonts.fit(line, width, max(1, floor, round(size * factor)), min_size=floor, bold=i == 0)
                      for i, (line, size, floor) in enumerate(zip(self.lines, sizes, floors))]
            if sum(b.height for b in blocks) <= height:
                return blocks
        return [TextBlock(b.lines, b.size, b.bold, overflows=True) for b in blocks]
