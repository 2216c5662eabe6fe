"""Rectangle arithmetic: the letterbox that maps the logical surface into a window, and button grids."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

Size = tuple[int, int]


@dataclass(frozen=True)
class Letterbox:
    """Where the logical surface lands in a window: scaled with its aspect kept, centred, bars around it."""

    logical: Size
    window: Size
    rect: tuple[int, int, int, int]  # x, y, width, height of the picture inside the window

    @classmethod
    def fit(cls, logical: Size, window: Size) -> "Letterbox":
        (lw, lh), (ww, wh) = logical, window
        scale = min(ww / lw, wh / lh)
        w, h = min(ww, round(lw * scale)), min(wh, round(lh * scale))
        return cls(logical, window, ((ww - w) // 2, (wh - h) // 2, w, h))

    @property
    def picture(self) -> pygame.Rect:
        return pygame.Rect(self.rect)

    @property
    def bars(self) -> list[pygame.Rect]:
        """The window's parts outside the picture (none, or two bars)."""
        x, y, w, h = self.rect
        ww, wh = self.window
        if x:
            return [pygame.Rect(0, 0, x, wh), pygame.Rect(x + w, 0, ww - x - w, wh)]
        if y:
            return [pygame.Rect(0, 0, ww, y), pygame.Rect(0, y + h, ww, wh - y - h)]
        return []

    def to_logical(self, wx: float, wy: float) -> tuple[int, int] | None:
        """A window point as a logical pixel; None on a bar, where nothing of the app is shown."""
        x, y, w, h = self.rect
        if not (x <= wx <= x + w and y <= wy <= y + h):
            return None
        lw, lh = self.logical
        # The far edge (x + w) is still the picture's last pixel: a remote touch at fraction 1.0 lands there.
        return min(int((wx - x) * lw / w), lw - 1), min(int((wy - y) * lh / h), lh - 1)

    def to_window(self, lx: float, ly: float) -> tuple[float, float]:
        """A logical point in window coordinates (the inverse of to_logical)."""
        x, y, w, h = self.rect
        lw, lh = self.logical
        return x + lx * w / lw, y + ly * h / lh


def grid(area: pygame.Rect, count: int, columns: int, *, gap: int = 24,
         row_height: int | None = None) -> list[pygame.Rect]:
    """`count` cells filled row by row, left to right, `gap` apart; rows share the area's height unless given one."""
    if count <= 0:
        return []
    columns = max(1, min(columns, count))
    rows = -(-count // columns)
    width = (area.width - gap * (columns - 1)) // columns
    height = row_height if row_height is not None else (area.height - gap * (rows - 1)) // rows
    return [pygame.Rect(area.x + (i % columns) * (width + gap), area.y + (i // columns) * (height + gap), width, height)
            for i in range(count)]


def column(area: pygame.Rect, count: int, *, gap: int = 24, row_height: int | None = None) -> list[pygame.Rect]:
    """`count` full-width rows stacked from the top of `area`."""
    return grid(area, count, 1, gap=gap, row_height=row_height)
