"""The hidden way into the admin menu: five taps in the top left corner of home within a few seconds. A citizen
does not tap an empty corner five times by accident, and the IT officer can do it from the screen mirror too."""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame

CORNER_PX = 150  # the square in the top left corner: above the hint band, left of the centred title
TAPS = 5
WITHIN_S = 4.0


class CornerTaps:
    """Counts taps in the corner; `tap` says whether the corner took the tap, and runs `on_open` at the fifth."""

    def __init__(self, on_open: Callable[[], None], *, clock: Callable[[], float] = time.monotonic) -> None:
        self.on_open, self.clock = on_open, clock
        self.area = pygame.Rect(0, 0, CORNER_PX, CORNER_PX)
        self._taps: list[float] = []

    def tap(self, pos: tuple[int, int]) -> bool:
        if not self.area.collidepoint(pos):
            self._taps.clear()  # a tap elsewhere breaks the sequence
            return False
        now = self.clock()
        self._taps = [t for t in self._taps if now - t < WITHIN_S] + [now]
        if len(self._taps) >= TAPS:
            self._taps.clear()
            self.on_open()
        return True
