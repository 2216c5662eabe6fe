"""The calling screens rendered headless and checked by region: the hall (landscape and portrait; a new call blinks,
a recall is marked, the English line, offline, many counters with long names, the ticker) and the waiting board.
Every text fits (none overflows), every string is in the bundled font. Writes docs/screens/display-*.png."""

from __future__ import annotations

import datetime as dt

import pygame
import pytest
from PIL import Image

from devicekit.ui.coverage import missing_glyphs
from display.agent import DEFAULT_TITLE
from display.chrome import FLASH, GROUND, MUTED, NUMBER, OFFLINE, PANEL, RECALL, TEXT, TICKER
from display.phrases import announcement, announcement_en
from display.wording import counter_title, every_phrase, long_date
from tests.agent.display_screens import (
    FIELDS, LANDSCAPE, PORTRAIT, SCREENS, TICKER as NEWS, Ticks, at, board, build, counter_state, fill, share,
)
from wire.queue_messages import Call

LONG_TITLE = "Trung tâm Phục vụ hành chính công tỉnh Bà Rịa – Vũng Tàu, cơ sở 2 (Khu hành chính thành phố)"


@pytest.fixture
def screens():
    opened = []

    def make(*args, **kwargs):
        loop, scene = build(*args, **kwargs)
        opened.append(loop)
        return loop, scene
    yield make
    for loop in opened:
        loop.close()


def frame(loop) -> pygame.Surface:
    loop.frame()
    return loop.display.surface


def shot(loop, name: str) -> pygame.Surface:
    path = loop.screenshot(SCREENS / name)
    with Image.open(path) as png:
        assert png.size == loop.settings.size
    return pygame.image.load(str(path))


@pytest.mark.parametrize("size, name", [(LANDSCAPE, "display-hall.png"), (PORTRAIT, "display-hall-portrait.png")])
def test_the_hall_shows_the_newest_call_huge_the_last_calls_and_the_open_counters(screens, size, name):
    loop, scene = screens(size, ticker=NEWS)
    fill(scene)
    scene.monotonic.now += 60  # the blink is over
    frame(loop)
    surface = shot(loop, name)
    layout = scene.layout
    band = layout.number
    assert band.width >= size[0] * 0.5 and band.height >= 0.24 * min(size)  # figures a quarter of the screen tall
    assert share(surface, band, NUMBER) > 0.25  # "1003" in amber fills its band
    assert share(surface, layout.frame.header, OFFLINE, 10) == 0
    assert share(surface, layout.call.prompt, RECALL, 10) > 0.05  # the newest is a recall: marked
    assert share(surface, layout.history, NUMBER) > 0.003 and share(surface, layout.history, TEXT) > 0.02
    assert share(surface, layout.counters, NUMBER) > 0.05  # five tiles with an amber number
    assert share(surface, layout.frame.ticker, TICKER, 0) > 0.5 and share(surface, layout.frame.ticker, TEXT) > 0.05
    assert [c.number for c in scene.calls] == ["1003", "3001", "1002", "A023", "2003"]
    assert [s.counter for s in scene.open_counters()] == ["01", "02", "03", "04", "05", "11"]
    assert scene.overflowing == set()


def test_a_new_call_blinks_for_a_few_seconds_then_stays(screens):
    ticks = Ticks()
    loop, scene = screens(ticks=ticks)
    fill(scene)
    panel = scene.layout.call.panel
    ticks.now += 0.1
    assert share(frame(loop), panel, FLASH, 0) > 0.4  # bright half: an amber panel, the number in navy
    assert share(loop.display.surface, scene.layout.number, GROUND, 0) > 0.2
    shot(loop, "display-hall-new-call.png")
    ticks.now += 0.5
    assert share(frame(loop), panel, PANEL, 0) > 0.4  # dark half: the panel as usual, the number amber
    ticks.now += 0.5
    assert share(frame(loop), panel, FLASH, 0) > 0.4
    ticks.now += scene.flash_s
    assert share(frame(loop), panel, PANEL, 0) > 0.4 and not scene.flashing()


def test_a_recall_is_marked_and_the_english_line_is_shown_when_asked(screens):
    loop, scene = screens(english=True)
    fill(scene)
    scene.monotonic.now += 60
    surface = shot(loop, "display-hall-recall-english.png")
    call = scene.layout.call
    assert share(surface, call.prompt, RECALL, 10) > 0.05
    assert call.english.height > 0 and share(surface, call.english, MUTED, 20) > 0.03  # the English line is drawn
    assert scene.overflowing == set()
    loop2, plain = screens()
    assert plain.layout.call.english.height == 0


@pytest.mark.parametrize("size, name", [(LANDSCAPE, "display-hall-offline.png"),
                                        (PORTRAIT, "display-hall-offline-portrait.png")])
def test_offline_the_banner_covers_the_header_and_the_last_state_stays(screens, size, name):
    loop, scene = screens(size, english=True)
    fill(scene)
    scene.monotonic.now += 60
    scene.set_online(False)
    surface = shot(loop, name)
    assert share(surface, scene.layout.frame.header, OFFLINE, 0) > 0.5
    assert share(surface, scene.layout.number, NUMBER) > 0.25
    assert share(surface, scene.layout.counters, NUMBER) > 0.05
    assert scene.overflowing == set()


