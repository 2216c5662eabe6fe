"""What both calling screens have around their content: the colours, the header (the centre's name, the date and a
clock), the red "Mất kết nối" banner over it while the link is down, and the ticker line the centre sets.

Per frame this is a few blits of cached text: the clock's text changes once a minute, the ticker is one rendered
line moved along."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import pygame

from devicekit.ui import Fonts
from display.layout import MARGIN, Frame
from display.wording import en, long_date, vi

log = logging.getLogger(__name__)

GROUND = (10, 29, 58)  # deep navy: the hall is bright, a dark screen with light figures reads farther
PANEL = (22, 50, 92)
HEADER = (6, 19, 40)
TEXT = (255, 255, 255)
MUTED = (176, 196, 222)
NUMBER = (255, 205, 40)  # amber figures: the eye finds them first
FLASH = NUMBER  # a new call's panel blinks to amber, its number to navy
RECALL = (214, 92, 20)
RECALL_TEXT = (255, 160, 110)
OFFLINE = (178, 34, 34)
TICKER = (3, 12, 28)
MIN_TEXT = 12  # logical pixels: the floor of any text (on a 1080-line panel it is still a clear line)


class Chrome:
    def __init__(self, fonts: Fonts, frame: Frame, *, title: str, ticker: str = "", english: bool = False,
                 ticker_speed: float = 120.0, clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.fonts = fonts
        self.frame = frame
        self.title = title
        self.ticker = " ".join(ticker.split())  # one line, whatever the YAML's folding left in it
        self.english = english
        self.ticker_speed = ticker_speed
        self.clock = clock
        self._widths: dict[int, int] = {}  # the ticker's width per size: measuring a long line is not free
        self.overflowing: set[str] = set()  # texts that did not fit even at their floor size (logged once)

    def text(self, surface: pygame.Surface, text: str, rect: pygame.Rect, size: int, colour, **options) -> None:
        """`Fonts.draw_box` (shrink, then wrap, clipped to `rect`), noting a text that still does not fit."""
        if self.fonts.draw_box(surface, text, rect, size, colour, **options).overflows and text not in self.overflowing:
            self.overflowing.add(text)
            log.warning("display: %r does not fit in %s×%s pixels", text, rect.width, rect.height)

    def draw(self, surface: pygame.Surface, online: bool, now: float) -> None:
        if online:
            self._header(surface)
        else:
            self._banner(surface)
        if self.frame.ticker is not None and self.ticker:
            self._ticker(surface, now)

    def floor(self, text: str, rect: pygame.Rect, size: int, bold: bool = True) -> int:
        """How small `text` may get in `rect`: a little smaller than `size`, then wrapped on words (a long name on
        two lines reads better than a tiny one); only if that does not fit either, down to MIN_TEXT."""
        floor = round(size * 0.75)
        if self.fonts.fit(text, rect.width, size, min_size=floor, bold=bold, max_height=rect.height).overflows:
            return min(size, MIN_TEXT)
        return floor

    def _header(self, surface: pygame.Surface) -> None:
        box = self.frame.header
        pygame.draw.rect(surface, HEADER, box)
        clock_w = round(box.width * (0.3 if box.width < box.height * 8 else 0.22))
        title = pygame.Rect(MARGIN, box.y + 8, box.width - 3 * MARGIN - clock_w, box.height - 16)
        size = round(box.height * 0.42)
        self.text(surface, self.title, title, size, TEXT, bold=True, min_size=self.floor(self.title, title, size),
                  align="left")
        now = self.clock()
        right = pygame.Rect(box.right - MARGIN - clock_w, box.y + 6, clock_w, box.height - 12)
        time_box, date_box = right.copy(), right.copy()
        time_box.height = round(right.height * 0.6)
        date_box.top, date_box.height = time_box.bottom, right.height - time_box.height
        self.text(surface, f"{now:%H:%M}", time_box, int(time_box.height / 1.3), TEXT, bold=True,
                            align="right")
        self.text(surface, long_date(now.date()), date_box, round(date_box.height / 1.3), MUTED,
                            min_size=16, align="right")

    def _banner(self, surface: pygame.Surface) -> None:
        box = self.frame.header
        pygame.draw.rect(surface, OFFLINE, box)
        inner = box.inflate(-2 * MARGIN, -12)
        if self.english:
            main = pygame.Rect(inner.x, inner.y, inner.width, round(inner.height * 0.64))
            below = pygame.Rect(inner.x, main.bottom, inner.width, inner.bottom - main.bottom)
            self.text(surface, en("offline"), below, round(below.height / 1.3), TEXT, min_size=16)
        else:
            main = inner
        self.text(surface, vi("offline"), main, round(main.height / 1.3 * 0.9), TEXT, bold=True,
                            min_size=28)

    def _ticker(self, surface: pygame.Surface, now: float) -> None:
        strip = self.frame.ticker
        pygame.draw.rect(surface, TICKER, strip)
        size = round(strip.height / 1.3 * 0.9)
        top = strip.y + (strip.height - round(size * 1.3)) // 2
        if size not in self._widths:
            self._widths[size] = self.fonts.width(self.ticker, size)
        width = self._widths[size]
        room = strip.width - 2 * MARGIN
        if width <= room:
            self.fonts.draw_line(surface, self.ticker, (strip.centerx, top), size, TEXT, align="center")
            return
        # Longer than the screen: it moves right to left, one copy following the other a third of a screen apart.
        period = width + strip.width // 3
        x = strip.left + MARGIN - round(now * self.ticker_speed) % period
        previous = surface.get_clip()
        surface.set_clip(strip)
        while x < strip.right:
            self.fonts.draw_line(surface, self.ticker, (x, top), size, TEXT)
            x += period
        surface.set_clip(previous)
