"""Keypad and rating-pad emulators: a serial pad sending one character per press, a HID pad sending input_events."""

from __future__ import annotations

import time

from devicekit.emulators.pty_device import PtyDevice


class SerialKeyEmulator(PtyDevice):
    """A serial keypad or rating pad; `press("1")` sends what the real pad sends for that key."""

    def press(self, key: str, *, bounces: int = 1) -> None:
        """`bounces` > 1 repeats the character at once, as a worn contact does."""
        self.send(key.encode("ascii") * bounces)

    def noise(self, data: bytes = b"\x00\xff\r\n") -> None:
        self.send_raw(data)


class HidKeyEmulator(PtyDevice):
    """A USB HID pad: writes kernel `input_event` records (key down, SYN, key up, SYN) as evdev reads them."""

    def press(self, name: str, *, repeats: int = 0) -> None:
        """`repeats` autorepeat events (value 2) between down and up, as when a key is held."""
        from evdev import InputEvent, ecodes

        from devicekit.hid_input import pack_event

        code = ecodes.ecodes[name]
        now = time.time()
        sec, usec = int(now), int(now % 1 * 1_000_000)
        values = [1] + [2] * repeats + [0]
        records = []
        for value in values:
            records.append(InputEvent(sec, usec, ecodes.EV_MSC, ecodes.MSC_SCAN, code))
            records.append(InputEvent(sec, usec, ecodes.EV_KEY, code, value))
            records.append(InputEvent(sec, usec, ecodes.EV_SYN, ecodes.SYN_REPORT, 0))
        self.send(b"".join(pack_event(r) for r in records))


class ProfilePad:
    """A keypad or rating pad of a bundled profile, emulated on a pty and pressed by its wire key ("next", "finish",
    a rating rank): the profile's key map read backwards, so a test or the demo presses what a clerk means."""

    def __init__(self, profile, path) -> None:
        from devicekit.profiles import KeypadProfile

        mapping = profile.key_map if isinstance(profile, KeypadProfile) else profile.button_map
        self.physical = {value: key for key, value in mapping.items()}
        hid = profile.transport == "hid"
        self.emulator = (HidKeyEmulator if hid else SerialKeyEmulator)(path).start()
        self.pressed: set[str] = set()

    def press(self, key) -> None:
        self.pressed.add(self.physical[key])
        self.emulator.press(self.physical[key])
