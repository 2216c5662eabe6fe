"""Dossier lookup at the kiosk: the receipt's QR code read by the camera, or the dossier code and the last 4 digits of
the ID number typed on the keypad, asked of the service as `dossier.track`. The service applies the public page's
tracking rules and rate limit and answers the dossier's public view (no personal data), or a refusal that does not
tell a wrong code from wrong digits; the kiosk shows either in plain words and goes home by itself."""

from __future__ import annotations

import logging
from collections.abc import Callable

from devicekit.agent.base import Offline
from devicekit.mqtt.requests import RequestError
from devicekit.ui import Fonts, Scene
from kiosk.copy import COPY
from kiosk.lookup_scenes import CODE_KEYS, DIGIT_KEYS, DossierStatus, Entry, LookupStart
from kiosk.scenes import Printing
from kiosk.style import Typography
from wire.dossier_link import read_tracking_url
from wire.queue_messages import DossierTrackReply

log = logging.getLogger(__name__)

REFUSALS = {"dossier_lookup_failed": "not_found", "lookup_needs_secret": "not_found", "rate_limited": "too_many"}
CODE_LENGTH = 64  # wire.queue_messages.DossierTrackRequest.code


class DossierLookup:
    """The lookup's scenes and its one request. `ask(verb, fields)` is the agent's `act` (raises Offline or
    RequestError); `show` runs on the UI thread, `tell` (a notice) from any; `submit` runs work off the UI thread and
    `on_ui` gets back to it."""

    def __init__(self, fonts: Fonts, size: tuple[int, int], typography: Typography, *, camera: bool, prefix: str,
                 idle_s: float, status_s: float, ask: Callable, show: Callable[[Scene], None],
                 tell: Callable[[str, str], None], submit: Callable, on_ui: Callable, go_home: Callable[[], None]):
        self.camera, self.prefix = camera, prefix
        self.ask, self.show, self.tell, self.submit, self.on_ui = ask, show, tell, submit, on_ui
        self.start = LookupStart(fonts, size, typography, go_home, idle_s, self._type_code)
        self.code = Entry(fonts, size, typography, idle_s, prompt=COPY["lookup_code"], keys=CODE_KEYS,
                          length=CODE_LENGTH, on_back=self.open if camera else go_home, on_done=self._typed_code)
        self.digits = Entry(fonts, size, typography, idle_s, prompt=COPY["lookup_digits"], keys=DIGIT_KEYS, length=4,
                            exact=True, on_back=self._back_to_code, on_done=self._typed_digits)
        self.searching = Printing(fonts, typography, COPY["searching"])
        self.status = DossierStatus(fonts, size, typography, go_home, status_s)
        self._typed = ""

    # ---- UI thread
    def open(self) -> None:
        """"Tra cứu hồ sơ" touched: scan or type with a camera, otherwise the keypad at once."""
        self.show(self.start) if self.camera else self._type_code()

    def _type_code(self) -> None:
        self.show(self.code.start(self.prefix))

    def _back_to_code(self) -> None:
        self.show(self.code.start(self._typed))

    def _typed_code(self, code: str) -> None:
        self._typed = code
        self.show(self.digits.start())

    def _typed_digits(self, digits: str) -> None:
        self._track({"code": self._typed, "id_last4": digits})

    def scanned(self, text: str, scene: Scene, home: Scene) -> bool:
        """A code the camera read while `scene` is shown: a dossier receipt's QR on home or on the lookup screen is
        looked up; anything else is not ours (False)."""
        found = read_tracking_url(text)
        if found is None or scene not in (home, self.start):
            return False
        code, token = found
        self._track({"code": code, "token": token})
        return True

    def _track(self, fields: dict) -> None:
        self.show(self.searching)
        self.submit(self._request, fields)

    # ---- off the UI thread
    def _request(self, fields: dict) -> None:
        try:
            reply: DossierTrackReply = self.ask("dossier.track", fields)
        except Offline as exc:
            log.warning("dossier lookup: offline: %s", exc)
            return self.tell(*COPY["reconnecting"])
        except RequestError as exc:
            log.info("dossier lookup refused: %s", exc.code)
            return self.tell(*COPY[REFUSALS.get(exc.code, "lookup_failed")])
        except Exception:
            log.exception("dossier lookup failed")
            return self.tell(*COPY["lookup_failed"])
        self.on_ui(lambda: self.show(self.status.show(reply.dossier)))
