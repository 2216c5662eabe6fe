"""Touch and mouse as one input: each physical press becomes one tap at a logical point, never two.

A tap is the press (FINGERDOWN or a left MOUSEBUTTONDOWN), not the release: an elderly citizen's finger often
rests or slides before lifting, and acting on the press never loses such a tap. Releases are ignored.

SDL mirrors input between the two kinds of event, so handling both naively acts twice:
- a touch also produces a synthetic mouse press (SDL_HINT_TOUCH_MOUSE_EVENTS, on by default); pygame marks it
  `touch=True` (verified on pygame 2.6.1 / SDL 2.28.4 with a genuine SDL event, see tests/ui/test_input.py);
- where SDL_HINT_MOUSE_TOUCH_EVENTS is on (Android's default), a mouse press also produces a synthetic finger
  whose touch_id is SDL_MOUSE_TOUCHID (-1).
Each twin is dropped, so real fingers count once and a real mouse (or a touch panel that only speaks mouse,
as many cheap USB ones do) counts once."""

from __future__ import annotations

import pygame

from devicekit.ui.geometry import Letterbox

SDL_MOUSE_TOUCHID = -1  # touch_id of fingers SDL synthesises from the mouse
REMOTE_TOUCH_ID = -2  # touch_id of the fingers `touch_events` makes for a remote screen.touch; no device has it
LEFT_BUTTON = 1
POINTER_EVENTS = frozenset({pygame.FINGERDOWN, pygame.FINGERUP, pygame.FINGERMOTION, pygame.MOUSEBUTTONDOWN,
                            pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION, pygame.MOUSEWHEEL})


def tap_position(event: pygame.event.Event, letterbox: Letterbox) -> tuple[int, int] | None:
    """The logical point this event taps, or None: not a press, a synthetic twin, or on a letterbox bar."""
    if event.type == pygame.FINGERDOWN:
        if event.touch_id == SDL_MOUSE_TOUCHID:
            return None
        # Finger positions are fractions of the window, bars included (of the whole panel when full screen).
        ww, wh = letterbox.window
        return letterbox.to_logical(event.x * ww, event.y * wh)
    if event.type == pygame.MOUSEBUTTONDOWN:
        # Wheel steps also arrive as presses of buttons 4 and 5; right and middle clicks mean nothing here.
        if event.button != LEFT_BUTTON or getattr(event, "touch", False):
            return None
        return letterbox.to_logical(*event.pos)
    return None


def touch_events(x: float, y: float, letterbox: Letterbox) -> list[pygame.event.Event]:
    """A finger press and release at (x, y), fractions of the logical surface, as the panel would report them."""
    wx, wy = letterbox.to_window(x * letterbox.logical[0], y * letterbox.logical[1])
    ww, wh = letterbox.window
    finger = dict(touch_id=REMOTE_TOUCH_ID, finger_id=0, x=wx / ww, y=wy / wh, dx=0.0, dy=0.0, pressure=1.0)
    return [pygame.event.Event(pygame.FINGERDOWN, finger), pygame.event.Event(pygame.FINGERUP, finger)]
