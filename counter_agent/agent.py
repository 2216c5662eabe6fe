"""The counter agent: the counter's LED follows the service, the keypad acts, the rating pad answers rating.open,
the receipt printer prints what the service sends."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from counter_agent.keys import KeyComposer
from counter_agent.led import OFFLINE, REFUSED, LedPresenter
from devicekit.agent.base import Agent, Offline
from devicekit.agent.config import Role
from devicekit.mqtt.requests import RequestError
from wire.codec import body
from wire.messages import Part
from wire.printing import PrintDocument
from wire.queue_messages import CounterActionReply, CounterState
from wire.rating import RatingGiven, RatingOpen, value_for_rank
from wire.topics import counter_id

log = logging.getLogger(__name__)


class CounterAgent(Agent):
    kind = "counter"
    roles = {
        "led": Role("led_display", "the number display above the counter"),
        "keypad": Role("keypad", "the clerk's keypad"),
        "rating_pad": Role("rating_pad", "the citizens' rating pad"),
        "receipt_printer": Role("printer", "the dossier receipt printer"),
    }

    def capabilities(self) -> list[str]:
        named = {"led": "led", "keypad": "keypad", "rating_pad": "rating", "receipt_printer": "print"}
        return [named[role] for role in self.roles if role in self.profiles]

    def build(self) -> None:
        if self.config.counter is None:
            raise ValueError(f"{self.config.device}: a counter agent needs `counter:` in its file")
        self.counter = counter_id(self.config.counter)
        self.composer = KeyComposer()
        self._presses = ThreadPoolExecutor(1, thread_name_prefix=f"keys-{self.config.device}")
        self._rating: RatingOpen | None = None
        self._rating_lock = threading.Lock()
        self._scale_problem: str | None = None
        display = self.driver("led")
        self.led = LedPresenter(display) if display is not None else None
        self.driver("keypad", on_key=self._key)
        self.pad = self.driver("rating_pad", on_rating=self._rated)
        self.receipts = self.printer("receipt_printer")
        if self.pad is not None:
            self.commands.register("rating.open", self._open_rating)
        if self.receipts is not None:
            self.commands.register("print.document", self._print)
        self.follow(self.session.topics.counter_state(self.counter), CounterState, self._counter_state)

    def stop(self) -> None:
        if getattr(self, "led", None) is not None:
            self.led.close()  # before the drivers stop: no write may land on a closed port
        super().stop()
        if hasattr(self, "_presses"):
            self._presses.shutdown(wait=False, cancel_futures=True)

    # ---- the LED follows the service
    def _counter_state(self, state: CounterState, retained: bool) -> None:
        if self.led is not None:
            self.led.state(state, live=not retained)

    def on_online(self, online: bool) -> None:
        if self.led is not None:
            self.led.online(online)

    # ---- the keypad acts
    def _key(self, key: str) -> None:
        """From the keypad's reader thread: hand over, so the reader keeps reading while a press is answered."""
        self._presses.submit(self._press, key)

    def _press(self, key: str) -> None:
        try:
            action = self.composer.key(key)
            if self.led is not None:
                self.led.hold(f"t{self.composer.typing:->3}" if self.composer.typing is not None else None)
            if action is None:
                return
            fields = {"action": action.action, "counter": self.counter}
            if action.to_counter is not None:
                fields["to_counter"] = action.to_counter
            reply = self.act("counter.action", fields)
        except Offline as exc:
            log.warning("%s: key %s not sent: %s", self.config.device, key, exc)
            if self.led is not None:
                self.led.flash(OFFLINE)
            return
        except RequestError as exc:
            log.info("%s: key %s refused: %s", self.config.device, key, exc)
            if self.led is not None:
                self.led.flash(REFUSED)
            return
        except Exception:
            log.exception("%s: key %s failed", self.config.device, key)
            return
        if self.led is not None and isinstance(reply, CounterActionReply):
            self.led.state(reply.state, live=True)

    # ---- ratings
    def _open_rating(self, args: RatingOpen) -> dict:
        problem = None
        if self.pad.buttons != len(args.levels):
            problem = (f"the pad has {self.pad.buttons} buttons but the centre's scale has {len(args.levels)} "
                       f"levels: no press could be read right")
        with self._rating_lock:
            self._scale_problem = problem
            if problem:
                self._rating = None
                raise ValueError(problem)
            self._rating = args
        self.pad.open(args.ticket_id, args.window_s)
        return {"armed": args.ticket_id}

    def _rated(self, ticket_id: int, rank: int) -> None:
        with self._rating_lock:
            opened = self._rating if self._rating is not None and self._rating.ticket_id == ticket_id else None
        if opened is None:
            log.warning("%s: a rating for ticket %s that is not open is ignored", self.config.device, ticket_id)
            return
        value = value_for_rank(rank, self.pad.buttons, opened.levels)
        if value is None:
            log.warning("%s: button rank %s does not map to the scale; ignored", self.config.device, rank)
            return
        self.report("rating.given", RatingGiven(ticket_id=ticket_id, value=value))

    def extra_parts(self) -> dict[str, Part]:
        if getattr(self, "_scale_problem", None):
            return {"rating_scale": Part(status="fault", detail=self._scale_problem[:200])}
        return {}

    # ---- receipts
    def _print(self, document: PrintDocument) -> dict:
        return body(self.receipts.print(document))
