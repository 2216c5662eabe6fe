"""The waiting board (`display.mode: waiting`), a second screen in the hall: per field the number now served, the
people waiting and the estimated wait, from the retained board and the counters' retained states. Two tables side
by side on a landscape screen with many fields; one on a portrait screen."""

from __future__ import annotations

import time
from collections.abc import Callable

import pygame

from display.chrome import MIN_TEXT, MUTED, NUMBER, PANEL, TEXT, Chrome
from display.layout import GAP, BoardLayout, portrait
from display.scenes import DisplayScene
from display.wording import NO_NUMBER, en, vi
from wire.queue_messages import Board, BoardField
from wire.ticket import duration

COLUMNS = (("field_column", 0.43), ("serving", 0.2), ("waiting_column", 0.15), ("wait_column", 0.22))
CELL_SIZES = (0.36, 0.62, 0.55, 0.36)
FIGURES = (1, 2)  # the columns drawn at one size  # the largest text size of each column, a share of the row's height


class BoardScene(DisplayScene):
    def __init__(self, layout: BoardLayout, chrome: Chrome, *, fields: list[str] | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(chrome, monotonic)
        self.layout = layout
        self.english = chrome.english
        self.wanted = list(fields or [])
        self.fields: list[BoardField] | None = None  # None until the board arrives

    def set_board(self, board: Board) -> None:
        self.fields = board.only(self.wanted)

    def serving(self, field: str) -> str | None:
        """The number an open counter called last for `field`, if any."""
        states = [s for s in self.open_counters() if s.field == field and s.number]
        return max(states, key=lambda s: s.ts).number if states else None

    # ---- drawing
    def tables(self) -> list[pygame.Rect]:
        rows = self.layout.rows
        if portrait(self.layout.frame.size) or len(self.fields or ()) <= 7:
            return [rows]
        half = (rows.width - GAP) // 2
        return [pygame.Rect(rows.x, rows.y, half, rows.height),
                pygame.Rect(rows.right - half, rows.y, half, rows.height)]

    def row_rects(self) -> list[pygame.Rect]:
        """One row per field, filling the first table, then the second."""
        tables, count = self.tables(), len(self.fields or ())
        per_table = max(1, -(-count // len(tables)))
        row_h = min(150, self.layout.rows.height // per_table)
        return [pygame.Rect(tables[i // per_table].x, tables[i // per_table].y + (i % per_table) * row_h,
                            tables[i // per_table].width, row_h - 8) for i in range(count)]

    def draw_body(self, surface: pygame.Surface) -> None:
        tables = self.tables()
        for table in tables:
            self._heading(surface, pygame.Rect(table.x, self.layout.heading.y, table.width,
                                               self.layout.heading.height))
        if self.fields is None:
            self.text(surface, vi("no_board"), self.layout.rows, 56, MUTED, min_size=24)
            return
        if not self.fields:
            return
        rows = self.row_rects()
        lines = [self.cells_text(field) for field in self.fields]
        cells = self.cells(rows[0])
        # Figures (the number served, the people waiting) at one size per column, the largest every row's fits at
        # on one line: figures that jump in size read badly. Words (the name, the wait) fit each on its own,
        # wrapped if need be; so does a muted note ("Chưa có quầy mở", the dash).
        tops = [round(cell.height * share) for cell, share in zip(cells, CELL_SIZES)]
        sizes = [min((self.fonts.fit(line[i][0], cell.width, top, min_size=MIN_TEXT, bold=True).size
                      for line in lines if line[i][1] != MUTED), default=top) if i in FIGURES else top
                 for i, (cell, top) in enumerate(zip(cells, tops))]
        for row, line in zip(rows, lines):
            pygame.draw.rect(surface, PANEL, row, border_radius=14)
            for i, (cell, (text, colour)) in enumerate(zip(self.cells(row), line)):
                self.text(surface, text, cell, sizes[i], colour, bold=True,
                          min_size=self.chrome.floor(text, cell, sizes[i]), align="left" if i == 0 else "center")

    @staticmethod
    def cells(row: pygame.Rect) -> list[pygame.Rect]:
        cells, x = [], row.x
        for i, (_key, share) in enumerate(COLUMNS):
            width = row.right - x if i == len(COLUMNS) - 1 else round(row.width * share)
            cells.append(pygame.Rect(x + 12, row.y, width - 24, row.height))
            x += width
        return cells

    def _heading(self, surface: pygame.Surface, row: pygame.Rect) -> None:
        for i, (cell, (key, _share)) in enumerate(zip(self.cells(row), COLUMNS)):
            text = f"{vi(key)}\n{en(key)}" if self.english else vi(key)
            size = round(cell.height * (0.36 if self.english else 0.5))
            self.text(surface, text, cell, size, MUTED, bold=True, min_size=self.chrome.floor(text, cell, size),
                      align="left" if i == 0 else "center")

    def cells_text(self, field: BoardField) -> list[tuple[str, tuple[int, int, int]]]:
        """A field's row: its name (and English name), the number now served, the people waiting, the wait."""
        name = field.name or field.field
        if self.english and field.name_en:
            name = f"{name}\n{field.name_en}"
        serving = self.serving(field.field)
        if field.counters_open == 0:
            wait = (vi("no_counter"), MUTED)
        else:
            minutes = field.estimated_wait_min
            wait = (duration(minutes, "vi") if minutes else NO_NUMBER, TEXT)
        return [(name, TEXT), (serving or NO_NUMBER, NUMBER if serving else MUTED),
                (str(field.waiting), TEXT), wait]
