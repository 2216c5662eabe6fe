"""The queue ticket: its bilingual wording (Vietnamese first, English second) laid out as printing blocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from devicekit.printing.layout import BigNumber, Feed, Layout, QrCode, Rule, Text

# Every fixed phrase the ticket can print; the font-coverage test walks these.
PHRASES = {
    "your_number": ("SỐ THỨ TỰ", "Your number"),
    "counter": ("Quầy phục vụ: {counter}", "Counter: {counter}"),
    "ahead": ("Số người đang chờ trước bạn: {n}", "People ahead: {n}"),
    "wait": ("Thời gian chờ dự kiến: ~{vi}", "Estimated wait: ~{en}"),
    "issued": ("Giờ lấy số: {time}", "Issued: {time}"),
    "scan": ("Quét mã để theo dõi lượt của bạn", "Scan to follow your turn"),
    "thanks": ("Xin cảm ơn!", "Thank you!"),
}
DURATION = {"vi": ("{m} phút", "{h} giờ {m} phút"), "en": ("{m} min", "{h} h {m} min")}


@dataclass(frozen=True)
class TicketData:
    """What a ticket says; numbers and field only, never the citizen's name (Decree 13/2023 privacy rule)."""

    centre: str
    field: str
    number: str
    issued_at: datetime
    people_ahead: int
    url: str
    wait_minutes: int | None = None
    counter: str | None = None


def duration(minutes: int, lang: str) -> str:
    short, long = DURATION[lang]
    if minutes < 60:
        return short.format(m=minutes)
    return long.format(h=minutes // 60, m=minutes % 60)


def bilingual(key: str, size: int = 22, bold: bool = False, **values: object) -> Text:
    vi, en = PHRASES[key]
    return Text(f"{vi.format(**values)} / {en.format(**values)}", size=size, bold=bold)


def ticket_layout(ticket: TicketData) -> Layout:
    blocks = [Text(*ticket.centre.splitlines(), size=26, bold=True), Rule(),
              bilingual("your_number", size=26, bold=True),
              BigNumber(ticket.number),
              Text(ticket.field, size=30, bold=True)]
    if ticket.counter:
        blocks.append(bilingual("counter", counter=ticket.counter))
    blocks += [Rule(), bilingual("ahead", n=ticket.people_ahead)]
    if ticket.wait_minutes is not None:
        blocks.append(bilingual("wait", vi=duration(ticket.wait_minutes, "vi"), en=duration(ticket.wait_minutes, "en")))
    blocks += [bilingual("issued", size=20, time=ticket.issued_at.strftime("%H:%M %d/%m/%Y")),
               Feed(1), QrCode(ticket.url), bilingual("scan", size=18), Feed(1),
               bilingual("thanks", size=24, bold=True)]
    return Layout(tuple(blocks), title=f"ticket {ticket.number}")
