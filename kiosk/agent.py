"""The kiosk agent: the centre's fields from the retained board as large buttons; a touch, then the priority
question, asks the service for a ticket (`ticket.issue`), prints the slip the service sends, shows the number and says
it (devicekit.voice, when the kiosk has a pack). "Tra cứu hồ sơ" looks a dossier up (kiosk/lookup.py).

A number counts only when its slip is printed: when no printer of the kiosk can print it (paper out, unplugged, a
driver error), the kiosk reports `ticket.void` and the service voids the number; the citizen is sent to the
information desk. A report, not a request: it waits in the durable outbox through a broker drop and is delivered
once, and the service voids only a waiting ticket this kiosk issued, so a late or repeated void is harmless. A
request whose reply never came is voided by its id: the service issues nothing after the kiosk stopped waiting, and
voids what it issued before."""

from __future__ import annotations

import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from devicekit.agent.base import Offline
from devicekit.agent.config import Role
from devicekit.agent.printer import PrintFailed, PrinterStation
from devicekit.agent.screen import ScreenAgent, ScreenAgentConfig
from devicekit.mqtt.requests import RequestError
from devicekit.voice.announcer import Announcer
from devicekit.voice.script import number_script, number_sentence
from devicekit.voice.settings import VoiceSettings
from kiosk.admin import Admin, AdminSettings
from kiosk.checkin import CheckIn
from kiosk.copy import COPY, pair
from kiosk.dimmed import Dimmed
from kiosk.home import Action, Home
from kiosk.lookup import DossierLookup
from kiosk.phone import SmsOffer
from kiosk.scenes import Issued, Notice, Printing, Priority
from kiosk.style import Typography
from wire.booking import is_booking_code, normalise_code
from wire.codec import new_id
from wire.messages import Part
from wire.queue_messages import Board, BoardPriorityGroup, TicketIssueReply, TicketVoid
from wire.printing import PrintDocument

if TYPE_CHECKING:  # OpenCV and zxing-cpp are loaded only when a camera is bound (devicekit.registry)
    from devicekit.camera import Scan

log = logging.getLogger(__name__)


class KioskSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fields: list[str] = Field(default_factory=list, description="field codes offered here, in this order; empty: "
                              "every field of the centre, in the board's order")
    ask_priority: bool = Field(True, description="after the field, ask whether the citizen is in one of the "
                               "centre's priority groups (elderly, disabled, pregnant, ...)")
    idle_timeout_s: float = Field(30.0, ge=1, le=600, description="seconds without a touch before a screen that "
                                  "waits for a choice goes back home")
    checkin: bool = Field(True, description="offer \"Đã đặt lịch hẹn?\": an online booking's code typed or its QR "
                          "code held to the camera (when one is bound) becomes its ticket")
    sms_offer: bool = Field(False, description="after the number is printed, offer the \"your turn is near\" SMS: "
                            "the citizen may type a mobile number (the centre's `sms:` section must name its SMS agent)")
    confirmation_s: float = Field(8.0, ge=1, le=60, description="seconds the number stays on screen after printing")
    notice_s: float = Field(15.0, ge=1, le=120, description="seconds a notice (printer failed, refused) stays")
    dossier_s: float = Field(45.0, ge=5, le=300, description="seconds a looked-up dossier's status stays on screen "
                             "without a touch")
    dossier_prefix: str = Field("", max_length=40, description="the start of this centre's dossier codes (its agency "
                                "id, e.g. '000.00.00.H00-'), already typed on the keypad, since the keypad has digits, "
                                "'.' and '-' but no letters; empty: the citizen types the whole code")
    dim_brightness: float = Field(0.35, ge=0.05, le=1.0, description="home dims to this share of its brightness "
                                  "after idle_timeout_s without a touch, with 'Chạm để lấy số' in a bright band; a "
                                  "touch, or someone stepping up to the camera, wakes it; 1: never dims")
    locale: Literal["vi", "en"] = Field("vi", description="language printed first on the slips (the admin menu "
                                        "switches it until the next restart)")


class KioskAgentConfig(ScreenAgentConfig):
    kiosk: KioskSettings = Field(default_factory=KioskSettings, description="what this kiosk offers")
    voice: VoiceSettings = Field(default_factory=VoiceSettings, description="the number read aloud after printing: "
                                 "the pack (default <state_dir>/voice), the English line, volume by hour, quiet hours")
    admin: AdminSettings = Field(default_factory=AdminSettings, description="the IT officer's PIN-locked menu: "
                                 "five taps in home's top left corner (printer test, health, reload, slip language)")


