"""The hall screen: the newest call in very large figures (blinking for a few seconds when it comes, marked when
it is a recall), the last calls, a tile per open counter with the number it serves, and the frame around them
(display/chrome.py). `DisplayScene` is what it shares with the waiting board: the counters and the link's state.

Read from across the hall (10 m and more): light figures on a dark ground, the number as large as its band allows.
Everything here runs on the UI thread; the agent hands calls and states over with `on_ui`."""

from __future__ import annotations

import abc
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import pygame

from devicekit.ui import Fonts, Scene, grid
from display.chrome import FLASH, GROUND, MIN_TEXT, MUTED, NUMBER, PANEL, RECALL, RECALL_TEXT, TEXT, Chrome
from display.layout import GAP, HallLayout
from display.phrases import counter_label
from display.wording import NO_NUMBER, counter_title, en, vi, with_name
from wire.queue_messages import Board, Call, CounterState

BLINK_S = 0.5  # half a period of the new call's blink: once a second, far below what troubles the eye


def counter_order(counter: str) -> tuple:
    return (0, int(counter), "") if counter.isdigit() else (1, 0, counter)


def tile_columns(area: pygame.Rect, count: int, aspect: float = 2.0, most: int = 8) -> int:
    """Columns for `count` counter tiles: tiles closest to `aspect` (wide enough for "Quầy 5 – Hộ tịch" over the
    number), rows balanced (9 tiles are 5 + 4, not 8 + 1)."""
    def shape(columns: int) -> float:
        rows = -(-count // columns)
        return abs((area.width / columns) / (area.height / rows) - aspect)
    columns = min(range(1, min(count, most) + 1), key=shape)
    rows = -(-count // columns)
    return -(-count // rows)


class DisplayScene(Scene, abc.ABC):
    """The counters this display shows (closed or cleared ones are dropped), whether the link is up, and the
    clock of animations; each mode draws them its own way."""

    def __init__(self, chrome: Chrome, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.chrome = chrome
        self.fonts = chrome.fonts
        self.monotonic = monotonic
        self.counters: dict[str, CounterState] = {}
        self.online = False
        self.text = chrome.text

    def add_call(self, call: Call) -> None:
        """A call to show (the waiting board shows none)."""

    def set_board(self, board: Board) -> None:
        """The retained board (the hall screen does not show it)."""

    def set_counter(self, state: CounterState, retained: bool = False) -> None:
        if state.status == "closed":
            self.counters.pop(state.counter, None)
        else:
            self.counters[state.counter] = state

    def clear_counter(self, counter: str) -> None:
        """The counter's retained state was cleared: the counter no longer exists for the service."""
        self.counters.pop(counter, None)

    def set_online(self, online: bool) -> None:
        self.online = online

    def open_counters(self) -> list[CounterState]:
        return sorted((s for s in self.counters.values() if s.status == "open"),
                      key=lambda s: counter_order(s.counter))

    def counter_name(self, counter: str) -> str | None:
        state = self.counters.get(counter)
        return state.name if state else None

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(GROUND)
        self.draw_body(surface)
        self.chrome.draw(surface, self.online, self.monotonic())

    @abc.abstractmethod
    def draw_body(self, surface: pygame.Surface) -> None:
        """The mode's own part between the header and the ticker: HallScene's calls, BoardScene's fields."""

    @property
    def overflowing(self) -> set[str]:
        return self.chrome.overflowing


@dataclass(frozen=True)
class Shown:
    """A number the screen shows as called: from a `calls` message, or restored from a counter's retained state
    after a restart (`restored`: it does not blink, and the live call of the same number replaces it)."""

    number: str
    counter: str
    recall: bool
    ts: float
    restored: bool = False


class HallScene(DisplayScene):
    def __init__(self, fonts: Fonts, layout: HallLayout, chrome: Chrome, *, history: int = 5,
                 flash_s: float = 5.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(chrome, monotonic)
        self.layout = layout
        self.english = chrome.english
        self.flash_s = flash_s
        self.calls: deque[Shown] = deque(maxlen=max(1, history))
        self.flash_until = -1.0

    @property
    def newest(self) -> Shown | None:
        return self.calls[0] if self.calls else None

    # ---- state (UI thread)
    def add_call(self, call: Call) -> None:
        for shown in [s for s in self.calls if s.restored and (s.number, s.counter) == (call.number, call.counter)]:
            self.calls.remove(shown)
        self.calls.appendleft(Shown(call.number, call.counter, call.recall > 0, call.ts.timestamp()))
        self.flash_until = self.monotonic() + self.flash_s

    def set_counter(self, state: CounterState, retained: bool = False) -> None:
        super().set_counter(state, retained)
        if retained and state.status != "closed" and state.number is not None:
            self._restore(state)

    def _restore(self, state: CounterState) -> None:
        """A retained state names a number this screen has not shown (it restarted, or was away when it was
        called): listed in time order among the others, without blinking."""
        if any((s.number, s.counter) == (state.number, state.counter) for s in self.calls):
            return
        shown = Shown(state.number, state.counter, state.recalls > 0, state.ts.timestamp(), restored=True)
        place = next((i for i, s in enumerate(self.calls) if s.ts < shown.ts), len(self.calls))
        if place < (self.calls.maxlen or 0):
            items = list(self.calls)
            items.insert(place, shown)
            self.calls = deque(items, maxlen=self.calls.maxlen)

    def flashing(self) -> bool:
        """In the blink's bright half: a new call's panel is amber and its number navy."""
        now = self.monotonic()
        return now < self.flash_until and int((now - self.flash_until + self.flash_s) / BLINK_S) % 2 == 0

    # ---- drawing
    def draw_body(self, surface: pygame.Surface) -> None:
        self._call(surface)
        self._history(surface)
        self._counters(surface)

    def _call(self, surface: pygame.Surface) -> None:
        panel = self.layout.call
        bright = self.flashing()
        pygame.draw.rect(surface, FLASH if bright else PANEL, panel.panel, border_radius=24)
        ink = GROUND if bright else TEXT
        call = self.newest
        prompt = panel.prompt
        if call is not None and call.recall:  # the mark goes before the prompt, never over the number
            badge = pygame.Rect(prompt.x, prompt.y + 6, round(prompt.height * 2.9), prompt.height - 12)
            pygame.draw.rect(surface, RECALL, badge, border_radius=16)
            self.text(surface, vi("recall"), badge.inflate(-16, -8), round(badge.height * 0.6), TEXT,
                                bold=True, min_size=20)
            prompt = pygame.Rect(badge.right + GAP, prompt.y, prompt.right - badge.right - GAP, prompt.height)
        self.text(surface, vi("prompt"), prompt, round(prompt.height * 0.62), ink, bold=True,
                            min_size=24)
        if call is None:
            self._big(surface, NO_NUMBER, panel.number, MUTED)
            return
        self._big(surface, call.number, panel.number, GROUND if bright else NUMBER)
        counter = counter_label(call.counter)
        line = with_name(vi("to_counter", counter=counter), self.counter_name(call.counter))
        self.text(surface, line, panel.counter, round(panel.counter.height * 0.7), ink, bold=True,
                            min_size=32)
        if self.english:
            self.text(surface, en("to_counter", number=call.number, counter=counter), panel.english,
                                round(panel.english.height * 0.7), MUTED if not bright else GROUND, min_size=18)

    def _big(self, surface: pygame.Surface, text: str, band: pygame.Rect, colour) -> None:
        """The number as large as the band allows: digits carry no marks, so the ink (not the 1.3 em line box)
        fills the band; cap height is about 0.73 em in DejaVu Sans Bold."""
        size = min(round(band.height / 0.74), 520)
        size = self.fonts.fit(text, band.width, size, min_size=80, bold=True).size
        ink = round(size * 0.73)
        baseline = band.y + (band.height + ink) // 2
        top = baseline - round(size * 1.07)
        self.fonts.draw_line(surface, text, (band.centerx, top), size, colour, bold=True, align="center")

    def _history(self, surface: pygame.Surface) -> None:
        area = self.layout.history
        pygame.draw.rect(surface, PANEL, area, border_radius=24)
        inner = area.inflate(-48, -32)
        head = min(64, round(inner.height * 0.14))
        heading = round(head * 0.6)
        self.fonts.draw_line(surface, vi("number_column"), (inner.x, inner.y), heading, MUTED)
        self.fonts.draw_line(surface, vi("counter_column"), (inner.right, inner.y), heading, MUTED, align="right")
        rows = pygame.Rect(inner.x, inner.y + head, inner.width, inner.height - head)
        slots = self.calls.maxlen or 1
        row_h = min(110, rows.height // slots)
        size = min(72, round(row_h * 0.62))
        split = inner.x + round(inner.width * 0.6)
        for i, call in enumerate(self.calls):
            top = rows.y + i * row_h
            colour = NUMBER if i == 0 else TEXT
            text_top = top + (row_h - round(size * 1.3)) // 2
            self.fonts.draw_line(surface, call.number, (inner.x, text_top), size, colour, bold=True)
            if call.recall:
                self.fonts.draw_line(surface, vi("recall"), (split, text_top + round(size * 0.3)),
                                     round(size * 0.55), RECALL_TEXT, align="right")
            self.fonts.draw_line(surface, counter_label(call.counter), (inner.right, text_top), size, colour,
                                 bold=True, align="right")
            if i + 1 < len(self.calls):
                pygame.draw.line(surface, GROUND, (inner.x, top + row_h - 1), (inner.right, top + row_h - 1), 2)

    def _counters(self, surface: pygame.Surface) -> None:
        area = self.layout.counters
        heading = min(40, round(area.height * 0.13))
        self.fonts.draw_line(surface, vi("serving"), (area.x, area.y), heading, MUTED, bold=True)
        states = self.open_counters()
        if not states:
            return
        tiles = pygame.Rect(area.x, area.y + round(heading * 1.4), area.width, area.height - round(heading * 1.4))
        for rect, state in zip(grid(tiles, len(states), tile_columns(tiles, len(states)), gap=16), states):
            self._tile(surface, rect, state)

    def _tile(self, surface: pygame.Surface, rect: pygame.Rect, state: CounterState) -> None:
        """The counter's title over its number; on a low, wide tile (many counters) the title beside it."""
        pygame.draw.rect(surface, PANEL, rect, border_radius=16)
        inner = rect.inflate(-24, -8)
        if inner.width >= inner.height * 2.6:
            split = inner.x + round(inner.width * 0.42)
            label = pygame.Rect(inner.x, inner.y, split - inner.x, inner.height)
            number = pygame.Rect(split, inner.y, inner.right - split, inner.height)
            size, align = min(40, round(inner.height * 0.4)), "left"
        else:
            label = pygame.Rect(inner.x, inner.y, inner.width, round(inner.height * 0.34))
            number = pygame.Rect(inner.x, label.bottom, inner.width, inner.bottom - label.bottom)
            number = number.inflate(-inner.width // 10, 0)  # a margin each side: figures that touch the edge crowd
            size, align = min(40, round(label.height * 0.7)), "center"
        title = counter_title(state.counter, state.name)
        block = self.fonts.fit(title, label.width, size, min_size=max(16, round(size * 0.7)), bold=True,
                               max_height=label.height)
        if block.overflows:  # a name too long for a small tile: the counter's number alone, still large
            block = self.fonts.fit(counter_title(state.counter, None), label.width, size, min_size=MIN_TEXT,
                                   bold=True, max_height=label.height)
        self.fonts.draw(surface, block, label, MUTED, align=align)
        self.text(surface, state.number or NO_NUMBER, number, int(number.height / 1.3),
                  NUMBER if state.number else MUTED, bold=True, min_size=20)
