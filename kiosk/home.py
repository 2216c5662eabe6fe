"""The kiosk's home screen: the centre's fields as large buttons, a page at a time, with what stops the kiosk (the
broker or the service away, no paper in any printer) said in a red band before anyone touches a field, and a row of
secondary actions (look up a dossier, check in a booking) along the bottom."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import pygame

from devicekit.ui import Button, Fonts
from kiosk import style
from kiosk.copy import COPY, pair
from kiosk.scenes import Still
from kiosk.style import Typography
from wire.queue_messages import BoardField
from wire.ticket import duration

FIELD_SIZES = (56, style.BODY, 34)  # name (bold), waiting, the English line


def field_lines(field: BoardField) -> tuple[str, str, str]:
    """A field's button: its name, what waiting there means now, and its English name (the figures are the same in
    both languages; a third English line would not fit a landscape button at body size)."""
    if field.counters_open == 0:
        vi, en = COPY["no_counter"]
    else:
        vi, en = pair("waiting", n=field.waiting)
        if field.estimated_wait_min:  # nothing to say about a wait of zero minutes
            wait_vi, wait_en = pair("wait", vi=duration(field.estimated_wait_min, "vi"),
                                    en=duration(field.estimated_wait_min, "en"))
            vi, en = f"{vi} · {wait_vi}", f"{en} · {wait_en}"
    return field.name or field.field, vi, field.name_en or en


class Action(NamedTuple):
    """A secondary action on the home screen: what its button says, what it does, and whether it ends in a printed
    slip (a booking's check-in does; a dossier lookup does not), so that paper out greys it out with the fields."""

    key: str  # in kiosk.copy.COPY
    run: Callable[[], None]
    prints: bool = False


class Home(Still):
    """Title, a hint or a red band, a page of field buttons, the secondary actions (`Action`), and the footer (large
    type, pages)."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], typography: Typography,
                 on_field: Callable[[str], None], actions: Sequence[Action] = ()) -> None:
        self.fonts = fonts
        self.size = size
        self.type = typography
        self.on_field = on_field
        self.actions = list(actions)
        self.fields: list[BoardField] = []
        self.online = False
        self.printable = True
        self.page = 0
        self.buttons: list[Button] = []
        self.secret = None  # kiosk.gesture.CornerTaps: the hidden way to the admin menu, when the kiosk has one

    def tap(self, pos: tuple[int, int]) -> bool:
        if self.secret is not None and self.secret.tap(pos):
            return True
        return super().tap(pos)

    # ---- what the agent tells it
    def set_fields(self, fields: list[BoardField]) -> None:
        self.fields = fields
        self._layout()

    def set_online(self, online: bool) -> None:
        self.online = online
        self._layout()

    def set_printable(self, printable: bool) -> None:
        self.printable = printable
        self._layout()

    def reset(self) -> None:
        """For the next citizen: the first page, normal type."""
        self.page, self.type.large = 0, False
        self._layout()

    @property
    def blocked(self) -> tuple[str, str] | None:
        """Why no number can be taken now, before anyone touches a field."""
        if not self.online or not self.fields:
            return COPY["reconnecting"]
        if not self.printable:
            return COPY["paper_out"]
        return None

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.fields) // style.page_size(self.size, self.type.large)))

    def visible(self) -> list[BoardField]:
        per_page = style.page_size(self.size, self.type.large)
        self.page = min(self.page, self.pages - 1)
        return self.fields[self.page * per_page:(self.page + 1) * per_page]

    # ---- layout
    def _layout(self) -> None:
        self.changed()
        shown = self.visible()
        enabled = self.blocked is None
        field_style = self.type.button(FIELD_SIZES)
        self.buttons = [Button(rect, field_lines(f), on_tap=lambda code=f.field: self.on_field(code),
                               enabled=enabled, slop=style.GAP // 2, style=field_style)
                        for rect, f in zip(style.field_rects(self.size, len(shown), self.type.large), shown)]
        footer_style = Typography().button((style.BODY, style.SECOND), primary=False)  # the same in large type: it fits
        self.buttons += [Button(rect, COPY[action.key], on_tap=action.run, style=footer_style,
                                enabled=self.online and (self.printable or not action.prints))
                         for rect, action in zip(style.action_rects(self.size, len(self.actions)), self.actions)]
        large, previous, following = style.footer_buttons(self.size)
        self.buttons.append(Button(large, COPY["normal_type" if self.type.large else "large_type"],
                                   on_tap=self._toggle_type, style=footer_style))
        if self.page > 0:
            self.buttons.append(Button(previous, COPY["previous_page"], on_tap=lambda: self._turn(-1),
                                       style=footer_style))
        if self.page < self.pages - 1:
            self.buttons.append(Button(following, COPY["next_page"], on_tap=lambda: self._turn(1), style=footer_style))

    def _toggle_type(self) -> None:
        self.type.large = not self.type.large
        self._layout()

    def _turn(self, step: int) -> None:
        self.page = max(0, min(self.pages - 1, self.page + step))
        self._layout()

    def paint(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        middle = surface.get_width() // 2
        title, title_en = COPY["title"]
        self.fonts.draw_line(surface, title, (middle, 16), 84, style.INK, bold=True, align="center")
        self.fonts.draw_line(surface, title_en, (middle, 122), 36, style.MUTED, align="center")
        band = style.header_band(surface.get_size())
        blocked = self.blocked
        vi, en = blocked or COPY["hint"]
        ink, muted = style.INK, style.MUTED
        if blocked:
            pygame.draw.rect(surface, style.ALERT, band, border_radius=12)
            ink = muted = style.FILL_TEXT
        style.draw_pair(self.fonts, surface, (vi, en), band.inflate(-32, -16), self.type.px(style.BODY + 4), ink,
                        muted)
        for button in self.buttons:
            button.draw(surface, self.fonts)
