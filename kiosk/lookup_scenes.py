"""The dossier lookup's screens: how to look it up (scan the receipt, or type), the on-screen keypad, and the
dossier's status with the steps so far.

Only the service's public view is shown (status, dates, steps): it holds no name, ID number or phone to show.
Wording in kiosk/copy.py, places in kiosk/style.py; every scene goes home by itself after its idle timeout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pygame

from devicekit.ui import Button, Fonts, grid
from kiosk import style
from kiosk.copy import COPY, pair
from kiosk.scenes import Timed
from kiosk.style import Typography, draw_pair

CODE_KEYS = "123456789.0-"  # a dossier code: the agency id, the day and the number (000.00.00.H00-261116-0001)
DIGIT_KEYS = "123456789 0 "  # the last 4 ID digits; a blank leaves its cell empty
ROW = 72  # a line of body text
BIG = 100  # the status line


class LookupStart(Timed):
    """With a camera: hold the receipt's QR code up to it (the camera reads it on this screen and on home), or type
    the code."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], typography: Typography, on_home: Callable[[], None],
                 timeout_s: float, on_type: Callable[[], None]) -> None:
        super().__init__(fonts, size, typography, on_home, timeout_s, label="back")
        self.hint, typed, back = style.lookup_start_rects(size)
        self.buttons = [Button(typed, COPY["lookup_type"], on_tap=on_type, style=typography.button((64, 36))),
                        *self._bottom(back)]

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        draw_pair(self.fonts, surface, COPY["lookup"], style.title_area(self.size), self.type.px(72))
        draw_pair(self.fonts, surface, COPY["lookup_scan"], self.hint, self.type.px(60))
        for button in self.buttons:
            button.draw(surface, self.fonts)