def test_many_counters_long_names_a_long_title_and_ticker_all_fit(screens):
    names = ["Quầy Bảo hiểm xã hội – Bảo hiểm y tế – Bảo trợ xã hội", "Quầy Hộ tịch", "Quầy Đăng ký kinh doanh"]
    counters = [(f"{n:02d}", f"{1000 + n}", "HT", names[n % 3]) for n in range(1, 21)]
    for size, name in ((LANDSCAPE, "display-hall-many.png"), (PORTRAIT, "display-hall-many-portrait.png")):
        loop, scene = screens(size, title=LONG_TITLE, ticker=" ".join([NEWS] * 3), english=True, history=8)
        fill(scene, counters)
        scene.add_call(Call(seq=99, number="1020", counter="20", field="HT", ts=at(30)))
        scene.monotonic.now += 60
        surface = shot(loop, name)
        assert len(scene.open_counters()) == 20
        assert scene.overflowing == set(), scene.overflowing
        assert share(surface, scene.layout.counters, NUMBER) > 0.04
        assert share(surface, scene.layout.frame.header, TEXT) > 0.03  # the long title is drawn, wrapped


def test_a_long_ticker_scrolls_and_a_short_one_stands_still(screens):
    ticks = Ticks()
    loop, scene = screens(ticker=NEWS, ticks=ticks)
    strip = scene.layout.frame.ticker
    first = pygame.image.tobytes(frame(loop).subsurface(strip), "RGB")
    ticks.now += 1.0
    assert pygame.image.tobytes(frame(loop).subsurface(strip), "RGB") != first
    loop2, still = screens(ticker="Giờ làm việc: 7:00–11:30, 13:30–17:00", ticks=ticks)
    strip = still.layout.frame.ticker
    first = pygame.image.tobytes(frame(loop2).subsurface(strip), "RGB")
    ticks.now += 1.0
    assert pygame.image.tobytes(frame(loop2).subsurface(strip), "RGB") == first
    assert share(loop2.display.surface, strip, TEXT) > 0.03


def test_a_closed_or_cleared_counter_loses_its_tile(screens):
    loop, scene = screens()
    fill(scene)
    scene.set_counter(counter_state("03", None, None, "Quầy Chứng thực", status="closed"))
    scene.clear_counter("04")
    assert [s.counter for s in scene.open_counters()] == ["01", "02", "05", "11"]
    assert scene.counter_name("04") is None


def test_after_a_restart_the_retained_states_give_the_newest_call_and_the_last_ones(screens):
    loop, scene = screens()
    for minute, (counter, number) in enumerate([("02", "1002"), ("01", "1005"), ("03", None)]):
        scene.set_counter(counter_state(counter, number, "HT", "Quầy Hộ tịch", minute), retained=True)
    scene.set_online(True)
    assert [(s.number, s.counter, s.restored) for s in scene.calls] == [("1005", "01", True), ("1002", "02", True)]
    assert not scene.flashing()  # restored, not new: no blink
    assert share(frame(loop), scene.layout.number, NUMBER) > 0.25
    scene.add_call(Call(seq=7, number="1005", counter="01", field="HT", recall=1, ts=at(5)))  # its recall
    assert [(s.number, s.recall, s.restored) for s in scene.calls] == [("1005", True, False), ("1002", False, True)]
    assert scene.flashing()


@pytest.mark.parametrize("size, english, name", [(LANDSCAPE, True, "display-waiting.png"),
                                                 (PORTRAIT, False, "display-waiting-portrait.png")])
def test_the_waiting_board_shows_per_field_the_number_served_the_people_waiting_and_the_wait(screens, size, english,
                                                                                               name):
    loop, scene = screens(size, mode="waiting", ticker=NEWS, english=english)
    assert share(frame(loop), scene.layout.rows, MUTED) > 0.001  # "Đang cập nhật số liệu…" until the board comes
    fill(scene)
    surface = shot(loop, name)
    assert [f.field for f in scene.fields] == [f[0] for f in FIELDS]
    assert scene.serving("HT") == "1002" and scene.serving("DD") is None  # HT: the newer of counters 1 and 2
    rows = dict(zip((f.field for f in scene.fields), scene.row_rects()))
    assert share(surface, scene.cells(rows["HT"])[1], NUMBER) > 0.08  # the number served, in amber
    assert share(surface, scene.cells(rows["DD"])[1], NUMBER) == 0  # none: a dash
    assert share(surface, scene.cells(rows["HT"])[2], TEXT) > 0.05  # 12 waiting
    assert share(surface, scene.layout.rows, PANEL, 0) > 0.4
    assert scene.overflowing == set()
    assert len(scene.tables()) == (2 if size == LANDSCAPE else 1)


def test_the_waiting_board_shows_the_fields_its_file_names_in_that_order(screens):
    loop, scene = screens(mode="waiting", fields=["DD", "HT"])
    scene.set_board(board())
    assert [f.field for f in scene.fields] == ["DD", "HT"]


def test_dates_and_counter_titles_in_vietnamese():
    assert long_date(dt.date(2026, 12, 7)) == "Thứ Hai, 07/12/2026"
    assert long_date(dt.date(2026, 12, 13)) == "Chủ Nhật, 13/12/2026"
    assert counter_title("05", "Quầy Hộ tịch") == "Quầy 5 – Hộ tịch"
    assert counter_title("12", "Tổng hợp") == "Quầy 12 – Tổng hợp"
    assert counter_title("05", None) == "Quầy 5"


def test_every_string_the_display_shows_or_logs_is_in_the_bundled_font():
    texts = [*every_phrase(), DEFAULT_TITLE, LONG_TITLE, NEWS, *(f[1] for f in FIELDS), *(f[2] for f in FIELDS),
             announcement("A023", "01"), announcement("1", "1", True), announcement_en("1", "1"),
             announcement_en("1", "1", True)]
    assert missing_glyphs(texts) == []
