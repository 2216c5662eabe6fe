"""The hall display's one scene: the centre's name and a clock, the newest call in very large figures, the last
calls, what every open counter serves, and a plain banner while the link to the service is down.

Read from across the hall (10 m and more): light figures on a dark ground, the number as large as the width
allows. Everything here runs on the UI thread; the agent hands calls and counter states over with `on_ui`."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable

import pygame

from devicekit.ui import Fonts, Scene, grid
from display.phrases import counter_label
from wire.queue_messages import Call, CounterState

GROUND = (10, 29, 58)  # deep navy: the hall is bright, a dark screen with light figures reads farther
PANEL = (22, 50, 92)
HEADER = (6, 19, 40)
TEXT = (255, 255, 255)
MUTED = (176, 196, 222)
NUMBER = (255, 205, 40)  # amber figures: the eye finds them first
RECALL = (214, 92, 20)
RECALL_TEXT = (255, 160, 110)
OFFLINE = (178, 34, 34)

PROMPT = "Mời công dân có số thứ tự"
TO_COUNTER = "đến Quầy số {counter}"
COUNTER = "Quầy {counter}"
RECALL_MARK = "Gọi lại"
NUMBER_COLUMN = "Số thứ tự"
COUNTER_COLUMN = "Quầy"
SERVING = "Đang phục vụ"
OFFLINE_BANNER = "Mất kết nối — đang kết nối lại"
NO_NUMBER = "—"
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
STRINGS = (PROMPT, TO_COUNTER, COUNTER, RECALL_MARK, NUMBER_COLUMN, COUNTER_COLUMN, SERVING, OFFLINE_BANNER,
           NO_NUMBER, *WEEKDAYS, "0123456789:/,→ ABCDEFGHIJKLMNOPQRSTUVWXYZ")

MARGIN = 40


class HallLayout:
    """Rectangles of the landscape surface (1920×1080 logical pixels; other sizes scale)."""

    def __init__(self, size: tuple[int, int]) -> None:
        w, h = size
        self.size = size
        self.header = pygame.Rect(0, 0, w, round(h * 0.12))
        bottom_h = round(h * 0.25)
        self.bottom = pygame.Rect(0, h - bottom_h, w, bottom_h)
        main_top, main_bottom = self.header.bottom, self.bottom.top
        split = round(w * 0.65)
        self.call = pygame.Rect(MARGIN, main_top + 20, split - 2 * MARGIN, main_bottom - main_top - 40)
        self.history = pygame.Rect(split, main_top + 20, w - split - MARGIN, main_bottom - main_top - 40)
        # The big number's ink band: everything else in the call panel is placed around it.
        self.number = pygame.Rect(self.call.x + 60, self.call.y + round(self.call.height * 0.22),
                                  self.call.width - 120, round(self.call.height * 0.52))


class HallScene(Scene):
    """Holds the display's state (the last calls, the counters, online or not) and draws it every frame."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], *, title: str, history: int = 5,
                 clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.fonts = fonts
        self.layout = HallLayout(size)
        self.title = title
        self.clock = clock
        self.calls: deque[Call] = deque(maxlen=max(1, history))
        self.counters: dict[str, CounterState] = {}
        self.online = False

    # ---- state (UI thread)
    def add_call(self, call: Call) -> None:
        self.calls.appendleft(call)

    def set_counter(self, state: CounterState) -> None:
        self.counters[state.counter] = state

    def set_online(self, online: bool) -> None:
        self.online = online

    @property
    def newest(self) -> Call | None:
        return self.calls[0] if self.calls else None

    def open_counters(self) -> list[CounterState]:
        def order(state: CounterState):
            return (0, int(state.counter), "") if state.counter.isdigit() else (1, 0, state.counter)
        return sorted((s for s in self.counters.values() if s.status == "open"), key=order)

    # ---- drawing
    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(GROUND)
        self._header(surface)
        self._call(surface)
        self._history(surface)
        self._counters(surface)

    def _header(self, surface: pygame.Surface) -> None:
        box = self.layout.header
        if not self.online:
            pygame.draw.rect(surface, OFFLINE, box)
            self.fonts.draw_box(surface, OFFLINE_BANNER, box.inflate(-2 * MARGIN, -16), 64, TEXT, bold=True,
                                min_size=32)
            return
        pygame.draw.rect(surface, HEADER, box)
        now = self.clock()
        clock_w = round(box.width * 0.2)
        title = pygame.Rect(MARGIN, box.y + 8, box.width - 3 * MARGIN - clock_w, box.height - 16)
        self.fonts.draw_box(surface, self.title, title, 56, TEXT, bold=True, min_size=32, align="left")
        right = box.right - MARGIN
        self.fonts.draw_line(surface, now.strftime("%H:%M"), (right, box.y + 4), 60, TEXT, bold=True,
                             align="right")
        date = f"{WEEKDAYS[now.weekday()]}, {now:%d/%m/%Y}"
        self.fonts.draw_line(surface, date, (right, box.y + 80), 30, MUTED, align="right")

    def _call(self, surface: pygame.Surface) -> None:
        area, band = self.layout.call, self.layout.number
        pygame.draw.rect(surface, PANEL, area, border_radius=24)
        call = self.newest
        prompt = pygame.Rect(area.x + 20, area.y + 10, area.width - 40, band.y - area.y - 20)
        if call is not None and call.recall:  # the mark goes before the prompt, never over the number
            badge = pygame.Rect(prompt.x, 0, 260, 84)
            badge.centery = prompt.centery
            pygame.draw.rect(surface, RECALL, badge, border_radius=16)
            self.fonts.draw_box(surface, RECALL_MARK, badge.inflate(-16, -8), 52, TEXT, bold=True, min_size=28)
            prompt = pygame.Rect(badge.right + 20, prompt.y, prompt.right - badge.right - 20, prompt.height)
        self.fonts.draw_box(surface, PROMPT, prompt, 64, TEXT, bold=True, min_size=36)
        if call is None:
            self._big(surface, NO_NUMBER, band, MUTED)
            return
        self._big(surface, call.number, band, NUMBER)
        below = pygame.Rect(area.x + 20, band.bottom, area.width - 40, area.bottom - band.bottom - 10)
        self.fonts.draw_box(surface, TO_COUNTER.format(counter=counter_label(call.counter)), below, 104, TEXT,
                            bold=True, min_size=48)

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
        split = inner.x + round(inner.width * 0.6)
        self.fonts.draw_line(surface, NUMBER_COLUMN, (inner.x, inner.y), 38, MUTED)
        self.fonts.draw_line(surface, COUNTER_COLUMN, (inner.right, inner.y), 38, MUTED, align="right")
        rows_area = pygame.Rect(inner.x, inner.y + 64, inner.width, inner.height - 64)
        slots = self.calls.maxlen or 1
        row_h = min(96, rows_area.height // slots)
        size = min(64, round(row_h * 0.62))
        for i, call in enumerate(self.calls):
            top = rows_area.y + i * row_h
            colour = NUMBER if i == 0 else TEXT
            text_top = top + (row_h - round(size * 1.3)) // 2
            self.fonts.draw_line(surface, call.number, (inner.x, text_top), size, colour, bold=True)
            if call.recall:
                self.fonts.draw_line(surface, RECALL_MARK, (split - 24, text_top + round(size * 0.3)),
                                     round(size * 0.55), RECALL_TEXT, align="right")
            self.fonts.draw_line(surface, counter_label(call.counter), (inner.right, text_top), size, colour,
                                 bold=True, align="right")
            if i + 1 < len(self.calls):
                pygame.draw.line(surface, GROUND, (inner.x, top + row_h - 1), (inner.right, top + row_h - 1), 2)

    def _counters(self, surface: pygame.Surface) -> None:
        area = self.layout.bottom
        self.fonts.draw_line(surface, SERVING, (MARGIN, area.y), 40, MUTED, bold=True)
        states = self.open_counters()
        if not states:
            return
        tiles = pygame.Rect(MARGIN, area.y + 60, area.width - 2 * MARGIN, area.height - 60 - 24)
        columns = min(len(states), 8)
        rows = -(-len(states) // columns)
        columns = -(-len(states) // rows)  # balance the rows: 9 counters are 5 + 4, not 8 + 1
        for rect, state in zip(grid(tiles, len(states), columns, gap=20), states):
            pygame.draw.rect(surface, PANEL, rect, border_radius=16)
            label_h = round(rect.height * 0.32)
            label = pygame.Rect(rect.x + 8, rect.y + 4, rect.width - 16, label_h)
            self.fonts.draw_box(surface, COUNTER.format(counter=counter_label(state.counter)), label,
                                min(40, round(label_h * 0.7)), MUTED, bold=True, min_size=16)
            number = pygame.Rect(rect.x + 8, label.bottom, rect.width - 16, rect.height - label_h - 8)
            self.fonts.draw_box(surface, state.number or NO_NUMBER, number, round(number.height / 1.3), NUMBER
                                if state.number else MUTED, bold=True, min_size=20)

