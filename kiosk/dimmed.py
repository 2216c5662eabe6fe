"""The dimmed home screen: after the idle timeout nobody is at the kiosk, so home is shown darker with one large
line readable from a few steps away ("Chạm để lấy số"); a touch anywhere, or the camera seeing someone step up
(devicekit.presence, through the kiosk's one camera handler), brings home back at full brightness."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from devicekit.ui import Scene
from kiosk import style
from kiosk.copy import COPY
from kiosk.home import Home


class Dimmed(Scene):
    """Home multiplied down to `brightness`, under a bright band saying what to do (or, when no number can be taken,
    why). The tap that wakes it does only that: the citizen has not seen what was under the finger."""

    idle_timeout_s = None  # stays until someone comes

    def __init__(self, home: Home, brightness: float, on_wake: Callable[[], None]) -> None:
        self.home, self.brightness, self.on_wake = home, brightness, on_wake

    @property
    def text(self) -> tuple[str, str]:
        return self.home.blocked or COPY["wake"]

    def band(self, size: tuple[int, int]) -> pygame.Rect:
        return style.wake_band(size)

    def tap(self, pos: tuple[int, int]) -> bool:
        self.on_wake()
        return True

    def draw(self, surface: pygame.Surface) -> None:
        self.home.draw(surface)  # home's own picture, repainted by home when the board changes
        level = round(255 * self.brightness)
        surface.fill((level, level, level), special_flags=pygame.BLEND_MULT)  # fast: no per-frame alpha surface
        # The band in full brightness, white with home's ink (or the alert red when no number can be taken), so it
        # reads at 7:1 however dim the rest is; its lines are laid out and rendered once (Fonts' caches).
        band = self.band(surface.get_size())
        blocked = self.home.blocked is not None
        pygame.draw.rect(surface, style.ALERT if blocked else (255, 255, 255), band, border_radius=16)
        ink, muted = (style.FILL_TEXT, style.FILL_TEXT) if blocked else (style.INK, style.MUTED)
        style.draw_pair(self.home.fonts, surface, self.text, band.inflate(-48, -32), 96, ink, muted)
