"""The IT officer's screens: the PIN pad, the admin menu and the device health page (kiosk/admin.py runs them).

Staff-facing, but held to the citizen screens' rules (Vietnamese first with English, 48 px, 7:1, 20 mm targets):
the officer stands at the same glass. Each goes home by itself after its idle timeout, which also ends the session."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import pygame

from devicekit.ui import Button, grid
from kiosk import style
from kiosk.copy import COPY
from kiosk.scenes import Timed
from kiosk.style import Typography, draw_pair

PIN_KEYS = "123456789 0"  # a blank leaves its cell empty; Delete takes the last cell
MAX_PIN = 8


class PinPad(Timed):
    """Digits typed show as dots; OK is enabled from 4 digits. `message` says what happened (a wrong PIN, locked)."""

    def __init__(self, fonts, size, typography: Typography, on_home: Callable[[], None], timeout_s: float,
                 on_pin: Callable[[str], None]) -> None:
        super().__init__(fonts, size, typography, on_home, timeout_s, label="back")
        self.on_pin = on_pin
        self.pin = ""
        self.message = COPY["admin_pin"]
        self._layout()

    def ask(self, message: tuple[str, str] = COPY["admin_pin"]) -> "PinPad":
        self.pin, self.message = "", message
        self._layout()
        return self

    def _type(self, digit: str) -> None:
        self.pin = (self.pin + digit)[:MAX_PIN]
        self._layout()

    def _delete(self) -> None:
        self.pin = self.pin[:-1]
        self._layout()

    def _ok(self) -> None:
        if len(self.pin) >= 4:
            pin, self.pin = self.pin, ""
            self._layout()
            self.on_pin(pin)

    def _layout(self) -> None:
        self.prompt, self.typed_box, keys, back, go = style.keypad_rects(self.size)
        cells = grid(keys, 12, 3, gap=style.GAP)
        key_style = Typography().button((72,))
        self.buttons = [Button(rect, (key,), on_tap=lambda k=key: self._type(k), style=key_style)
                        for rect, key in zip(cells, PIN_KEYS) if key != " "]
        self.buttons.append(Button(cells[11], COPY["delete"], on_tap=self._delete,
                                   style=Typography().button((style.BODY + 4, style.SECOND), primary=False)))
        self.buttons += self._bottom(back)
        self.buttons.append(Button(go, COPY["ok"], on_tap=self._ok, enabled=len(self.pin) >= 4,
                                   style=Typography().button((style.BODY + 8, style.SECOND))))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        draw_pair(self.fonts, surface, self.message, self.prompt, self.type.px(60))
        pygame.draw.rect(surface, (255, 255, 255), self.typed_box, border_radius=12)
        pygame.draw.rect(surface, style.INK, self.typed_box, width=3, border_radius=12)
        dots = " ".join("●" * len(self.pin)) or " "
        self.fonts.draw_box(surface, dots, self.typed_box.inflate(-24, -16), 80, style.INK, bold=True, min_size=48)
        for button in self.buttons:
            button.draw(surface, self.fonts)


class MenuItem(NamedTuple):
    label: tuple[str, str]
    run: Callable[[], None]


class AdminMenu(Timed):
    """The actions as large buttons under the title and the last action's outcome; Exit across the bottom."""

    def __init__(self, fonts, size, typography: Typography, on_exit: Callable[[], None], timeout_s: float) -> None:
        super().__init__(fonts, size, typography, on_exit, timeout_s, label="admin_exit")
        self.items: list[MenuItem] = []
        self.outcome: tuple[str, str] | None = None

    def show(self, items: Sequence[MenuItem], outcome: tuple[str, str] | None = None) -> "AdminMenu":
        self.items, self.outcome = list(items), outcome
        top = self.outcome_area().bottom + style.GAP
        bottom = style.bottom_button(self.size)
        area = pygame.Rect(style.MARGIN, top, self.size[0] - 2 * style.MARGIN, bottom.top - style.GAP - top)
        columns = 2 if style.landscape(self.size) else 1
        rows = max(1, -(-len(self.items) // columns))
        rects = grid(area, len(self.items), columns, gap=style.GAP,
                     row_height=min(220, (area.height - style.GAP * (rows - 1)) // rows))
        item_style = Typography().button((56, 36))
        self.buttons = [Button(rect, item.label, on_tap=item.run, style=item_style)
                        for rect, item in zip(rects, self.items)] + self._bottom(bottom)
        return self

    def outcome_area(self) -> pygame.Rect:
        title = style.title_area(self.size)
        return pygame.Rect(title.x, title.bottom, title.width, 170)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        draw_pair(self.fonts, surface, COPY["admin_title"], style.title_area(self.size), self.type.px(72))
        if self.outcome:
            draw_pair(self.fonts, surface, self.outcome, self.outcome_area(), self.type.px(style.BODY + 4))
        for button in self.buttons:
            button.draw(surface, self.fonts)


class HealthRow(NamedTuple):
    label: tuple[str, str]
    value: tuple[str, str]
    ok: bool


class HealthPage(Timed):
    """One row per part: what it is, and its state (a fault in the alert colour); Back to the menu."""

    rows: Sequence[HealthRow] = ()

    def __init__(self, fonts, size, typography: Typography, on_back: Callable[[], None], timeout_s: float) -> None:
        super().__init__(fonts, size, typography, on_back, timeout_s, label="back")

    def show(self, rows: Sequence[HealthRow]) -> "HealthPage":
        self.rows = list(rows)
        return self

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        draw_pair(self.fonts, surface, COPY["admin_health"], style.title_area(self.size), self.type.px(72))
        top = style.title_area(self.size).bottom + style.GAP
        bottom = self.buttons[0].rect.top - style.GAP
        height = min(230, (bottom - top) // max(1, len(self.rows)))
        width = surface.get_width() - 2 * style.MARGIN
        label_width = width * 2 // 5
        for i, row in enumerate(self.rows):
            y = top + i * height
            if i:
                pygame.draw.line(surface, style.MUTED, (style.MARGIN, y), (style.MARGIN + width, y), 2)
            draw_pair(self.fonts, surface, row.label, pygame.Rect(style.MARGIN, y + 8, label_width - style.GAP,
                                                                  height - 16), style.BODY + 4)
            colour = style.INK if row.ok else style.ALERT
            draw_pair(self.fonts, surface, row.value, pygame.Rect(style.MARGIN + label_width, y + 8,
                                                                  width - label_width, height - 16), style.BODY + 4,
                      colour, colour if not row.ok else style.MUTED)
        for button in self.buttons:
            button.draw(surface, self.fonts)
