"""The hall calling display (`motcua display --config FILE`): follows `calls` and every counter's retained state,
shows the newest call very large with the last few and what each open counter serves, and hands each call to the
announcer (devicekit.voice), which says it and logs it to `<state_dir>/announcements.jsonl` as it starts saying it.
With `display.mode: waiting` it is the waiting board instead, from the retained board (display/board.py).

No hardware roles and no business rules: it shows what the service says. A call is shown as the voice starts saying
it (at once when the voice is off or quiet), also while the service is away (the broker still delivers it); one
already seen (same `seq`) is dropped."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import deque
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from devicekit.agent.screen import ScreenAgent, ScreenAgentConfig
from devicekit.voice.announcer import Announcer
from devicekit.voice.script import call_script
from devicekit.voice.settings import VoiceSettings
from display.board import BoardScene
from display.chrome import Chrome
from display.layout import BoardLayout, HallLayout
from display.phrases import announcement, announcement_en
from display.scenes import DisplayScene, HallScene
from wire.messages import Part
from wire.queue_messages import Board, Call, CounterState

log = logging.getLogger(__name__)

DEFAULT_TITLE = "Trung tâm Phục vụ hành chính công"
SEEN_CALLS = 512  # seq numbers remembered to drop a duplicate delivery (QoS 1 may deliver twice)


class DisplaySection(BaseModel):
    """What this display shows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Literal["hall", "waiting"] = Field("hall", description="hall: the calling screen (the newest call large, "
                                             "the last calls, the open counters); waiting: the waiting board (per "
                                             "field the number served, the people waiting, the estimated wait)")
    title: str = Field(DEFAULT_TITLE, min_length=1, max_length=120, description="the centre's name, shown on top")
    fields: list[str] = Field(default_factory=list, description="field codes whose calls are shown and announced "
                              "(e.g. [HT, DD]), and the waiting board's fields in this order; empty: every field")
    counters: list[int] = Field(default_factory=list, description="counter numbers whose calls and states are shown "
                                "(e.g. [1, 2, 3]); empty: every counter")
    history: int = Field(5, ge=1, le=12, description="how many of the last calls are listed beside the newest")
    english: bool = Field(False, description="an English line under the Vietnamese ('Number 1023 → counter 5')")
    ticker: str = Field("", max_length=1000, description="a line of news along the bottom (opening hours, notices); "
                        "it scrolls when longer than the screen; empty: no ticker line")
    ticker_speed: float = Field(120, gt=0, le=1000, description="how fast a long ticker moves, logical pixels a second")
    flash_s: float = Field(5, ge=0, le=30, description="seconds a new call blinks")


class DisplayAgentConfig(ScreenAgentConfig):
    display: DisplaySection = Field(default_factory=DisplaySection, description="what the hall display shows: "
                                    "the centre's name, which fields and counters, how many past calls")
    voice: VoiceSettings = Field(default_factory=VoiceSettings, description="the calling voice: the pack (default "
                                 "<state_dir>/voice), the English line, recalls repeated, volume by hour, quiet hours")


class DisplayAgent(ScreenAgent):
    kind = "display"
    config_model = DisplayAgentConfig

    def home(self) -> DisplayScene:
        """The scene on the screen, the calling screen or the waiting board; `self.hall` either way."""
        section, size = self.config.display, self.config.screen.size
        ticker = bool(section.ticker)
        layout = (HallLayout.of(size, ticker=ticker, english=section.english) if section.mode == "hall"
                  else BoardLayout.of(size, ticker=ticker))
        chrome = Chrome(self.fonts, layout.frame, title=section.title, ticker=section.ticker,
                        english=section.english, ticker_speed=section.ticker_speed)
        self.hall = (HallScene(self.fonts, layout, chrome, history=section.history, flash_s=section.flash_s)
                     if section.mode == "hall" else BoardScene(layout, chrome, fields=section.fields))
        return self.hall

    def build(self) -> None:
        super().build()
        self._seen: set[int] = set()
        self._seen_order: deque[int] = deque()
        self._log_lock = threading.Lock()
        self.announcements = Path(self.config.state_dir) / "announcements.jsonl"
        voice, topics, hall = self.config.voice, self.session.topics, self.config.display.mode == "hall"
        # A waiting board neither shows nor announces calls: no announcer. One assignment, so no other thread ever
        # sees a hall display without its announcer.
        self.announcer = (Announcer(voice, voice.pack or Path(self.config.state_dir) / "voice",
                                    journal=self.announcements, name=self.config.device).start() if hall else None)
        if hall:
            self.follow(topics.calls(), Call, self._call)
        else:
            self.follow(topics.board(), Board, self._board)
        self.follow(topics.all_counter_states(), CounterState, self._counter_state, cleared=self._counter_cleared)

    # ---- what this display is for
    def _wanted_counter(self, counter: str) -> bool:
        wanted = self.config.display.counters
        return not wanted or (counter.isdigit() and int(counter) in wanted)

    def _wanted_field(self, field: str | None) -> bool:
        wanted = self.config.display.fields
        return not wanted or field in wanted

    # ---- from the session's threads
    def _call(self, call: Call, _retained: bool) -> None:
        if not (self._wanted_counter(call.counter) and self._wanted_field(call.field)):
            return
        with self._log_lock:
            if call.seq in self._seen:
                log.info("%s: call %s (seq %s) already shown; duplicate dropped", self.config.device, call.number,
                         call.seq)
                return
            self._seen.add(call.seq)
            self._seen_order.append(call.seq)
            if len(self._seen_order) > SEEN_CALLS:
                self._seen.discard(self._seen_order.popleft())
            self._announce(call)

    def _counter_state(self, state: CounterState, retained: bool) -> None:
        if self._wanted_counter(state.counter):
            self.on_ui(lambda: self.hall.set_counter(state, retained))

    def _counter_cleared(self, topic: str) -> None:
        parsed = self.session.topics.parse(topic)
        if parsed is not None and parsed.counter is not None:
            self.on_ui(lambda: self.hall.clear_counter(parsed.counter))

    def _board(self, board: Board, _retained: bool) -> None:
        self.on_ui(lambda: self.hall.set_board(board))

    def on_online(self, online: bool) -> None:
        self.on_ui(lambda: self.hall.set_online(online))

    def extra_parts(self) -> dict[str, Part]:
        if self.announcer is None:  # a waiting board has no voice
            return {}
        return {"voice": self.announcer.part()}

    def stop(self) -> None:
        super().stop()
        announcer = getattr(self, "announcer", None)  # none if stopped before build()
        if announcer is not None:
            announcer.stop()

    # ---- the voice: said and logged in call order by the announcer's one worker
    def _announce(self, call: Call) -> None:
        recall = call.recall > 0
        voice = self.config.voice
        line = {"seq": call.seq, "number": call.number, "counter": call.counter, "recall": recall,
                "text": announcement(call.number, call.counter, recall),
                "text_en": announcement_en(call.number, call.counter, recall),
                "ts": dt.datetime.now(dt.timezone.utc).isoformat()}
        log.info("%s: %s", self.config.device, line["text"])
        # The screen shows the call as the voice starts saying it: in a burst, the number on screen is the one heard.
        self.announcer.say(call_script(call.number, call.counter, recall=recall, english=voice.english,
                                       repeat=voice.repeat_recall if recall else 1), line,
                           on_start=lambda: self.on_ui(lambda: self.hall.add_call(call)))
