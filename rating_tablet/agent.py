"""The rating tablet at a counter (`motcua rating --config FILE`): rating.open shows the served ticket's question,
a tap on a level (and, at a low level, a reason) answers it once with rating.given, through the durable outbox.

The rating scene shows the clerk's photo when rating.open carries one, else a placeholder. Every scene change runs
on the UI thread; MQTT handlers hand over with on_ui."""

from __future__ import annotations

import logging
import time

from devicekit.agent.screen import ScreenAgent
from devicekit.ui import Scene
from rating_tablet.scenes import Idle, Rate, Reason, Status, Thanks, level_colour
from wire.rating import RatingGiven, RatingLevel, RatingOpen

log = logging.getLogger(__name__)


class RatingTabletAgent(ScreenAgent):
    kind = "rating_tablet"
    roles = {}  # a touch screen only: no serial or USB hardware
    REASON_TIMEOUT_S = 30.0  # a citizen who chose a low level and walked away: the level is sent without a reason

    def capabilities(self) -> list[str]:
        return ["rating", *super().capabilities()]

    def build(self) -> None:
        if self.config.counter is None:
            raise ValueError(f"{self.config.device}: a rating tablet needs `counter:` in its file")
        self.status = Status(counter=self.config.counter)
        # The prompt being asked and the level chosen at it (UI thread only). None once answered or expired:
        # one rating per rating.open, however many taps arrive.
        self._asking: RatingOpen | None = None
        self._chosen: RatingLevel | None = None
        self._deadline = 0.0
        super().build()
        self.commands.register("rating.open", self._rating_open)

    def home(self) -> Scene:
        return Idle(self.fonts, self.config.screen.size, self.status)

    def on_online(self, online: bool) -> None:
        self.on_ui(lambda: setattr(self.status, "offline", not online))

    # ---- from MQTT
    def _rating_open(self, args: RatingOpen) -> dict:
        received = time.monotonic()
        self.on_ui(lambda: self._ask(args, received + args.window_s))
        return {"shown": args.ticket_id}

    # ---- on the UI thread
    def _ask(self, prompt: RatingOpen, deadline: float) -> None:
        if self._asking is not None and self._chosen is not None:
            # A newer rating.open while the previous citizen picks a reason: their level counts, without one.
            self._give(None, thank=False)
        self._asking, self._chosen, self._deadline = prompt, None, deadline
        self.stage.show(Rate(self.fonts, self.config.screen.size, self.status, prompt, deadline,
                             on_level=self._level, on_expired=self._expired))

    def _level(self, level: RatingLevel) -> None:
        if self._asking is None or self._chosen is not None:
            return
        self._chosen = level
        if level.ask_reason and self._asking.reasons:
            index = [lv.value for lv in self._asking.levels].index(level.value)
            deadline = min(time.monotonic() + self.REASON_TIMEOUT_S, self._deadline)
            self.stage.show(Reason(self.fonts, self.config.screen.size, self.status, level,
                                   level_colour(index, len(self._asking.levels)), self._asking.reasons, deadline,
                                   on_reason=self._reason))
        else:
            self._give(None)

    def _reason(self, reason: str | None) -> None:
        if self._asking is None or self._chosen is None:
            return
        self._give(reason)

    def _give(self, reason: str | None, thank: bool = True) -> None:
        prompt, level = self._asking, self._chosen
        self._asking = self._chosen = None
        try:
            self.report("rating.given", RatingGiven(ticket_id=prompt.ticket_id, value=level.value, reason=reason))
        except Exception:  # the outbox failing is a fault to log, not a reason to leave the citizen hanging
            log.exception("%s: rating for ticket %s not recorded", self.config.device, prompt.ticket_id)
        log.info("%s: ticket %s rated %s%s", self.config.device, prompt.number, level.value,
                 f" ({reason})" if reason else "")
        if thank:
            self.stage.show(Thanks(self.fonts, self.config.screen.size, self.status))

    def _expired(self) -> None:
        if self._asking is not None and self._chosen is None:
            log.info("%s: no rating for ticket %s within %ss", self.config.device, self._asking.number,
                     self._asking.window_s)
            self._asking = None
            self.stage.go_home()
