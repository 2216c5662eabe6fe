"""The window shows the logical surface letterboxed: what lands on the screen's pixels, in both modes."""

from __future__ import annotations

import pygame
import pytest

from devicekit.ui import Display, Scene, ScreenSettings, Stage, UiLoop
from tests.ui.conftest import near, pixel

RED, WHITE, BLACK = (200, 30, 30), (255, 255, 255), (0, 0, 0)


class Target(Scene):
    """Red, with a white 40-pixel square in the top-left corner of the logical surface."""

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(RED)
        surface.fill(WHITE, pygame.Rect(0, 0, 40, 40))


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
def test_full_screen_shows_the_surface_letterboxed_with_black_bars_and_no_pointer(size):
    loop = UiLoop(ScreenSettings(width=size[0], height=size[1], fullscreen=True), Stage(Target())).open()
    try:
        loop.frame()
        window = pygame.display.get_surface()
        x, y, w, h = loop.display.letterbox.rect
        assert window.get_size() == (1024, 768)
        assert near(pixel(window, (x + w // 2, y + h // 2)), RED)
        assert near(pixel(window, (x + 5, y + 5)), WHITE)  # the logical corner is the picture's corner
        for bar in loop.display.letterbox.bars:
            assert pixel(window, bar.center) == BLACK
        assert not pygame.mouse.get_visible()
    finally:
        loop.close()


def test_a_development_window_is_half_the_surface_and_follows_a_resize():
    loop = UiLoop(ScreenSettings(width=1920, height=1080), Stage(Target())).open()
    try:
        assert pygame.display.get_surface().get_size() == (960, 540)
        assert pygame.mouse.get_visible()
        pygame.display.set_mode((600, 800), pygame.RESIZABLE)  # as a window manager would resize it
        pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=600, y=800))
        loop.frame()
        assert loop.display.letterbox.rect == (0, 231, 600, 338)
        window = pygame.display.get_surface()
        assert pixel(window, (300, 100)) == BLACK and near(pixel(window, (300, 400)), RED)
    finally:
        loop.close()


def test_a_window_of_the_surface_size_is_copied_pixel_for_pixel():
    display = Display(ScreenSettings(width=800, height=600, window_width=800, window_height=600)).open()
    try:
        display.surface.fill(RED)
        display.surface.set_at((799, 599), WHITE)
        display.present()
        assert pixel(pygame.display.get_surface(), (799, 599)) == WHITE
        assert pixel(pygame.display.get_surface(), (798, 599)) == RED
    finally:
        display.close()
