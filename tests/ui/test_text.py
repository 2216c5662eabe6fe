"""Vietnamese text: lines fit their width (shrink to a floor, then wrap), marks stay inside the line, alignment."""

from __future__ import annotations

import unicodedata

import pygame
import pytest

from devicekit.ui import line_height
from tests.ui.conftest import pixel

WHITE, INK = (255, 255, 255), (0, 0, 0)
LONG = "Máy in tạm hết giấy. Vui lòng đến Quầy hướng dẫn để được cấp số"


def ink_box(surface: pygame.Surface) -> pygame.Rect | None:
    """The bounding box of every non-white pixel."""
    mask = pygame.mask.from_threshold(surface, WHITE, (1, 1, 1, 255))
    mask.invert()
    rects = mask.get_bounding_rects()
    return rects[0].unionall(rects[1:]) if rects else None


def canvas(width: int = 1200, height: int = 400) -> pygame.Surface:
    surface = pygame.Surface((width, height))
    surface.fill(WHITE)
    return surface


def test_a_line_that_fits_keeps_its_size(fonts):
    block = fonts.fit("Lấy số thứ tự", 1000, 64)
    assert (block.lines, block.size, block.overflows) == (("Lấy số thứ tự",), 64, False)


def test_a_line_too_wide_shrinks_to_the_largest_size_that_fits(fonts):
    text = "Lao động – Thương binh và Xã hội"
    width = fonts.width(text, 60, bold=True) * 9 // 10
    block = fonts.fit(text, width, 60, min_size=40, bold=True)
    assert block.lines == (text,) and 40 <= block.size < 60
    assert fonts.width(text, block.size, bold=True) <= width < fonts.width(text, block.size + 1, bold=True)


def test_a_line_that_would_shrink_below_the_floor_wraps_on_words_instead(fonts):
    block = fonts.fit(LONG, 700, 48, min_size=40)
    assert len(block.lines) > 1 and block.size >= 40 and not block.overflows
    assert " ".join(block.lines) == LONG  # every word kept, in order
    assert all(fonts.width(line, block.size) <= 700 for line in block.lines)


def test_a_height_limit_shrinks_wrapped_text_until_it_fits(fonts):
    free = fonts.fit(LONG, 700, 48, min_size=24)
    boxed = fonts.fit(LONG, 700, 48, min_size=24, max_height=2 * line_height(36))
    assert boxed.height <= 2 * line_height(36) < free.height
    assert not boxed.overflows


def test_what_cannot_fit_at_the_floor_is_flagged_and_clipped_to_its_box(fonts):
    block = fonts.fit("000.00.12.H32-261202-0001", 200, 40, min_size=30)
    assert block.overflows and block.size == 30
    surface = canvas()
    box = pygame.Rect(100, 100, 200, 100)
    fonts.draw(surface, block, box, INK, align="left")
    assert box.contains(ink_box(surface))  # nothing painted beside the box


def test_paragraphs_break_at_newlines_and_decomposed_input_is_drawn_precomposed(fonts):
    nfd = unicodedata.normalize("NFD", "Đất đai\nĐang chờ: 12 người")
    block = fonts.fit(nfd, 1000, 40)
    assert block.lines == ("Đất đai", "Đang chờ: 12 người")


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_alignment_puts_the_ink_at_the_anchor(fonts, align):
    surface = canvas()
    drawn = fonts.draw_line(surface, "Quầy số 5", (600, 100), 60, INK, bold=True, align=align)
    ink = ink_box(surface)
    assert abs(ink.x - drawn.x) <= 1 and abs(ink.width - drawn.width) <= 2
    edge = {"left": ink.left, "center": ink.centerx, "right": ink.right}[align]
    assert abs(edge - 600) <= 2


def test_stacked_marks_are_drawn_and_stay_inside_the_line_box(fonts):
    """Ỗ and Ấ carry two marks above a capital: they must show above it, yet not leave the line's box."""
    plain, marked = canvas(), canvas()
    fonts.draw_line(plain, "OA", (100, 100), 100, INK, bold=True)
    fonts.draw_line(marked, "ỖẤ", (100, 100), 100, INK, bold=True)
    capital, stacked = ink_box(plain), ink_box(marked)
    assert stacked.top < capital.top - 20  # the marks are there, well above the capitals
    assert 100 <= stacked.top and stacked.bottom <= 100 + line_height(100)
    below = canvas()
    fonts.draw_line(below, "gỵẶ", (100, 100), 100, INK, bold=True)
    assert ink_box(below).bottom <= 100 + line_height(100)


def test_draw_box_fills_the_box_not_its_surroundings(fonts):
    surface = canvas()
    box = pygame.Rect(200, 50, 500, 300)
    block = fonts.draw_box(surface, LONG, box, 60, INK, min_size=30)
    ink = ink_box(surface)
    assert box.contains(ink) and not block.overflows
    assert abs(ink.centerx - box.centerx) <= 4 and abs(ink.centery - box.centery) <= 20
    assert pixel(surface, (100, 200)) == WHITE
