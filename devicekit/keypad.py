"""Counter keypads: key presses (serial characters or HID key names) → debounced wire keys (wire.keypad).

The driver reports each press as the `KeypadKey` its profile maps it to: an action, a digit, enter or cancel. It
does not compose anything; the counter agent turns Transfer, digits and Enter into one transfer request.
"""

from __future__ import annotations

import logging
import time
from typing import Callable, Mapping

from devicekit.profiles import KeypadProfile
from devicekit.registry import register
from devicekit.serial_link import Backoff, Health, SerialLink
from wire.keypad import COUNTER_ACTIONS, KeypadKey

log = logging.getLogger(__name__)

Clock = Callable[[], float]
ACTION_DEBOUNCE_S = 0.3  # a doubled "next" would skip a citizen: a second press this soon is the same press
TYPING_DEBOUNCE_S = 0.05  # digits, enter, cancel: only contact bounce, so a quick "1", "1" (counter 11) counts twice


class Debouncer:
    """Drops a repeat of the same key within `window` seconds: worn contacts and impatient clerks both double-press,
    and a doubled "next" would skip a citizen."""

    def __init__(self, window: float = 0.3, clock: Clock = time.monotonic) -> None:
        self.window = window
        self.clock = clock
        self._last: dict[str, float] = {}

    def accept(self, key: str, window: float | None = None) -> bool:
        now = self.clock()
        last = self._last.get(key)
        if last is not None and now - last < (self.window if window is None else window):
            return False
        self._last[key] = now
        return True


class KeyMapper:
    """Key label → value via the profile's map; unknown keys are logged and ignored. `window_for(value)` gives a
    value its own debounce window (None: the debouncer's)."""

    def __init__(self, key_map: Mapping[str, object], debounce: Debouncer,
                 window_for: Callable[[object], float | None] = lambda value: None) -> None:
        self.key_map = dict(key_map)
        self.debounce = debounce
        self.window_for = window_for

    def map(self, key: str):
        value = self.key_map.get(key)
        if value is None:
            log.info("ignoring unmapped key %r", key)
            return None
        if not self.debounce.accept(key, self.window_for(value)):
            log.debug("key %r within its debounce window: same press", key)
            return None
        return value


def serial_keys(on_key: Callable[[str], None]) -> Callable[[bytes], None]:
    """Serial pads send one printable ASCII character per press; line noise (other bytes) is dropped."""

    def feed(data: bytes) -> None:
        for byte in data:
            if 0x21 <= byte <= 0x7E:
                on_key(chr(byte))
    return feed


def hid_key_map(key_map: Mapping[str, object]) -> dict[str, object]:
    """Profile KEY_* names → the name the decoder reports (the first alias of the same code)."""
    from evdev import ecodes

    canonical = {}
    for name, value in key_map.items():
        code = ecodes.ecodes.get(name)
        if code is None:
            raise ValueError(f"unknown evdev key name {name!r}")
        names = ecodes.KEY.get(code) or ecodes.BTN.get(code)
        canonical[names if isinstance(names, str) else names[0]] = value
    return canonical


class Keypad:
    """A keypad on some key link; `on_key(key)` gets each press as a wire.keypad KeypadKey."""

    def __init__(self, key_map: Mapping[str, KeypadKey], on_key: Callable[[KeypadKey], None], *,
                 debounce: float = ACTION_DEBOUNCE_S, typing_debounce: float = TYPING_DEBOUNCE_S,
                 clock: Clock = time.monotonic) -> None:
        self.mapper = KeyMapper(key_map, Debouncer(debounce, clock),
                                lambda value: None if value in COUNTER_ACTIONS else typing_debounce)
        self.on_key = on_key
        self.keys_seen = 0  # raw presses before mapping and debounce, for diagnostics
        self.link = None  # set by the factories; anything with start(), stop() and health

    @property
    def health(self) -> Health:
        return self.link.health

    def start(self) -> "Keypad":
        self.link.start()
        return self

    def stop(self) -> None:
        self.link.stop()

    def key(self, key: str) -> None:
        self.keys_seen += 1
        mapped = self.mapper.map(key)
        if mapped is not None:
            log.debug("keypad: %s -> %s", key, mapped)
            self.on_key(mapped)


@register("serial_keypad")
def build_serial_keypad(profile: KeypadProfile, url: str, *, on_key: Callable[[KeypadKey], None],
                        backoff: Backoff | None = None, **options) -> Keypad:
    pad = Keypad(profile.key_map, on_key, **options)
    s = profile.serial
    pad.link = SerialLink(url, baudrate=s.baudrate, bytesize=s.bytesize, parity=s.parity, stopbits=s.stopbits,
                          backoff=backoff or Backoff(), on_bytes=serial_keys(pad.key))
    return pad


@register("hid_keypad")
def build_hid_keypad(profile: KeypadProfile, path: str, *, on_key: Callable[[KeypadKey], None],
                     backoff: Backoff | None = None, **options) -> Keypad:
    from devicekit.hid_input import HidKeyLink

    pad = Keypad(hid_key_map(profile.key_map), on_key, **options)
    pad.link = HidKeyLink(path, on_key=pad.key, backoff=backoff or Backoff())
    return pad
