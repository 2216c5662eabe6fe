"""From keypad keys to counter actions: action keys act at once; Transfer, then the counter's number on the digits,
then Enter, sends one transfer (wire.keypad). Pure: the agent feeds keys and acts on what comes out."""

from __future__ import annotations

import time
from dataclasses import dataclass

from wire.keypad import COUNTER_ACTIONS, DIGITS, TRANSFER_TIMEOUT_S

MAX_DIGITS = 3  # counters are numbered 1-999


@dataclass(frozen=True)
class Action:
    action: str
    to_counter: int | None = None


class KeyComposer:
    """`key(k)` returns the Action to send (or None) and keeps `typing`: the transfer being composed, or None."""

    def __init__(self, clock=time.monotonic, timeout: float = TRANSFER_TIMEOUT_S) -> None:
        self.clock = clock
        self.timeout = timeout
        self.typing: str | None = None
        self._last = 0.0

    def key(self, key: str) -> Action | None:
        now = self.clock()
        if self.typing is not None and now - self._last > self.timeout:
            self.typing = None  # the clerk walked away mid-transfer: start again
        self._last = now
        if key == "transfer":
            self.typing = ""
            return None
        if self.typing is not None:
            if key in DIGITS:
                self.typing = (self.typing + key)[-MAX_DIGITS:]
                return None
            if key == "enter":
                target, self.typing = self.typing, None
                return Action("transfer", int(target)) if target and int(target) > 0 else None
            self.typing = None  # cancel, or another action key: the transfer is abandoned
            if key == "cancel":
                return None
        if key in COUNTER_ACTIONS:
            return Action(key)
        return None  # a digit, Enter or Cancel outside a transfer means nothing

    def expired(self) -> bool:
        """True once a half-typed transfer has waited too long (the agent then clears the LED)."""
        return self.typing is not None and self.clock() - self._last > self.timeout
