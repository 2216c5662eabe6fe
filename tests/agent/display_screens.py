"""Builds the display's scenes headless for the scene tests and the frame bench: a fixed date and clock, a clock of
animations the test moves by hand, and sample calls, counters (with the demo centre's names) and a board."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pygame

from devicekit.ui import Fonts, ScreenSettings, Stage, UiLoop
from display.agent import DEFAULT_TITLE
from display.board import BoardScene
from display.chrome import Chrome
from display.layout import BoardLayout, HallLayout
from display.scenes import DisplayScene, HallScene
from wire.queue_messages import Board, BoardField, Call, CounterState

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)
MONDAY = dt.datetime(2026, 12, 7, 9, 41)
TICKER = ("Giờ làm việc: sáng 7:00–11:30, chiều 13:30–17:00, từ Thứ Hai đến Thứ Sáu và sáng Thứ Bảy. "
          "Ông/Bà vui lòng giữ phiếu số thứ tự và chờ gọi số; tra cứu hồ sơ tại máy lấy số.")
CALLS = [("1001", "01", 0), ("2003", "03", 0), ("A023", "11", 1), ("1002", "02", 0), ("3001", "04", 0),
         ("1003", "01", 1)]
COUNTERS = [("01", "1003", "HT", "Quầy Hộ tịch"), ("02", "1002", "HT", "Quầy Hộ tịch"),
            ("03", "2003", "CT", "Quầy Chứng thực"), ("04", "3001", "LLTP", "Quầy Lý lịch tư pháp"),
            ("05", None, None, "Quầy Đất đai"), ("11", "A023", "CCCD", "Quầy Căn cước – Cư trú")]
FIELDS = [("HT", "Tư pháp – Hộ tịch", "Justice – Civil status", 12, 15, 2),
          ("CT", "Chứng thực", "Certification", 4, 5, 1),
          ("LLTP", "Lý lịch tư pháp", "Criminal records", 7, 20, 1),
          ("DD", "Đất đai", "Land", 9, 45, 1),
          ("XD", "Xây dựng", "Construction", 0, None, 0),
          ("DKKD", "Đăng ký kinh doanh", "Business registration", 3, 12, 1),
          ("THUE", "Thuế", "Tax", 2, 8, 1),
          ("BHXH", "Bảo hiểm xã hội – Bảo hiểm y tế", "Social and health insurance", 15, 75, 1),
          ("BTXH", "Bảo trợ xã hội – Người có công", "Social protection – Meritorious people", 1, 9, 1),
          ("CCCD", "Cư trú – Căn cước", "Residence – ID card", 21, 30, 1),
          ("GT", "Giao thông vận tải", "Transport", 5, 18, 1),
          ("YTE", "Y tế – An toàn thực phẩm", "Health – Food safety", 2, 10, 1)]


class Ticks:
    """The scenes' clock of animations (blink, ticker), moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def build(size=LANDSCAPE, *, mode: str = "hall", title: str = DEFAULT_TITLE, ticker: str = "",
          english: bool = False, history: int = 5, fields: list[str] | None = None, ticks: Ticks | None = None,
          clock=lambda: MONDAY, **screen) -> tuple[UiLoop, DisplayScene]:
    """An open UiLoop showing the scene `motcua display` would show for this section of its file; `screen`: more
    ScreenSettings (the window's size, fps)."""
    fonts, ticks = Fonts(), ticks or Ticks()
    layout = (HallLayout.of(size, ticker=bool(ticker), english=english) if mode == "hall"
              else BoardLayout.of(size, ticker=bool(ticker)))
    chrome = Chrome(fonts, layout.frame, title=title, ticker=ticker, english=english, clock=clock)
    scene = (HallScene(fonts, layout, chrome, history=history, monotonic=ticks) if mode == "hall"
             else BoardScene(layout, chrome, fields=fields, monotonic=ticks))
    loop = UiLoop(ScreenSettings(width=size[0], height=size[1], **screen), Stage(scene)).open()
    return loop, scene


def at(minute: int) -> dt.datetime:
    return dt.datetime(2026, 12, 7, 2, minute, tzinfo=dt.timezone.utc)


def counter_state(counter: str, number: str | None, field: str | None, name: str | None, minute: int = 0,
                  status: str = "open") -> CounterState:
    return CounterState(counter=counter, number=number, field=field, name=name, status=status,
                        ticket_state="called" if number else None, ts=at(minute))


def fill(scene: DisplayScene, counters=COUNTERS) -> None:
    for minute, (counter, number, field, name) in enumerate(counters):
        scene.set_counter(counter_state(counter, number, field, name, minute))
    for seq, (number, counter, recall) in enumerate(CALLS, start=1):
        scene.add_call(Call(seq=seq, number=number, counter=counter, field="HT", recall=recall, ts=at(10 + seq)))
    scene.set_board(board())
    scene.set_online(True)


def board(fields=FIELDS) -> Board:
    return Board(fields=[BoardField(field=code, name=vi, name_en=en_, waiting=waiting, estimated_wait_min=wait,
                                    counters_open=open_) for code, vi, en_, waiting, wait, open_ in fields])


def share(surface: pygame.Surface, rect: pygame.Rect, colour, tolerance: int = 40) -> float:
    """The part of `rect` painted in `colour` (within `tolerance` on each channel)."""
    limit = tolerance + 1
    hits = pygame.mask.from_threshold(surface.subsurface(rect), colour, (limit, limit, limit, 255)).count()
    return hits / (rect.width * rect.height)
