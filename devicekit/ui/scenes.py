"""Scenes (home, confirmation, ...) and the Stage that shows one at a time and goes home when nobody touches it."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence

import pygame

from devicekit.ui.widgets import Button


class Scene:
    """One screen of an app. Subclasses draw themselves and set `buttons`; taps go to the first button hit.

    Everything here runs on the UI thread: work from other threads reaches a scene through UiLoop.call_soon."""

    idle_timeout_s: float | None = None  # seconds without a tap before the Stage's idle hook runs; None: never
    buttons: Sequence[Button] = ()

    def enter(self) -> None:
        """Called when the scene is shown."""

    def leave(self) -> None:
        """Called when another scene replaces it."""

    def update(self, now: float) -> None:
        """Called once a frame before drawing, with the Stage's clock (for countdowns and animations)."""

    def draw(self, surface: pygame.Surface) -> None:
        """Paints the whole logical surface, every frame."""

    def tap(self, pos: tuple[int, int]) -> bool:
        """A tap at a logical point; returns whether a button took it (a disabled one takes it and does nothing)."""
        for button in self.buttons:
            if button.hit(pos):
                button.press()
                return True
        return False

    def event(self, event: pygame.event.Event) -> None:
        """Any other pygame event (keys of a barcode reader that types, user events)."""


class Stage:
    """Shows one scene at a time; a scene's idle timeout runs `on_idle` (default: show home).

    After a switch, taps are ignored for `tap_guard_s`: a double tap on "Đất đai" must not also press whatever
    button the next scene has under the same finger (say, "Xác nhận")."""

    def __init__(self, home: Scene, *, on_idle: Callable[[Scene], None] | None = None, tap_guard_s: float = 0.35,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.home = home
        self.scene = home
        self.tap_guard_s = tap_guard_s
        self._on_idle = on_idle
        self._clock = clock
        self._active_at = clock()
        self._guard_until = -math.inf  # nothing to guard against before the first switch
        home.enter()

    def show(self, scene: Scene) -> None:
        self.scene.leave()
        self.scene = scene
        self._active_at = self._clock()
        self._guard_until = self._active_at + self.tap_guard_s
        scene.enter()

    def go_home(self) -> None:
        self.show(self.home)

    def tap(self, pos: tuple[int, int]) -> bool:
        """Returns whether the tap reached a button; any tap, even on nothing, counts as someone being there."""
        now = self._clock()
        self._active_at = now
        if now < self._guard_until:
            return False
        return self.scene.tap(pos)

    def event(self, event: pygame.event.Event) -> None:
        if event.type in (pygame.KEYDOWN, pygame.TEXTINPUT):  # someone typing; window and device events are not
            self._active_at = self._clock()
        self.scene.event(event)

    def update(self) -> None:
        now = self._clock()
        timeout = self.scene.idle_timeout_s
        if timeout is not None and now - self._active_at >= timeout:
            self._active_at = now  # a hook that keeps the scene must not fire again on the next frame
            if self._on_idle is not None:
                self._on_idle(self.scene)
            else:
                self.go_home()
        self.scene.update(now)

    def draw(self, surface: pygame.Surface) -> None:
        self.scene.draw(surface)
