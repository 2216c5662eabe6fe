"""Keypads and rating pads emulated on ptys, pressed by their wire key (the profile's map read backwards)."""

from __future__ import annotations

from pathlib import Path

from devicekit.emulators.keys import HidKeyEmulator, SerialKeyEmulator
from devicekit.profiles import KeypadProfile


class Pad:
    """A keypad or rating pad emulator pressed by its wire key (the profile's map read backwards)."""

    def __init__(self, profile, path: Path) -> None:
        mapping = profile.key_map if isinstance(profile, KeypadProfile) else profile.button_map
        self.physical = {value: key for key, value in mapping.items()}
        hid = profile.transport == "hid"
        self.emulator = (HidKeyEmulator if hid else SerialKeyEmulator)(path).start()
        self.pressed: set[str] = set()

    def press(self, key) -> None:
        self.pressed.add(self.physical[key])
        self.emulator.press(self.physical[key])
