"""The kiosk's screens: home (the centre's fields as large buttons), printing, the issued number, and a notice.

Wording from ../shared/COPY-VI.md (Kiosk), Vietnamese first with the English under it. Everything here runs on the
UI thread; the agent reaches these scenes through `ui.call_soon`."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from devicekit.ui import BACKGROUND, INK, Button, ButtonStyle, Fonts, Scene, grid
from wire.queue_messages import BoardField
from wire.ticket import IssuedTicket, duration

# Every fixed phrase the kiosk shows (Vietnamese, English); the font-coverage test walks these.
COPY: dict[str, tuple[str, str]] = {
    "title": ("Lấy số thứ tự", "Take a number"),
    "hint": ("Vui lòng chọn lĩnh vực cần giải quyết", "Please choose the service you need"),
    "waiting": ("Đang chờ: {n} người", "Waiting: {n}"),
    "wait": ("Dự kiến chờ khoảng {vi}", "About {en}"),
    "no_counter": ("Chưa có quầy mở", "No counter open yet"),
    "printing": ("Đang in phiếu, vui lòng chờ trong giây lát…", "Printing your ticket…"),
    "your_number": ("Số thứ tự của Ông/Bà", "Your number"),
    "ahead": ("Còn {n} người trước Ông/Bà", "{n} people ahead of you"),
    "take": ("Vui lòng nhận phiếu và chờ gọi số", "Please take your ticket and wait to be called"),
    "paper_out": ("Máy in tạm hết giấy. Vui lòng đến Quầy hướng dẫn để được cấp số",
                  "The printer is out of paper. Please go to the information desk"),
    "not_printed": ("Số của Ông/Bà: {number}", "Your number: {number}"),
    "reconnecting": ("Đang kết nối lại… Vui lòng chờ trong giây lát", "Reconnecting…"),
    "refused": ("Chưa lấy được số: {reason}", "No number was issued; please ask the information desk"),
    "home": ("Về trang chính", "Home"),
}

MARGIN = 48
HEADER = 300  # title, its English line and the hint
BANNER = (178, 34, 34)
MUTED = (84, 92, 102)
FIELD_STYLE = ButtonStyle(size=46, sub_size=28)  # four lines (name, English, waiting, its English) in a half-width cell


def field_rects(size: tuple[int, int], count: int) -> list[pygame.Rect]:
    """Where the field buttons are on a screen of `size` (tests tap their centres): two columns on a landscape
    screen, or on a portrait one with many fields (one column of twelve would be too low to read), filling the space
    under the header."""
    width, height = size
    area = pygame.Rect(MARGIN, HEADER, width - 2 * MARGIN, height - HEADER - MARGIN)
    columns = 2 if width > height or count > 6 else 1
    rows = max(1, -(-count // columns))
    row_height = min(260, (area.height - 24 * (rows - 1)) // rows)
    return grid(area, count, columns, row_height=row_height)


def field_lines(field: BoardField) -> tuple[str, ...]:
    """A field's button: its name, its English name, and what waiting there means now, in both languages."""
    if field.counters_open == 0:
        return (field.name or field.field, field.name_en, *COPY["no_counter"])
    vi, en = (line.format(n=field.waiting) for line in COPY["waiting"])
    if field.estimated_wait_min:  # nothing to say about a wait of zero minutes
        vi += " · " + COPY["wait"][0].format(vi=duration(field.estimated_wait_min, "vi"))
        en += " · " + COPY["wait"][1].format(en=duration(field.estimated_wait_min, "en"))
    return field.name or field.field, field.name_en, vi, en


def home_button_rect(size: tuple[int, int]) -> pygame.Rect:
    """The Home button at the bottom of the issued-number and notice screens."""
    width, height = size
    return pygame.Rect(MARGIN, height - 160 - MARGIN, width - 2 * MARGIN, 160)


