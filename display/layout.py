"""Where things go on the calling screens, landscape (1920×1080) or portrait (1080×1920): rectangles of the logical
surface, computed once per screen. The screen's shape picks the arrangement; tests check regions by these names."""

from __future__ import annotations

from dataclasses import dataclass

from pygame import Rect

MARGIN = 40
GAP = 24


def portrait(size: tuple[int, int]) -> bool:
    return size[1] > size[0]


def _rows(area: Rect, *shares: float, gap: int = 0) -> list[Rect]:
    """`area` cut top to bottom into rows of the given shares of its height (after the gaps)."""
    free = area.height - gap * (len(shares) - 1)
    rows, top = [], area.top
    for i, share in enumerate(shares):
        height = area.bottom - top if i == len(shares) - 1 else round(free * share)
        rows.append(Rect(area.left, top, area.width, height))
        top += height + gap
    return rows


@dataclass(frozen=True)
class Frame:
    """What both modes share: the header (centre's name, date, clock; the offline banner over it), the body, and
    the ticker line at the bottom (none when the display has no ticker)."""

    size: tuple[int, int]
    header: Rect
    body: Rect
    ticker: Rect | None

    @classmethod
    def of(cls, size: tuple[int, int], ticker: bool) -> "Frame":
        w, h = size
        header = Rect(0, 0, w, round(h * (0.09 if portrait(size) else 0.12)))
        ticker_h = round(h * (0.045 if portrait(size) else 0.068)) if ticker else 0
        strip = Rect(0, h - ticker_h, w, ticker_h) if ticker else None
        body = Rect(MARGIN, header.bottom + GAP, w - 2 * MARGIN, h - ticker_h - header.bottom - 2 * GAP)
        return cls(size, header, body, strip)


@dataclass(frozen=True)
class CallPanel:
    """The newest call: the prompt, the number's ink band, "đến Quầy số 5" with the counter's name, and the
    English line (an empty rectangle when the display shows no English)."""

    panel: Rect
    prompt: Rect
    number: Rect
    counter: Rect
    english: Rect

    @classmethod
    def of(cls, panel: Rect, english: bool) -> "CallPanel":
        inner = panel.inflate(-2 * GAP, -GAP)
        shares = (0.17, 0.5, 0.21, 0.12) if english else (0.17, 0.53, 0.3, 0.0)
        prompt, number, counter, line = _rows(inner, *shares)
        return cls(panel, prompt, number.inflate(-2 * GAP, 0), counter, line if english else Rect(0, 0, 0, 0))


@dataclass(frozen=True)
class HallLayout:
    """The hall screen: the newest call, the last calls, and a tile per open counter."""

    frame: Frame
    call: CallPanel
    history: Rect
    counters: Rect

    @property
    def number(self) -> Rect:
        return self.call.number

    @classmethod
    def of(cls, size: tuple[int, int], *, ticker: bool = False, english: bool = False) -> "HallLayout":
        frame = Frame.of(size, ticker)
        if portrait(size):
            call, history, counters = _rows(frame.body, 0.37, 0.3, 0.33, gap=GAP)
        else:
            main, counters = _rows(frame.body, 0.66, 0.34, gap=GAP)
            split = main.left + round(main.width * 0.62)
            call = Rect(main.left, main.top, split - main.left, main.height)
            history = Rect(split + GAP, main.top, main.right - split - GAP, main.height)
        return cls(frame, CallPanel.of(call, english), history, counters)


@dataclass(frozen=True)
class BoardLayout:
    """The waiting board: a heading row and one row per field."""

    frame: Frame
    heading: Rect
    rows: Rect

    @classmethod
    def of(cls, size: tuple[int, int], *, ticker: bool = False) -> "BoardLayout":
        frame = Frame.of(size, ticker)
        heading_h = round(frame.body.height * (0.06 if portrait(size) else 0.1))
        heading = Rect(frame.body.left, frame.body.top, frame.body.width, heading_h)
        rows = Rect(frame.body.left, heading.bottom + GAP // 2, frame.body.width,
                    frame.body.bottom - heading.bottom - GAP // 2)
        return cls(frame, heading, rows)
