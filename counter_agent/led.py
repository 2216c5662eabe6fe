"""What the counter's LED shows: the retained counter state, rendered; offline when the service cannot be reached;
briefly, what the clerk is typing or why the service refused a key. The LED must always tell the truth."""

from __future__ import annotations

import logging
import threading
import time

from wire.queue_messages import CounterState

log = logging.getLogger(__name__)

# The words of a four-digit seven-segment LED; the driver fits them to what its profile can draw (a display without
# letters falls back to blank or dashes, see devicekit's led_text).
IDLE = "----"  # open, nobody called
PAUSED = "PAUS"
CLOSED = ""  # blank: the counter is not serving
OFFLINE = "oFF"  # the service cannot be reached: nothing on this LED can be trusted now
REFUSED = "Err"  # the service refused the key (nobody to recall, counter closed ...)
FLASH_S = 2.0  # how long a refusal or an offline press shows before the state comes back


def state_text(state: CounterState | None) -> str:
    if state is None or state.status == "closed":
        return CLOSED
    if state.status == "paused":
        return PAUSED
    return state.number or IDLE


class LedPresenter:
    """Decides what the display shows, from any thread; writes to the driver only when the text changes.

    The writes run on a thread of their own, newest wins: a blink takes 1.5 s on a display without a blink register,
    and the clerk's next key must not wait for it (it reaches the service at once; the LED catches up)."""

    def __init__(self, display, clock=time.monotonic) -> None:
        self.display = display
        self.clock = clock
        self._lock = threading.RLock()
        self._state: CounterState | None = None
        self._online = False
        self._overlay: tuple[str, float] | None = None  # (text, until)
        self._shown: str | None = None
        self._timer: threading.Timer | None = None
        self._wanted: tuple[str, bool] | None = None  # the newest (text, blink) not yet written
        self._wake = threading.Condition()
        self._closed = False
        self._writer = threading.Thread(target=self._write_loop, name="led-writer", daemon=True)
        self._writer.start()

    @property
    def shown(self) -> str | None:
        return self._shown

    def state(self, state: CounterState, live: bool) -> None:
        """A new counter state; a live call of a new number or a recall blinks (a restored state does not)."""
        with self._lock:
            before = self._state
            self._state = state
            called = state.ticket_state == "called" and state.number is not None
            new_call = before is None or (before.number, before.recalls) != (state.number, state.recalls)
            self._render(blink=live and called and new_call and self._online)

    def online(self, online: bool) -> None:
        with self._lock:
            self._online = online
            self._render()

    def flash(self, text: str, seconds: float = FLASH_S) -> None:
        """Show `text` for a moment (a refusal, an offline press), then the state again."""
        with self._lock:
            self._overlay = (text, self.clock() + seconds)
            self._render()
            self._schedule(seconds)

    def hold(self, text: str | None) -> None:
        """Show `text` until released with None (a transfer being typed)."""
        with self._lock:
            self._overlay = (text, float("inf")) if text is not None else None
            self._render()

    def refresh(self) -> None:
        with self._lock:
            self._render()

    def _text(self) -> str:
        if self._overlay is not None and self.clock() < self._overlay[1]:
            return self._overlay[0]
        self._overlay = None
        if not self._online:
            return OFFLINE
        return state_text(self._state)

    def _render(self, blink: bool = False) -> None:
        text = self._text()
        if text == self._shown and not blink:
            return
        self._shown = text
        with self._wake:
            self._wanted = (text, blink)
            self._wake.notify()

    def _write_loop(self) -> None:
        while True:
            with self._wake:
                while self._wanted is None and not self._closed:
                    self._wake.wait()
                if self._closed:
                    return
                text, blink = self._wanted
                self._wanted = None
            try:
                self._write(text, blink)
            except Exception:  # a driver fault is the driver's health; the writer must keep going
                log.exception("LED write of %r failed", text)

    def _write(self, text: str, blink: bool) -> None:
        if not text:
            ok = self.display.show("")
        elif text == IDLE:
            ok = self.display.clear()
        else:
            ok = self.display.show(text)
            if blink:
                ok = self.display.blink() and ok
        if not ok:  # the driver's health says why; the next change or replug restores it
            log.warning("LED did not confirm %r", text)

    def _schedule(self, seconds: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(seconds + 0.05, self.refresh)
        self._timer.daemon = True
        self._timer.start()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        with self._wake:
            self._closed = True
            self._wake.notify()
