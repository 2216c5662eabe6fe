"""Genuine SDL input events, pushed with SDL_PushEvent into the very SDL that pygame loaded.

pygame.event.post() stores the attributes it is given, so it cannot show how pygame translates SDL's own events;
these go through SDL's queue and pygame's translation exactly as a touch panel's or a mouse's events do."""

from __future__ import annotations

import ctypes

import pytest

SDL_MOUSEBUTTONDOWN = 0x401
SDL_MOUSEBUTTONUP = 0x402
SDL_FINGERDOWN = 0x700
SDL_FINGERUP = 0x701
SDL_TOUCH_MOUSEID = 0xFFFFFFFF  # `which` of mouse events SDL synthesises from touches
SDL_MOUSE_TOUCHID = -1  # touchId of finger events SDL synthesises from the mouse


class _MouseButton(ctypes.Structure):
    _fields_ = [("type", ctypes.c_uint32), ("timestamp", ctypes.c_uint32), ("windowID", ctypes.c_uint32),
                ("which", ctypes.c_uint32), ("button", ctypes.c_uint8), ("state", ctypes.c_uint8),
                ("clicks", ctypes.c_uint8), ("padding", ctypes.c_uint8), ("x", ctypes.c_int32), ("y", ctypes.c_int32)]


class _Finger(ctypes.Structure):
    _fields_ = [("type", ctypes.c_uint32), ("timestamp", ctypes.c_uint32), ("touchId", ctypes.c_int64),
                ("fingerId", ctypes.c_int64), ("x", ctypes.c_float), ("y", ctypes.c_float), ("dx", ctypes.c_float),
                ("dy", ctypes.c_float), ("pressure", ctypes.c_float), ("windowID", ctypes.c_uint32)]


class _Event(ctypes.Union):
    _fields_ = [("button", _MouseButton), ("tfinger", _Finger), ("padding", ctypes.c_uint8 * 56)]


def _loaded_sdl() -> ctypes.CDLL:
    """The SDL2 library mapped into this process by pygame (a wheel bundles its own copy)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = [line.split()[-1] for line in maps]
    except OSError:
        paths = []
    for path in paths:
        if "libSDL2-2" in path or path.endswith("libSDL2-2.0.so.0"):
            return ctypes.CDLL(path)  # dlopen of a mapped library returns that very copy
    pytest.skip("cannot find the SDL2 library pygame loaded (Linux /proc/self/maps)")


def _push(event: _Event) -> None:
    assert _loaded_sdl().SDL_PushEvent(ctypes.byref(event)) == 1


def finger(kind: int, x: float, y: float, touch_id: int = 3) -> None:
    event = _Event()
    event.tfinger = _Finger(type=kind, touchId=touch_id, fingerId=1, x=x, y=y, pressure=1.0)
    _push(event)


def mouse_button(kind: int, x: int, y: int, which: int = 0, button: int = 1) -> None:
    event = _Event()
    event.button = _MouseButton(type=kind, which=which, button=button, state=int(kind == SDL_MOUSEBUTTONDOWN),
                                clicks=1, x=x, y=y)
    _push(event)
