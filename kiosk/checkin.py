"""The check-in scene: "Đã đặt lịch hẹn?" — hold the booking's QR code to the camera, or type its code on a large
keyboard of the code's own symbols (no 0/O, 1/I/L to confuse); OK asks the service for the booking's ticket."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from devicekit.ui import Button
from kiosk import style
from kiosk.copy import COPY
from kiosk.scenes import Timed
from kiosk.style import Typography, draw_pair
from wire.booking import ALPHABET, CODE_LENGTH

KEY_SIZE = 64


class CheckIn(Timed):
    """Typed symbols show in the box under the question; OK is enabled once the code has all its symbols."""

    def __init__(self, fonts, size, typography: Typography, on_home: Callable[[], None], timeout_s: float,
                 on_code: Callable[[str], None]) -> None:
        super().__init__(fonts, size, typography, on_home, timeout_s, label="back")
        self.on_code = on_code
        self.typed = ""
        self._layout()

    def ask(self) -> "CheckIn":
        self.typed = ""
        self._layout()
        return self

    def _type(self, symbol: str) -> None:
        if len(self.typed) < CODE_LENGTH:
            self.typed += symbol
        self._layout()

    def _delete(self) -> None:
        self.typed = self.typed[:-1]
        self._layout()

    def _ok(self) -> None:
        if len(self.typed) == CODE_LENGTH:
            self.on_code(self.typed)

    def _layout(self) -> None:
        self.code_box, keys, (back, delete, ok) = style.keyboard_rects(self.size, len(ALPHABET))
        key_style = Typography().button((KEY_SIZE,))
        self.buttons = [Button(rect, (symbol,), on_tap=lambda s=symbol: self._type(s), style=key_style)
                        for rect, symbol in zip(keys, ALPHABET)]
        self.buttons += self._bottom(back)
        self.buttons.append(Button(delete, COPY["delete"], on_tap=self._delete,
                                   style=Typography().button((style.BODY + 4, style.SECOND), primary=False)))
        self.buttons.append(Button(ok, COPY["checkin_ok"], on_tap=self._ok, enabled=len(self.typed) == CODE_LENGTH,
                                   style=Typography().button((style.BODY + 8, style.SECOND))))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        draw_pair(self.fonts, surface, COPY["checkin_question"], style.title_area(self.size), self.type.px(60))
        pygame.draw.rect(surface, (255, 255, 255), self.code_box, border_radius=12)
        pygame.draw.rect(surface, style.INK, self.code_box, width=3, border_radius=12)
        shown = " ".join(self.typed.ljust(CODE_LENGTH, "_"))
        self.fonts.draw_box(surface, shown, self.code_box.inflate(-24, -16), 96, style.INK, bold=True, min_size=64)
        for button in self.buttons:
            button.draw(surface, self.fonts)