class Home(Scene):
    """Title, hint and one button per field; until the board arrives, or while offline, it says so."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], on_field: Callable[[str], None]) -> None:
        self.fonts = fonts
        self.size = size
        self.on_field = on_field
        self.fields: list[BoardField] = []
        self.online = False
        self.buttons: list[Button] = []

    def set_fields(self, fields: list[BoardField]) -> None:
        self.fields = fields
        self._layout()

    def set_online(self, online: bool) -> None:
        self.online = online
        self._layout()

    def _layout(self) -> None:
        rects = field_rects(self.size, len(self.fields))
        self.buttons = [Button(rect, field_lines(f), on_tap=lambda code=f.field: self.on_field(code),
                               enabled=self.online, slop=12, style=FIELD_STYLE)
                        for rect, f in zip(rects, self.fields)]

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        middle = surface.get_width() // 2
        title, title_en = COPY["title"]
        self.fonts.draw_line(surface, title, (middle, 24), 84, INK, bold=True, align="center")
        self.fonts.draw_line(surface, title_en, (middle, 136), 36, MUTED, align="center")
        hint = pygame.Rect(MARGIN, 200, surface.get_width() - 2 * MARGIN, 70)
        if self.online and self.fields:
            self.fonts.draw_box(surface, " / ".join(COPY["hint"]), hint, 40, INK, min_size=28)
        else:
            pygame.draw.rect(surface, BANNER, hint, border_radius=12)
            self.fonts.draw_box(surface, " / ".join(COPY["reconnecting"]), hint.inflate(-32, -8), 40,
                                (255, 255, 255), bold=True, min_size=24)
        for button in self.buttons:
            button.draw(surface, self.fonts)


class Printing(Scene):
    """While the number is requested and printed: no buttons, so a second tap cannot take a second number."""

    def __init__(self, fonts: Fonts) -> None:
        self.fonts = fonts

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        box = surface.get_rect().inflate(-2 * MARGIN, -2 * MARGIN)
        self.fonts.draw_box(surface, "\n".join(COPY["printing"]), box, 72, INK, bold=True, min_size=40)


class _WithHome(Scene):
    """A scene that goes home by itself after `idle_timeout_s`, or at once with its Home button."""

    idle_timeout_s = 10.0

    def __init__(self, fonts: Fonts, size: tuple[int, int], on_home: Callable[[], None]) -> None:
        self.fonts = fonts
        self.buttons = [Button(home_button_rect(size), COPY["home"],
                               on_tap=on_home, style=ButtonStyle(size=48, sub_size=30))]


class Issued(_WithHome):
    """The number just printed, large, with the people ahead and the estimated wait (the same as on the slip)."""

    ticket: IssuedTicket | None = None

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        ticket = self.ticket
        if ticket is None:
            return
        width, height = surface.get_size()
        middle = width // 2
        vi, en = COPY["your_number"]
        self.fonts.draw_line(surface, vi, (middle, 40), 64, INK, bold=True, align="center")
        self.fonts.draw_line(surface, en, (middle, 130), 36, MUTED, align="center")
        number_box = pygame.Rect(2 * MARGIN, 200, width - 4 * MARGIN, height // 4)
        self.fonts.draw_box(surface, ticket.number, number_box, 320, INK, bold=True, min_size=160)
        lines = [(ticket.field_name_vi, ticket.field_name_en),
                 tuple(line.format(n=ticket.people_ahead) for line in COPY["ahead"])]
        if ticket.estimated_wait_min:  # nothing to say about a wait of zero minutes
            lines.append((COPY["wait"][0].format(vi=duration(ticket.estimated_wait_min, "vi")),
                          COPY["wait"][1].format(en=duration(ticket.estimated_wait_min, "en"))))
        lines.append(COPY["take"])
        top = number_box.bottom + 40
        for vi, en in lines:  # each fact in Vietnamese, its English under it, smaller
            box = pygame.Rect(MARGIN, top, width - 2 * MARGIN, 76)
            self.fonts.draw_box(surface, vi, box, 52, INK, bold=True, min_size=32)
            self.fonts.draw_box(surface, en, box.move(0, 72).inflate(0, -30), 34, MUTED, min_size=24)
            top += 150
        for button in self.buttons:
            button.draw(surface, self.fonts)


class Notice(_WithHome):
    """Something went wrong: what it means for the citizen and what to do, in both languages."""

    vi: str = ""
    en: str = ""

    def say(self, vi: str, en: str) -> "Notice":
        self.vi, self.en = vi, en
        return self

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        width = surface.get_width()
        box = pygame.Rect(MARGIN, 80, width - 2 * MARGIN, self.buttons[0].rect.top - 160)
        self.fonts.draw_box(surface, f"{self.vi}\n{self.en}", box, 64, INK, bold=True, min_size=32)
        for button in self.buttons:
            button.draw(surface, self.fonts)
