"""The kiosk's screens after a field is touched: the priority question, printing, the number, and a notice.

Wording in kiosk/copy.py, look and places in kiosk/style.py. Everything here runs on the UI thread; the agent reaches
these scenes through `on_ui`. Every scene that waits for a citizen goes home by itself after its idle timeout."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from devicekit.ui import Button, Fonts, Scene
from kiosk import style
from kiosk.copy import COPY, pair
from kiosk.style import Typography, draw_pair
from wire.queue_messages import BoardPriorityGroup
from wire.ticket import IssuedTicket, duration

GROUP_SIZES = (54, style.BODY, style.SECOND)  # name (bold), who belongs, the English line


class Still(Scene):
    """A scene that looks the same until its state changes: painted once into a picture, then copied each frame.
    Copying 1080×1920 pixels takes about a millisecond, painting the home screen's text 10–20 ms; at 60 fps that
    would be most of the time Python gives the ticket thread between frames (one thread runs Python at a time).
    The picture costs 8 MB at 1080×1920: only home, shown nearly all day, keeps one. Whatever changes the scene
    calls `changed()`."""

    _picture: pygame.Surface | None = None

    def changed(self) -> None:
        self._picture = None

    def paint(self, surface: pygame.Surface) -> None:
        """Paints the whole logical surface (what `draw` would)."""

    def draw(self, surface: pygame.Surface) -> None:
        if self._picture is None or self._picture.get_size() != surface.get_size():
            self._picture = surface.copy()  # the screen's own pixel format: copied back without conversion
            self.paint(self._picture)
        surface.blit(self._picture, (0, 0))


class Timed(Scene):
    """A scene with one button across the bottom (Home or Back) that also goes home by itself."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], typography: Typography, on_home: Callable[[], None],
                 timeout_s: float, label: str = "home") -> None:
        self.fonts, self.size, self.type = fonts, size, typography
        self.idle_timeout_s = timeout_s
        self.on_home = on_home
        self.label = label
        self.buttons = self._bottom(style.bottom_button(size))

    def _bottom(self, rect: pygame.Rect) -> list[Button]:
        return [Button(rect, COPY[self.label], on_tap=self.on_home,
                       style=Typography().button((style.BODY + 4, style.SECOND), primary=False))]


class Priority(Timed):
    """"Ông/Bà có thuộc đối tượng ưu tiên không?": "No priority" first and biggest, then the centre's groups, each
    with one plain line saying who belongs; a choice takes the number."""

    def __init__(self, fonts, size, typography, on_home, timeout_s,
                 on_choice: Callable[[str, str | None], None]) -> None:
        super().__init__(fonts, size, typography, on_home, timeout_s, label="back")
        self.on_choice = on_choice
        self.field = ""
        self.groups: list[BoardPriorityGroup] = []

    def ask(self, field: str, groups: list[BoardPriorityGroup]) -> "Priority":
        self.field, self.groups = field, groups
        rects, back = style.priority_rects(self.size, len(groups))
        none = Button(rects[0], COPY["no_priority"], on_tap=lambda: self.on_choice(self.field, None),
                      style=self.type.button((64, 36)))
        chosen = [Button(rect, (g.name, g.hint, g.name_en or g.hint_en),
                         on_tap=lambda code=g.code: self.on_choice(self.field, code),
                         style=self.type.button(GROUP_SIZES)) for rect, g in zip(rects[1:], groups)]
        self.buttons = [none, *chosen, *self._bottom(back)]
        return self

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        draw_pair(self.fonts, surface, COPY["priority_question"], style.title_area(self.size), self.type.px(60))
        for button in self.buttons:
            button.draw(surface, self.fonts)


class Printing(Scene):
    """While the number is requested and printed (or a dossier looked up): no buttons, so a second tap cannot take a
    second number."""

    idle_timeout_s = 30.0  # the request and the print end long before; never stuck here

    def __init__(self, fonts: Fonts, typography: Typography, text: tuple[str, str] = COPY["printing"]) -> None:
        self.fonts, self.type, self.text = fonts, typography, text

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        box = surface.get_rect().inflate(-2 * style.MARGIN, -surface.get_height() // 2)
        draw_pair(self.fonts, surface, self.text, box, self.type.px(72))


class Issued(Timed):
    """The number just printed, large, with the people ahead and the estimated wait (the same as on the slip), for a
    few seconds."""

    ticket: IssuedTicket | None = None

    def facts(self) -> list[tuple[str, str]]:
        ticket = self.ticket
        lines = [(ticket.field_name_vi, ticket.field_name_en)]
        if ticket.priority_name_vi:
            lines.append(pair("priority", vi=ticket.priority_name_vi, en=ticket.priority_name_en or ""))
        lines.append(pair("ahead", n=ticket.people_ahead))
        if ticket.estimated_wait_min:  # nothing to say about a wait of zero minutes
            lines.append(pair("expected", vi=duration(ticket.estimated_wait_min, "vi"),
                              en=duration(ticket.estimated_wait_min, "en")))
        lines.append(COPY["take"])
        return lines

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        if self.ticket is None:
            return
        width, height = surface.get_size()
        bottom = self.buttons[0].rect.top - style.GAP
        if style.landscape(self.size):  # the number on the left, the facts on the right
            split = width * 2 // 5
            left = pygame.Rect(style.MARGIN, 24, split - style.MARGIN, bottom - 24)
            facts_area = pygame.Rect(split + style.GAP, 24, width - split - style.GAP - style.MARGIN, bottom - 24)
        else:
            left = pygame.Rect(style.MARGIN, 24, width - 2 * style.MARGIN, 580)
            facts_area = pygame.Rect(style.MARGIN, left.bottom, width - 2 * style.MARGIN, bottom - left.bottom)
        draw_pair(self.fonts, surface, COPY["your_number"], pygame.Rect(left.x, left.y, left.width, 150),
                  self.type.px(60))
        number_box = pygame.Rect(left.x, left.y + 170, left.width, min(400, left.height - 170))
        # 260 px in landscape: four digits at 300 px overran the 2/5 column's left margin (their side bearings)
        size = 260 if style.landscape(self.size) else 300
        self.fonts.draw_box(surface, self.ticket.number, number_box, size, style.INK, bold=True, min_size=160)
        facts = self.facts()
        row = facts_area.height // len(facts)
        for i, fact in enumerate(facts):
            draw_pair(self.fonts, surface, fact, pygame.Rect(facts_area.x, facts_area.y + i * row, facts_area.width,
                                                             row - 8), self.type.px(style.BODY))
        for button in self.buttons:
            button.draw(surface, self.fonts)


class Notice(Timed):
    """Something went wrong: what it means for the citizen and what to do, in both languages."""

    text: tuple[str, str] = ("", "")

    def say(self, vi: str, en: str) -> "Notice":
        self.text = (vi, en)
        return self

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        width = surface.get_width()
        box = pygame.Rect(style.MARGIN, 120, width - 2 * style.MARGIN, self.buttons[0].rect.top - 240)
        draw_pair(self.fonts, surface, self.text, box, self.type.px(64))
        for button in self.buttons:
            button.draw(surface, self.fonts)
