"""The letterbox: the logical surface scaled with its aspect kept, and window points mapped back, both ways round."""

from __future__ import annotations

import pygame
import pytest

from devicekit.ui import Letterbox, column, grid

LOGICAL = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
WINDOWS = [(1024, 768), (960, 540), (1920, 1080), (1080, 1920), (1280, 1024), (800, 1280), (3840, 2160), (600, 600)]


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: f"{w[0]}x{w[1]}")
@pytest.mark.parametrize("orientation", LOGICAL)
def test_the_picture_keeps_its_aspect_fills_one_side_and_is_centred(orientation, window):
    logical = LOGICAL[orientation]
    box = Letterbox.fit(logical, window)
    x, y, w, h = box.rect
    assert abs(w / h - logical[0] / logical[1]) < 0.01  # not stretched
    assert w == window[0] or h == window[1]  # as large as the window allows
    assert (x, y) == ((window[0] - w) // 2, (window[1] - h) // 2)
    covered = w * h + sum(bar.width * bar.height for bar in box.bars)
    assert covered == window[0] * window[1]  # picture and bars tile the window exactly


@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: f"{w[0]}x{w[1]}")
@pytest.mark.parametrize("orientation", LOGICAL)
def test_window_points_map_back_to_the_logical_points_shown_there(orientation, window):
    logical = LOGICAL[orientation]
    box = Letterbox.fit(logical, window)
    x, y, w, h = box.rect
    assert box.to_logical(x, y) == (0, 0)
    assert box.to_logical(x + w, y + h) == (logical[0] - 1, logical[1] - 1)  # the far edge is still the picture
    for point in [(0, 0), (logical[0] // 2, logical[1] // 3), (logical[0] - 40, logical[1] - 40)]:
        back = box.to_logical(*box.to_window(*point))
        assert back == pytest.approx(point, abs=1)


@pytest.mark.parametrize("orientation", LOGICAL)
def test_points_on_the_bars_are_not_on_the_screen(orientation):
    box = Letterbox.fit(LOGICAL[orientation], (1024, 768))
    x, y, w, h = box.rect
    assert box.bars, "a 4:3 window around a 16:9 surface has bars"
    for bar in box.bars:
        assert box.to_logical(*bar.center) is None
    just_outside = (x - 1, y + h // 2) if x else (x + w // 2, y - 1)  # bars left and right, or above and below
    assert box.to_logical(*just_outside) is None


def test_a_window_of_the_surface_size_is_drawn_one_to_one():
    box = Letterbox.fit((1920, 1080), (1920, 1080))
    assert box.rect == (0, 0, 1920, 1080) and box.bars == []
    assert box.to_logical(1234, 567) == (1234, 567)


def test_grid_fills_rows_left_to_right_with_equal_cells_and_gaps():
    cells = grid(pygame.Rect(48, 300, 1824, 560), 8, 2, gap=24)
    assert [c.topleft for c in cells[:3]] == [(48, 300), (48 + 900 + 24, 300), (48, 300 + 122 + 24)]
    assert {c.size for c in cells} == {(900, 122)}
    assert cells[-1].bottom <= 860 and cells[-1].right <= 48 + 1824
    assert all(not a.colliderect(b) for i, a in enumerate(cells) for b in cells[i + 1:])


def test_column_stacks_full_width_rows_and_a_fixed_row_height_wins():
    rows = column(pygame.Rect(0, 0, 1000, 1000), 3, gap=10, row_height=200)
    assert [r.topleft for r in rows] == [(0, 0), (0, 210), (0, 420)]
    assert {r.size for r in rows} == {(1000, 200)}
    assert column(pygame.Rect(0, 0, 100, 100), 0) == []