class KioskAgent(ScreenAgent):
    kind = "kiosk"
    roles = {"printer": Role("printer", "the ticket printer", required=True),
             "second_printer": Role("printer", "a second ticket printer: prints when the first cannot"),
             "camera": Role("camera", "reads the QR code held up to it: a dossier receipt's (its status) or an online "
                            "booking's (its ticket); without one, codes are typed")}
    config_model = KioskAgentConfig

    def home(self) -> Home:
        self.type = Typography()
        actions = [Action("checkin", self._open_checkin, prints=True)] if self.config.kiosk.checkin else []
        actions.append(Action("lookup", lambda: self.lookup.open()))
        self._home = Home(self.fonts, self.config.screen.size, self.type, self._take, actions=actions)
        self._home.idle_timeout_s = self.config.kiosk.idle_timeout_s  # then the first page in normal type again
        return self._home

    def on_idle(self, scene) -> None:
        self._go_home()
        if scene is self._home and self._dimmed.brightness < 1:  # home untouched for the idle timeout: nobody there
            self.stage.show(self._dimmed)

    def build(self) -> None:
        super().build()
        size, settings = self.config.screen.size, self.config.kiosk
        self.groups: list[BoardPriorityGroup] = []
        # Back keeps the citizen's page and type; the end of a ticket, or nobody touching, resets them (_go_home).
        self._priority = Priority(self.fonts, size, self.type, self.stage.go_home, settings.idle_timeout_s,
                                  self._choose)
        self._printing = Printing(self.fonts, self.type)
        self._issued = Issued(self.fonts, size, self.type, self._go_home, settings.confirmation_s)
        self._notice = Notice(self.fonts, size, self.type, self._go_home, settings.notice_s)
        self.sms = SmsOffer(self.fonts, size, self.type, idle_s=settings.idle_timeout_s, issued=self._issued,
                            ask=self.act, show=self.stage.show, submit=lambda *job: self._work.submit(*job),
                            on_ui=self.on_ui) if settings.sms_offer else None
        self._checkin = CheckIn(self.fonts, size, self.type, self.stage.go_home, settings.idle_timeout_s,
                                self._check_in)
        self.stations = [s for s in (self.printer("printer"), self.printer("second_printer")) if s is not None]
        self._board_seen: Board | None = None
        self._dimmed = Dimmed(self._home, settings.dim_brightness, self._wake)
        self.locale = settings.locale
        self.admin = Admin(self, self.config.admin)
        if self.config.admin.pin_hash:
            self._home.secret = self.admin.gesture
        # One ticket at a time: the request and the print run here, never on the UI thread.
        self._work = ThreadPoolExecutor(1, thread_name_prefix=f"tickets-{self.config.device}")
        self.follow(self.session.topics.board(), Board, self._board)
        camera = self.driver("camera", on_scan=self._scanned, on_presence=self._presence)  # one camera, both jobs
        self.lookup = DossierLookup(self.fonts, size, self.type, camera=camera is not None,
                                    prefix=settings.dossier_prefix, idle_s=settings.idle_timeout_s,
                                    status_s=settings.dossier_s, ask=self.act, show=self.stage.show, tell=self._tell,
                                    submit=self._work.submit, on_ui=self.on_ui, go_home=self._go_home)
        voice, state = self.config.voice, Path(self.config.state_dir)
        self.announcements = state / "announcements.jsonl"
        self.announcer = Announcer(voice, voice.pack or state / "voice", journal=self.announcements,
                                   name=self.config.device).start()

    def stop(self) -> None:
        super().stop()
        if hasattr(self, "_work"):
            self._work.shutdown(wait=False, cancel_futures=True)
        if hasattr(self, "announcer"):
            self.announcer.stop()

    def extra_parts(self) -> dict[str, Part]:
        parts = {"voice": self.announcer.part()} if hasattr(self, "announcer") else {}
        if getattr(self, "admin", None) is not None and self.config.admin.pin_hash:
            parts["admin"] = self.admin.part()
        return parts

    # ---- shared state and hardware
    def _board(self, board: Board, _retained: bool) -> None:
        self._board_seen = board
        fields = board.only(self.config.kiosk.fields)
        self.groups = board.priority_groups if self.config.kiosk.ask_priority else []
        self.on_ui(lambda: self._home.set_fields(fields))

    def on_online(self, online: bool) -> None:
        self.on_ui(lambda: self._home.set_online(online))

    def on_health(self, _parts: dict[str, Part]) -> None:
        printable = self.printable()
        self.on_ui(lambda: self._home.set_printable(printable))

    def _scanned(self, scan: "Scan") -> None:
        """The camera's thread: a code held up to it, handled on the UI thread where the scene shown is known. A
        booking's code on the check-in screen, or on home when a number can be printed, becomes its ticket; a dossier
        receipt's QR on home or on the lookup screen shows its status; anything else is not for this screen."""
        def handle() -> None:
            if self.stage.scene is self._dimmed:  # a code held up also wakes the screen
                self._wake()
            scene = self.stage.scene
            if self.config.kiosk.checkin and is_booking_code(scan.text) and (
                    scene is self._checkin or (scene is self._home and self._home.blocked is None)):
                self._check_in(normalise_code(scan.text))
            elif not self.lookup.scanned(scan.text, scene, self._home):
                log.info("%s: a %s code not for this screen ignored", self.config.device, scan.format)

        self.on_ui(handle)

    def _presence(self, present: bool) -> None:
        """The camera's thread: someone stepped up (or left); a dimmed home wakes for them."""
        if present:
            self.on_ui(lambda: self._wake() if self.stage.scene is self._dimmed else None)

    def _wake(self) -> None:
        self.stage.go_home()

    def printable(self) -> bool:
        """Some printer may print: its last status does not say paper out, offline or unplugged."""
        return any(s.status is None or not s.status.blocks_printing for s in self.stations)

    # ---- a citizen takes a number (UI thread)
    def _go_home(self) -> None:
        self._home.reset()
        self.stage.go_home()

    def _take(self, field: str) -> None:
        if self.groups:
            self.stage.show(self._priority.ask(field, self.groups))
        else:
            self._choose(field, None)

    def _choose(self, field: str, group: str | None) -> None:
        self.stage.show(self._printing)
        self._work.submit(self._issue, "ticket.issue", {"field": field, "priority_group": group}, field)

    # ---- a citizen checks in a booking (UI thread)
    def _open_checkin(self) -> None:
        self.stage.show(self._checkin.ask())

    def _check_in(self, code: str) -> None:
        self.stage.show(self._printing)
        self._work.submit(self._issue, "booking.checkin", {"code": code}, f"booking {code}")

    # ---- off the UI thread
    def _issue(self, verb: str, fields: dict, what: str) -> None:
        """Ask for a ticket (a number for a field, or a booking's), print it, show it; void what was not printed."""
        request_id, sent = new_id(), self.online
        try:
            reply: TicketIssueReply = self.act(verb, {"id": request_id, "locale": self.locale, **fields})
        except Offline as exc:
            log.warning("%s: no ticket for %s: %s", self.config.device, what, exc)
            if sent:  # the request may have issued a number whose reply was lost: it must not wait unprinted
                self.report("ticket.void", TicketVoid(request_id=request_id, reason=f"no reply: {exc}"[:200]))
            return self._tell(*COPY["reconnecting"])
        except RequestError as exc:
            log.info("%s: ticket for %s refused: %s", self.config.device, what, exc)
            if verb == "booking.checkin":  # the service says what to do: come back at a time, take a normal number
                return self._tell(exc.message, exc.message_en or "")
            return self._tell(*pair("refused", reason=exc.message))
        except Exception:
            log.exception("%s: ticket for %s failed", self.config.device, what)
            return self._tell(*COPY["reconnecting"])
        ticket = reply.ticket
        failures = self._print(reply.document)
        if failures is not None:
            # Never silently lost, never issued twice: the service voids the number; the citizen goes to the desk.
            reason = "; ".join(failures)[:200]
            log.error("%s: ticket %s not printed, voiding it: %s", self.config.device, ticket.number, reason)
            self.report("ticket.void", TicketVoid(ticket_id=ticket.id, number=ticket.number, reason=reason))
            return self._tell(*COPY["not_printed"])
        log.info("%s: ticket %s printed for %s", self.config.device, ticket.number, what)
        self._say(ticket.number)

        def show() -> None:
            self._issued.ticket, self._issued.note = ticket, None
            self.stage.show(self.sms.open(ticket) if self.sms else self._issued)  # the SMS offer first, if any
        self.on_ui(show)

    def _print(self, document: PrintDocument) -> list[str] | None:
        """Print on the first printer that can, the ones not known to be blocked first; None once printed,
        otherwise why each failed."""
        failures = []
        for station in sorted(self.stations, key=_blocked):
            try:
                station.print(document)
                return None
            except PrintFailed as exc:
                failures.append(str(exc))
        return failures

    def apply(self, settings: KioskSettings) -> None:
        """The `kiosk` section read again (the admin menu's reload): what takes effect without a restart (UI thread)."""
        self.config = self.config.model_copy(update={"kiosk": settings})
        self.locale = settings.locale
        self._dimmed.brightness = settings.dim_brightness
        self._home.idle_timeout_s = self._priority.idle_timeout_s = settings.idle_timeout_s
        self._checkin.idle_timeout_s = settings.idle_timeout_s
        self._issued.idle_timeout_s, self._notice.idle_timeout_s = settings.confirmation_s, settings.notice_s
        if self._board_seen is not None:
            self._board(self._board_seen, False)

    def _say(self, number: str) -> None:
        """The number read aloud, one character at a time, and logged to announcements.jsonl when it is said."""
        english = self.config.voice.english
        self.announcer.say(number_script(number, english=english), {
            "number": number, "text": number_sentence(number, "vi"), "text_en": number_sentence(number, "en"),
            "ts": dt.datetime.now(dt.timezone.utc).isoformat()})

    def _tell(self, vi: str, en: str) -> None:
        self.on_ui(lambda: self.stage.show(self._notice.say(vi, en)))


def _blocked(station: PrinterStation) -> bool:
    return station.status is not None and station.status.blocks_printing
