"""The clerk's keypad: the keys a profile may map, what each means, and the `counter.action` request it becomes.

A keypad profile maps each physical key to one `KeypadKey`. Action keys become one `counter.action` request to the
service, which answers with the counter's new state or a refusal (shown on the LED). The composing keys never leave
the agent: Transfer, then a counter number typed on the digits, then Enter sends `transfer` with `to_counter`;
Cancel (or 10 s without a key) abandons it. A keypad without digits cannot transfer and has no transfer key.
"""

from __future__ import annotations

from typing import Literal, get_args

CounterAction = Literal["next", "recall", "no_show", "start", "finish", "transfer", "pause"]
Digit = Literal["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
ComposeKey = Literal["enter", "cancel"]
KeypadKey = Literal[CounterAction, Digit, ComposeKey]

COUNTER_ACTIONS: tuple[str, ...] = get_args(CounterAction)
DIGITS: tuple[str, ...] = get_args(Digit)
KEYPAD_KEYS: tuple[str, ...] = COUNTER_ACTIONS + DIGITS + get_args(ComposeKey)

# What each action does, as the clerk console labels it (../shared/COPY-VI.md); the service implements exactly this.
ACTION_LABELS: dict[str, tuple[str, str]] = {
    "next": ("Gọi số tiếp theo", "Next: finish the current ticket, if any, and call the next"),
    "recall": ("Gọi lại", "Recall the ticket just called"),
    "no_show": ("Vắng mặt", "No-show: the called citizen did not come (after the recalls the centre requires)"),
    "start": ("Bắt đầu phục vụ", "Start serving the called citizen"),
    "finish": ("Hoàn thành", "Finish serving (opens the rating pad)"),
    "transfer": ("Chuyển quầy", "Transfer the current ticket to another counter (Transfer, number, Enter)"),
    "pause": ("Tạm dừng / Tiếp tục", "Pause the counter, or resume it when paused"),
}
TRANSFER_TIMEOUT_S = 10.0  # a half-typed transfer is abandoned after this long without a key
