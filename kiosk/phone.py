"""The "your turn is near" SMS, offered after a number is printed: the citizen may type a mobile number (optional;
Skip is one big touch, and the consent line says what the number is for and that it is deleted at the end of the
day), sent to the service as `ticket.sms`. Then the usual confirmation of the number, with the phone shown masked.

The keypad is the dossier lookup's (kiosk/lookup_scenes.py Entry): digits only, OK enabled once the number is a
Vietnamese mobile number (wire.sms.is_phone)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pygame

from devicekit.agent.base import Offline
from devicekit.mqtt.requests import RequestError
from devicekit.ui import Button, Fonts, Scene, grid
from kiosk import style
from kiosk.copy import COPY, pair
from kiosk.lookup_scenes import DIGIT_KEYS, Entry
from kiosk.scenes import Issued, Printing
from kiosk.style import Typography, draw_pair
from wire.sms import PHONE_LENGTH, is_phone
from wire.ticket import IssuedTicket

log = logging.getLogger(__name__)


def grouped(digits: str) -> str:
    """0912345678 → 0912 345 678, as people read a number back."""
    return " ".join(part for part in (digits[:4], digits[4:7], digits[7:]) if part)


class PhoneEntry(Entry):
    """The offer, the consent line, the number typed so far, the digit keys; Skip and OK across the bottom."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], typography: Typography, timeout_s: float, *,
                 on_skip: Callable[[], None], on_done: Callable[[str], None]) -> None:
        super().__init__(fonts, size, typography, timeout_s, prompt=COPY["sms_offer"], keys=DIGIT_KEYS,
                         length=PHONE_LENGTH, exact=True, on_back=on_skip, on_done=on_done)

    @property
    def complete(self) -> bool:
        return is_phone(self.text)

    def _layout(self) -> None:
        *_words, area, skip, ok = style.phone_rects(self.size)
        cells = grid(area, 15, 3, gap=style.GAP)  # four rows of keys, then Delete across the fifth
        key_style = self.type.button((72,))
        self.buttons = [Button(cell, (key,), on_tap=lambda k=key: self._type(k), style=key_style, slop=style.GAP // 2)
                        for cell, key in zip(cells, self.keys) if key != " "]
        self.buttons.append(Button(cells[12].union(cells[14]), COPY["delete"], on_tap=self._delete,
                                   enabled=bool(self.text),
                                   style=self.type.button((style.BODY + 8, style.SECOND), primary=False)))
        self.buttons.append(Button(skip, COPY["sms_skip"], on_tap=self.on_home,
                                   style=Typography().button((style.BODY + 12, style.SECOND), primary=False)))
        self.buttons.append(Button(ok, COPY["sms_ok"], on_tap=lambda: self.on_done(self.text), enabled=self.complete,
                                   style=Typography().button((style.BODY + 4, style.SECOND))))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(style.BACKGROUND)
        title, consent, typed, *_ = style.phone_rects(self.size)
        draw_pair(self.fonts, surface, COPY["sms_offer"], title, self.type.px(60))
        draw_pair(self.fonts, surface, COPY["sms_consent"], consent, self.type.px(style.BODY), bold=False)
        pygame.draw.rect(surface, style.FILL_TEXT, typed, border_radius=12)
        pygame.draw.rect(surface, style.INK, typed, width=4, border_radius=12)
        shown = grouped(self.text) + ("_" if len(self.text) < self.length else "")
        self.fonts.draw_box(surface, shown, typed.inflate(-32, -16), 80, style.INK, bold=True, min_size=style.BODY)
        for button in self.buttons:
            button.draw(surface, self.fonts)


class SmsOffer:
    """The offer's scene and its one request. `ask` is the agent's `act`; `show` runs on the UI thread; `submit`
    runs work off it and `on_ui` gets back to it. Whatever happens, the citizen ends on the number's confirmation."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], typography: Typography, *, idle_s: float,
                 issued: Issued, ask: Callable, show: Callable[[Scene], None], submit: Callable, on_ui: Callable):
        self.issued, self.ask, self.show, self.submit, self.on_ui = issued, ask, show, submit, on_ui
        self.scene = PhoneEntry(fonts, size, typography, idle_s, on_skip=self._skip, on_done=self._typed)
        self.saving = Printing(fonts, typography, COPY["sms_saving"])
        self.ticket: IssuedTicket | None = None

    # ---- UI thread
    def open(self, ticket: IssuedTicket) -> Scene:
        self.ticket = ticket
        self.issued.note = None
        return self.scene.start()

    def _skip(self) -> None:
        self.show(self.issued)

    def _typed(self, phone: str) -> None:
        ticket = self.ticket
        self.scene.start()  # the number leaves the screen at once (the mirror shows screens to IT staff)
        self.show(self.saving)
        self.submit(self._request, ticket, phone)

    # ---- off the UI thread
    def _request(self, ticket: IssuedTicket, phone: str) -> None:
        try:
            reply = self.ask("ticket.sms", {"ticket_id": ticket.id, "phone": phone})
            note = pair("sms_to", masked=reply.masked, n=reply.ahead)
        except (Offline, RequestError) as exc:
            log.warning("ticket %s: near-turn SMS not set up: %s", ticket.number, exc)
            note = COPY["sms_failed"]
        except Exception:
            log.exception("ticket %s: near-turn SMS failed", ticket.number)
            note = COPY["sms_failed"]

        def confirm() -> None:
            self.issued.note = note
            self.show(self.issued)
        self.on_ui(confirm)
