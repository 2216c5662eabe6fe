"""The hall display's scene rendered headless: the newest number fills its band in amber, recalls are marked,
only open counters get a tile, the offline banner replaces the header and keeps the rest. Every string it can
show is in the bundled font. Also writes docs/screens/display-hall.png and display-hall-offline.png."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pygame
import pytest
from PIL import Image

from devicekit.ui import Fonts, ScreenSettings, Stage, UiLoop
from devicekit.ui.coverage import missing_glyphs
from display.agent import DEFAULT_TITLE
from display.phrases import announcement, announcement_en
from display.scenes import GROUND, NUMBER, OFFLINE, PANEL, RECALL, STRINGS, HallScene
from wire.queue_messages import Call, CounterState

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
CALLS = [("1001", "01", 0), ("2003", "03", 0), ("A023", "02", 1), ("1002", "05", 0), ("3001", "04", 0),
         ("1003", "01", 1)]
COUNTERS = [("01", "1003"), ("02", "A023"), ("03", "2003"), ("04", "3001"), ("05", "1002"), ("06", None)]


def count(surface: pygame.Surface, rect: pygame.Rect, colour, tolerance: int = 40) -> int:
    limit = tolerance + 1
    return pygame.mask.from_threshold(surface.subsurface(rect), colour, (limit, limit, limit, 255)).count()


@pytest.fixture
def hall():
    settings = ScreenSettings(width=1920, height=1080)
    scene = HallScene(Fonts(), settings.size, title=DEFAULT_TITLE, history=5,
                      clock=lambda: dt.datetime(2025, 5, 12, 9, 41))
    loop = UiLoop(settings, Stage(scene)).open()
    yield loop, scene
    loop.close()


def fill(scene: HallScene) -> None:
    for seq, (number, counter, recall) in enumerate(CALLS, start=1):
        scene.add_call(Call(seq=seq, number=number, counter=counter, field="HT", recall=recall))
    for counter, number in COUNTERS:
        scene.set_counter(CounterState(counter=counter, number=number, status="open"))
    scene.set_counter(CounterState(counter="07", number="9999", status="closed"))
    scene.set_online(True)


def test_the_newest_number_fills_its_band_and_the_header_is_not_a_banner(hall):
    loop, scene = hall
    fill(scene)
    loop.frame()
    surface = loop.display.surface
    band = scene.layout.number
    # "1003" in amber covers a good part of its band (a quarter at least), and nothing amber is in the header.
    assert count(surface, band, NUMBER) > band.width * band.height // 4
    assert count(surface, scene.layout.header, OFFLINE, 10) == 0
    assert count(surface, scene.layout.call, RECALL, 10) > 5000  # the newest is a recall: marked
    assert [c.number for c in scene.calls] == ["1003", "3001", "1002", "A023", "2003"]  # the last 5, newest first


def test_only_open_counters_get_a_tile(hall):
    loop, scene = hall
    fill(scene)
    assert [s.counter for s in scene.open_counters()] == ["01", "02", "03", "04", "05", "06"]
    loop.frame()
    surface = loop.display.surface
    bottom = scene.layout.bottom
    row = pygame.Rect(bottom.x, bottom.y + 70, bottom.width, 8)
    # six tiles across the full width: panel colour spans most of that row, amber numbers below it
    assert count(surface, row, PANEL, 0) > bottom.width * 0.8 * 8
    assert count(surface, bottom, NUMBER) > 6000


def test_with_no_call_yet_the_band_is_empty_but_for_a_dash(hall):
    loop, scene = hall
    scene.set_online(True)
    loop.frame()
    surface = loop.display.surface
    assert count(surface, scene.layout.number, NUMBER) == 0


def test_offline_the_banner_replaces_the_header_and_the_last_state_stays(hall):
    loop, scene = hall
    fill(scene)
    scene.set_online(False)
    loop.frame()
    surface = loop.display.surface
    header = scene.layout.header
    assert count(surface, header, OFFLINE, 0) > header.width * header.height // 2
    assert count(surface, scene.layout.number, NUMBER) > scene.layout.number.width * scene.layout.number.height // 4


def test_every_string_the_display_shows_or_logs_is_in_the_bundled_font():
    texts = [*STRINGS, DEFAULT_TITLE, announcement("A023", "01"), announcement("1", "1", True),
             announcement_en("1", "1"), announcement_en("1", "1", True)]
    assert missing_glyphs(texts) == []


def test_screenshots_for_the_docs(hall):
    loop, scene = hall
    fill(scene)
    loop.frame()
    online = loop.screenshot(SCREENS / "display-hall.png")
    scene.set_online(False)
    loop.frame()
    offline = loop.screenshot(SCREENS / "display-hall-offline.png")
    for path in (online, offline):
        with Image.open(path) as png:
            assert png.size == (1920, 1080)
            assert png.convert("RGB").getpixel((5, 1075)) == GROUND
