"""The window (or the full screen) and the fixed logical surface apps draw on, scaled into it letterboxed."""

from __future__ import annotations

import os

import pygame

from devicekit.ui.geometry import Letterbox
from devicekit.ui.settings import ScreenSettings

BAR = (0, 0, 0)


class Display:
    """Opens the window on the UI thread; `surface` is the logical surface, `letterbox` maps it to the window."""

    def __init__(self, settings: ScreenSettings) -> None:
        self.settings = settings
        self.surface: pygame.Surface | None = None
        self.letterbox: Letterbox | None = None

    @property
    def is_open(self) -> bool:
        return self.surface is not None

    def open(self) -> "Display":
        # SDL minimises a full-screen window when it loses focus (a notification, a second screen plugged in);
        # a kiosk would then show the desktop. Set before SDL reads it; an operator's own value wins.
        os.environ.setdefault("SDL_VIDEO_MINIMIZE_ON_FOCUS_LOSS", "0")
        pygame.display.init()
        if self.settings.fullscreen:
            # (0, 0): the panel's own resolution; the dummy driver used in tests answers 1024x768.
            pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            pygame.mouse.set_visible(False)
        else:
            pygame.display.set_mode(self.settings.window_size, pygame.RESIZABLE)
        pygame.display.set_caption(self.settings.title)
        self.surface = pygame.Surface(self.settings.size).convert()  # the window's pixel format: fastest blits
        self.resized()
        return self

    def resized(self) -> None:
        """Recomputes the letterbox after the window changed size."""
        window = pygame.display.get_surface()
        self.letterbox = Letterbox.fit(self.settings.size, window.get_size())
        window.fill(BAR)

    def present(self) -> None:
        """Shows the logical surface: copied as is when the window fits it exactly, else smoothly scaled."""
        assert self.surface is not None and self.letterbox is not None, "Display.open() first"
        window = pygame.display.get_surface()
        picture = self.letterbox.picture
        for bar in self.letterbox.bars:
            window.fill(BAR, bar)
        if picture.size == self.surface.get_size():
            window.blit(self.surface, picture)
        else:
            # Scaled straight into the window's pixels: no intermediate surface, one pass.
            pygame.transform.smoothscale(self.surface, picture.size, window.subsurface(picture))
        pygame.display.flip()

    def close(self) -> None:
        if self.surface is not None:
            pygame.display.quit()
        self.surface = None
        self.letterbox = None
