"""Keypads and rating pads emulated on ptys, pressed by their wire key (devicekit.emulators.keys.ProfilePad)."""

from devicekit.emulators.keys import ProfilePad as Pad

__all__ = ["Pad"]
