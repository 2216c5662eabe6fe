"""The kiosk agent: the centre's fields from the retained board as large buttons; a touch asks the service for a
ticket (`ticket.issue`), prints the slip the service sends on the kiosk's own printer, and shows the number.

This is the minimal body the whole-centre test needs; priority groups, bookings, dossier lookup, SMS and voiding
an unprinted number belong to the kiosk issue."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from pydantic import BaseModel, ConfigDict, Field

from devicekit.agent.base import Offline
from devicekit.agent.config import Role
from devicekit.agent.printer import PrintFailed
from devicekit.agent.screen import ScreenAgent, ScreenAgentConfig
from devicekit.mqtt.requests import RequestError
from kiosk.scenes import COPY, Home, Issued, Notice, Printing
from wire.queue_messages import Board, TicketIssueReply

log = logging.getLogger(__name__)


class KioskSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fields: list[str] = Field(default_factory=list, description="field codes offered here, in this order; empty: "
                              "every field of the centre, in the board's order")


class KioskAgentConfig(ScreenAgentConfig):
    kiosk: KioskSettings = Field(default_factory=KioskSettings, description="what this kiosk offers")


class KioskAgent(ScreenAgent):
    kind = "kiosk"
    roles = {"printer": Role("printer", "the ticket printer", required=True)}
    config_model = KioskAgentConfig

    def home(self) -> Home:
        self._home = Home(self.fonts, self.config.screen.size, self._take)
        return self._home

    def build(self) -> None:
        super().build()
        size = self.config.screen.size
        self._printing = Printing(self.fonts)
        self._issued = Issued(self.fonts, size, self.stage.go_home)
        self._notice = Notice(self.fonts, size, self.stage.go_home)
        self.tickets = self.printer("printer")
        # One ticket at a time: the request and the print run here, never on the UI thread.
        self._work = ThreadPoolExecutor(1, thread_name_prefix=f"tickets-{self.config.device}")
        self.follow(self.session.topics.board(), Board, self._board)

    def stop(self) -> None:
        super().stop()
        if hasattr(self, "_work"):
            self._work.shutdown(wait=False, cancel_futures=True)

    # ---- shared state
    def _board(self, board: Board, _retained: bool) -> None:
        fields = board.only(self.config.kiosk.fields)
        self.on_ui(lambda: self._home.set_fields(fields))

    def on_online(self, online: bool) -> None:
        self.on_ui(lambda: self._home.set_online(online))

    # ---- a citizen takes a number
    def _take(self, field: str) -> None:
        """On the UI thread, from a field button: show that it is printing, then ask and print off the UI thread."""
        self.stage.show(self._printing)
        self._work.submit(self._issue, field)

    def _issue(self, field: str) -> None:
        try:
            reply: TicketIssueReply = self.act("ticket.issue", {"field": field})
        except Offline as exc:
            log.warning("%s: no ticket for %s: %s", self.config.device, field, exc)
            self._tell(*COPY["reconnecting"])
            return
        except RequestError as exc:
            log.info("%s: ticket for %s refused: %s", self.config.device, field, exc)
            self._tell(COPY["refused"][0].format(reason=exc.message), COPY["refused"][1])
            return
        except Exception:
            log.exception("%s: ticket for %s failed", self.config.device, field)
            self._tell(*COPY["reconnecting"])
            return
        ticket = reply.ticket
        try:
            self.tickets.print(reply.document)
        except PrintFailed as exc:
            # The citizen still learns the number, and where to go; voiding or reprinting it is the kiosk issue's.
            log.error("%s: ticket %s issued but not printed: %s", self.config.device, ticket.number, exc)
            vi, en = COPY["paper_out"]
            number_vi, number_en = (line.format(number=ticket.number) for line in COPY["not_printed"])
            self._tell(f"{number_vi}\n{vi}", f"{number_en}\n{en}")
            return
        log.info("%s: ticket %s printed for %s", self.config.device, ticket.number, field)

        def show() -> None:
            self._issued.ticket = ticket
            self.stage.show(self._issued)
        self.on_ui(show)

    def _tell(self, vi: str, en: str) -> None:
        self.on_ui(lambda: self.stage.show(self._notice.say(vi, en)))
