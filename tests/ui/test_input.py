"""Touch and mouse as one input: real events through pygame's queue, each physical press exactly one tap."""

from __future__ import annotations

import pygame
import pytest

from devicekit.ui import Scene, ScreenSettings, Stage, UiLoop
from tests.ui import sdl_events as sdl

FULLSCREEN = ScreenSettings(width=1920, height=1080, fullscreen=True)  # 1024x768 under the dummy driver
TARGET = (480, 270)  # a logical point, inside the picture


class Recorder(Scene):
    """Records every tap the Stage hands it."""

    def __init__(self) -> None:
        self.taps: list[tuple[int, int]] = []

    def tap(self, pos: tuple[int, int]) -> bool:
        self.taps.append(pos)
        return True


@pytest.fixture
def screen():
    scene = Recorder()
    loop = UiLoop(FULLSCREEN, Stage(scene, tap_guard_s=0)).open()
    pygame.event.clear()  # the window's own "shown" and "exposed" events
    yield loop, scene
    loop.close()


def window_point(loop: UiLoop, logical: tuple[int, int]) -> tuple[float, float]:
    return loop.display.letterbox.to_window(*logical)


def window_fraction(loop: UiLoop, logical: tuple[int, int]) -> tuple[float, float]:
    wx, wy = window_point(loop, logical)
    ww, wh = loop.display.letterbox.window
    return wx / ww, wy / wh


def assert_one_tap_at(scene: Recorder, logical: tuple[int, int]) -> None:
    assert len(scene.taps) == 1, scene.taps
    assert scene.taps[0] == pytest.approx(logical, abs=1)


def test_the_dummy_full_screen_letterboxes_the_surface(screen):
    loop, _ = screen
    assert loop.display.letterbox.window == (1024, 768)
    assert loop.display.letterbox.rect == (0, 96, 1024, 576)


def test_a_finger_posted_through_the_queue_is_one_tap(screen):
    loop, scene = screen
    x, y = window_fraction(loop, TARGET)
    finger = dict(touch_id=3, finger_id=0, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0)
    pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, finger))
    pygame.event.post(pygame.event.Event(pygame.FINGERUP, finger))
    loop.frame()
    assert_one_tap_at(scene, TARGET)


def test_a_mouse_click_is_one_tap(screen):
    loop, scene = screen
    pos = tuple(round(c) for c in window_point(loop, TARGET))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
    loop.frame()
    assert_one_tap_at(scene, TARGET)


def test_pygame_marks_mouse_events_sdl_made_from_a_touch():
    """The fact the input rule rests on, checked on this pygame with genuine SDL events."""
    pygame.display.init()
    try:
        pygame.display.set_mode((320, 240))
        pygame.event.clear()
        sdl.mouse_button(sdl.SDL_MOUSEBUTTONDOWN, 10, 20, which=sdl.SDL_TOUCH_MOUSEID)
        sdl.mouse_button(sdl.SDL_MOUSEBUTTONDOWN, 10, 20, which=0)
        presses = [e for e in pygame.event.get() if e.type == pygame.MOUSEBUTTONDOWN]
    finally:
        pygame.display.quit()
    assert [e.touch for e in presses] == [True, False]


def test_a_touch_and_the_mouse_press_sdl_makes_of_it_are_one_tap(screen):
    loop, scene = screen
    x, y = window_fraction(loop, TARGET)
    wx, wy = (round(c) for c in window_point(loop, TARGET))
    sdl.finger(sdl.SDL_FINGERDOWN, x, y)
    sdl.mouse_button(sdl.SDL_MOUSEBUTTONDOWN, wx, wy, which=sdl.SDL_TOUCH_MOUSEID)
    sdl.finger(sdl.SDL_FINGERUP, x, y)
    sdl.mouse_button(sdl.SDL_MOUSEBUTTONUP, wx, wy, which=sdl.SDL_TOUCH_MOUSEID)
    loop.frame()
    assert_one_tap_at(scene, TARGET)


def test_a_click_and_the_finger_sdl_makes_of_it_are_one_tap(screen):
    loop, scene = screen
    x, y = window_fraction(loop, TARGET)
    wx, wy = (round(c) for c in window_point(loop, TARGET))
    sdl.mouse_button(sdl.SDL_MOUSEBUTTONDOWN, wx, wy)
    sdl.finger(sdl.SDL_FINGERDOWN, x, y, touch_id=sdl.SDL_MOUSE_TOUCHID)
    loop.frame()
    assert_one_tap_at(scene, TARGET)


def test_presses_on_the_letterbox_bars_are_ignored(screen):
    loop, scene = screen
    sdl.finger(sdl.SDL_FINGERDOWN, 0.5, 0.05)  # the top bar spans y 0-96 of 768
    sdl.mouse_button(sdl.SDL_MOUSEBUTTONDOWN, 512, 760)  # the bottom bar
    loop.frame()
    assert scene.taps == []


@pytest.mark.parametrize("button", [2, 3, 4, 5], ids=["middle", "right", "wheel-up", "wheel-down"])
def test_other_buttons_and_the_wheel_are_not_taps(screen, button):
    loop, scene = screen
    pos = tuple(round(c) for c in window_point(loop, TARGET))
    sdl.mouse_button(sdl.SDL_MOUSEBUTTONDOWN, *pos, button=button)
    loop.frame()
    assert scene.taps == []