class Entry(Timed):
    """A large on-screen keypad: the dossier code (digits, '.', '-'; the centre's prefix already typed) or the last
    4 ID digits. Continue is enabled once the text is complete."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], typography: Typography, timeout_s: float, *,
                 prompt: tuple[str, str], keys: str, length: int, exact: bool = False,
                 on_back: Callable[[], None], on_done: Callable[[str], None]) -> None:
        super().__init__(fonts, size, typography, on_back, timeout_s, label="back")
        self.prompt, self.keys, self.length, self.exact = prompt, keys, length, exact
        self.on_done = on_done
        self.text = ""

    def start(self, text: str = "") -> "Entry":
        self.text = text
        self._layout()
        return self

    @property
    def complete(self) -> bool:
        return len(self.text) == self.length if self.exact else bool(self.text)

    def _type(self, key: str) -> None:
        if len(self.text) < self.length:
            self.text += key
            self._layout()

    def _delete(self) -> None:
        self.text = self.text[:-1]
        self._layout()

    def _layout(self) -> None:
        _prompt, _typed, area, back, go = style.keypad_rects(self.size)
        cells = grid(area, 15, 3, gap=style.GAP)  # four rows of keys, then Delete across the fifth
        key_style = self.type.button((72,))
        self.buttons = [Button(cell, (key,), on_tap=lambda k=key: self._type(k), style=key_style, slop=style.GAP // 2)
                        for cell, key in zip(cells, self.keys) if key != " "]
        delete = cells[12].union(cells[14])
        self.buttons.append(Button(delete, COPY["delete"], on_tap=self._delete, enabled=bool(self.text),
                                   style=self.type.button((style.BODY + 8, style.SECOND), primary=False)))
        self.buttons += self._bottom(back)
        self.buttons.append(Button(go, COPY["continue"], on_tap=lambda: self.on_done(self.text),
                                   enabled=self.complete, style=Typography().button((style.BODY + 4, style.SECOND))))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        prompt, typed, *_ = style.keypad_rects(self.size)
        draw_pair(self.fonts, surface, self.prompt, prompt, self.type.px(60))
        pygame.draw.rect(surface, style.FILL_TEXT, typed, border_radius=12)
        pygame.draw.rect(surface, style.INK, typed, width=4, border_radius=12)
        shown = self.text + ("_" if len(self.text) < self.length else "")
        self.fonts.draw_box(surface, shown, typed.inflate(-32, -16), 80, style.INK, bold=True, min_size=style.BODY)
        for button in self.buttons:
            button.draw(surface, self.fonts)


def when(iso: str | None) -> str:
    """'2026-11-19T09:00+07:00' → '19/11/2026 09:00' (the centre's local time, as the service sent it)."""
    return f"{dt.datetime.fromisoformat(iso):%d/%m/%Y %H:%M}" if iso else "–"


class DossierStatus(Timed):
    """The dossier's public view: code, procedure, status (large), the due date, and the steps so far, in Vietnamese
    or, on a tap, in English."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], typography: Typography, on_home: Callable[[], None],
                 timeout_s: float) -> None:
        super().__init__(fonts, size, typography, on_home, timeout_s)
        self.view: dict = {}
        self.english = False

    def show(self, view: dict) -> "DossierStatus":
        self.view, self.english = view, False
        self._layout()
        return self

    def _toggle(self) -> None:
        self.english = not self.english
        self._layout()

    def _layout(self) -> None:
        language, home = grid(style.bottom_button(self.size), 2, 2, gap=style.GAP)
        secondary = Typography().button((style.BODY + 4, style.SECOND), primary=False)
        self.buttons = [Button(language, COPY["in_vietnamese" if self.english else "in_english"], on_tap=self._toggle,
                               style=secondary), *self._bottom(home)]

    def facts(self) -> list[tuple[str, int, bool, tuple]]:
        """(text, size, bold, colour) of each line about the dossier, in the language shown."""
        i, view = int(self.english), self.view
        procedure = view.get("procedure") or {}
        lines = [(pair("dossier_code", code=view.get("code", ""))[i], style.BODY, False, style.MUTED),
                 (procedure.get("name_en" if self.english else "name_vi") or procedure.get("name_vi", ""),
                  style.BODY, True, style.INK),
                 ((view.get("status") or {}).get("en" if self.english else "vi", ""), 72, True, style.INK),
                 (pair("due", date=when(view.get("due_at")))[i], style.BODY, False, style.INK)]
        if view.get("overdue"):
            lines.append((COPY["overdue"][i], style.BODY, True, style.ALERT))
        elif view.get("rescheduled"):
            lines.append((COPY["rescheduled"][i], style.BODY, False, style.INK))
        return lines

    def steps(self) -> list[tuple[str, str]]:
        """Every step so far, oldest first: ('16/11/2026', 'Được tiếp nhận')."""
        key = "en" if self.english else "vi"
        return [(when(step.get("at"))[:10], (step.get("status") or {}).get(key, ""))
                for step in self.view.get("timeline", [])]

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        draw_pair(self.fonts, surface, COPY["lookup"], style.title_area(self.size), self.type.px(60))
        facts_area, steps_area = style.status_columns(self.size)
        y = facts_area.y
        for text, size, bold, colour in self.facts():  # each on up to two lines (a procedure's name, a long code)
            block = self.fonts.fit(text, facts_area.width, self.type.px(size), min_size=style.BODY, bold=bold,
                                   max_height=2 * self.type.px(BIG if size > style.BODY else ROW))
            self.fonts.draw(surface, block, pygame.Rect(facts_area.x, y, facts_area.width, block.height), colour,
                            align="left")
            y += block.height + 8
        top = y + style.GAP if steps_area.x == facts_area.x else steps_area.y  # portrait: under the facts
        self._draw_steps(surface, pygame.Rect(steps_area.x, top, steps_area.width, steps_area.bottom - top))
        for button in self.buttons:
            button.draw(surface, self.fonts)

    def _draw_steps(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        """The heading, then a date and a status per step: the latest that fit when not all do."""
        size = self.type.px(style.BODY)
        heading = self.fonts.fit(COPY["steps"][int(self.english)], area.width, size, bold=True, min_size=style.BODY)
        self.fonts.draw(surface, heading, pygame.Rect(area.x, area.y, area.width, heading.height), style.INK,
                        align="left")
        date_width = self.fonts.width("00/00/0000", size) + style.GAP
        rows = []
        room = area.height - heading.height
        for date, status in reversed(self.steps()):
            block = self.fonts.fit(status, area.width - date_width, size, min_size=style.BODY,
                                   max_height=2 * self.type.px(ROW))
            if block.height > room:
                break
            rows.insert(0, (date, block))
            room -= block.height
        y = area.y + heading.height
        for date, block in rows:
            self.fonts.draw_line(surface, date, (area.x, y), size, style.MUTED)
            self.fonts.draw(surface, block, pygame.Rect(area.x + date_width, y, area.width - date_width,
                                                        block.height), style.INK, align="left")
            y += block.height
