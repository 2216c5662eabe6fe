"""The demo's home scene rendered headless and checked by region: text where it must be, background elsewhere.

It also writes docs/screens/ui-base-demo.png (deterministic: the same pixels on every run)."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from PIL import Image

from devicekit.ui import BACKGROUND, INK, ButtonStyle
from devicekit.ui.demo import MARGIN, TOP
from tests.ui.conftest import LANDSCAPE, PORTRAIT

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screens" / "ui-base-demo.png"
STYLE = ButtonStyle()


def count(surface: pygame.Surface, rect: pygame.Rect, colour, tolerance: int = 40) -> int:
    """Pixels of `rect` within `tolerance` of `colour` on every channel."""
    limit = tolerance + 1  # from_threshold matches differences strictly below its threshold
    return pygame.mask.from_threshold(surface.subsurface(rect), colour, (limit, limit, limit, 255)).count()


@pytest.fixture(params=[LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def home(request, demo):
    loop = demo(request.param).open()
    loop.frame()
    return loop, loop.display.surface


def test_the_title_is_drawn_with_its_marks_above_the_letters(home):
    _, surface = home
    middle = surface.get_width() // 2
    title = pygame.Rect(middle - 400, 24, 800, 110)  # "Lấy số thứ tự", bold 84, line box from y=24
    assert count(surface, title, INK) > 5000
    # The band above the tallest plain letters (L, t, h reach 0.76 em over the baseline at 24 + 1.07 em):
    # only the marks of ấ, ố, ứ reach into it.
    marks = pygame.Rect(title.x, 24, title.width, round(84 * (1.07 - 0.8)))
    assert count(surface, marks, INK) > 100


def test_the_margins_and_the_band_above_the_buttons_are_plain_background(home):
    _, surface = home
    width, height = surface.get_size()
    for empty in (pygame.Rect(0, 0, MARGIN - 4, height), pygame.Rect(width - MARGIN + 4, 0, MARGIN - 4, height),
                  pygame.Rect(0, TOP - 12, width, 8)):
        assert count(surface, empty, BACKGROUND, tolerance=0) == empty.width * empty.height


def test_every_button_shows_its_fill_and_a_label_inside_it(home):
    loop, surface = home
    buttons = loop.stage.scene.buttons
    assert len(buttons) == 10
    for button in buttons:
        fill, text = (STYLE.fill, STYLE.text) if button.enabled else (STYLE.disabled_fill, STYLE.disabled_text)
        inner = button.rect.inflate(-2 * STYLE.radius, -2 * STYLE.radius)
        assert count(surface, pygame.Rect(inner.topleft, (8, 8)), fill, 0) == 64, button.lines[0]
        label = count(surface, button.rect.inflate(-2 * STYLE.padding, -2 * STYLE.padding), text, 60)
        assert label > 800, f"no label drawn on {button.lines[0]}"
        assert not any(b.overflows for b in button.label(loop.stage.scene.fonts, inner.size)), button.lines


def test_buttons_are_large_enough_for_an_unsteady_finger(home):
    """About 25 mm on a 21.5-inch full-HD panel (0.25 mm a pixel): well above the 9 mm usually asked for."""
    loop, _ = home
    assert min(min(b.rect.size) for b in loop.stage.scene.buttons) >= 100


def test_a_screenshot_is_the_whole_logical_surface_as_png(demo):
    loop = demo(LANDSCAPE).open()
    loop.frame()
    path = loop.screenshot(SCREENSHOT)
    with Image.open(path) as png:
        assert png.size == (1920, 1080)
        surface = loop.display.surface
        for point in [(5, 5), (960, 80), (300, 400)]:
            assert png.convert("RGB").getpixel(point) == tuple(surface.get_at(point))[:3]
