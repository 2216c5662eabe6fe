"""The one shape of a queue ticket on the wire, and the slip a kiosk prints for it.

`IssuedTicket` is what `ticket.issue` answers; `ticket_document` is the printed slip, built by the service and sent
with it, so every kiosk prints the same words (../shared/COPY-VI.md) whatever its printer. No personal data is ever
on a ticket (Decree 13/2023, Law 91/2025): number, field, counters, waits, time and the QR of the live page.
"""

from __future__ import annotations

import zoneinfo
from typing import Literal

from pydantic import AwareDatetime, Field

from wire.messages import WireModel, utcnow
from wire.printing import CutBlock, FeedBlock, NumberBlock, PrintDocument, QrBlock, RuleBlock, TextBlock

Locale = Literal["vi", "en"]

# Every fixed phrase the ticket prints (Vietnamese, English); the font-coverage test walks these.
PHRASES: dict[str, tuple[str, str]] = {
    "title": ("PHIẾU SỐ THỨ TỰ", "QUEUE TICKET"),
    "counters": ("Quầy phục vụ: {counters}", "Counters: {counters}"),
    "waiting": ("Số người đang chờ: {n}", "People waiting: {n}"),
    "wait": ("Thời gian chờ dự kiến: khoảng {vi}", "Estimated wait: about {en}"),
    "issued": ("{time}", "{time}"),
    "scan": ("Quét mã để theo dõi lượt của Ông/Bà", "Scan to follow your turn"),
    "keep": ("Vui lòng giữ phiếu và chờ gọi số", "Please keep this ticket and wait to be called"),
    "priority": ("Ưu tiên: {vi}", "Priority: {en}"),
    "booking": ("Đặt lịch hẹn", "Booked appointment"),
}
DURATION = {"vi": ("{m} phút", "{h} giờ {m} phút"), "en": ("{m} min", "{h} h {m} min")}


class IssuedTicket(WireModel):
    """A ticket the service has issued: what a kiosk shows on its confirmation screen and prints."""

    id: int = Field(ge=1, description="internal id (staff and device use)")
    public_id: str = Field(max_length=64, description="unguessable id of the live ticket page")
    number: str = Field(max_length=16, description="ticket number, e.g. 1023 or A023")
    field: str = Field(max_length=32, description="field code")
    field_name_vi: str = Field(max_length=120, description="field name in Vietnamese")
    field_name_en: str = Field(max_length=120, description="field name in English")
    channel: Literal["kiosk", "booking", "counter", "web"] = Field("kiosk", description="where it was taken")
    priority_group: str | None = Field(None, max_length=32, description="priority group code, if any")
    priority_name_vi: str | None = Field(None, max_length=120, description="priority group name in Vietnamese")
    priority_name_en: str | None = Field(None, max_length=120, description="priority group name in English")
    people_ahead: int = Field(ge=0, description="tickets of its field that will be called before it")
    estimated_wait_min: int | None = Field(None, ge=0, description="estimated wait; none when no counter serves it now")
    counters: list[str] = Field(default_factory=list, max_length=64, description="counters serving its field")
    issued_at: AwareDatetime = Field(default_factory=utcnow, description="issue time (UTC)")
    public_url: str = Field(max_length=300, description="live page of this ticket (the QR code)")

    @property
    def position(self) -> int:
        return self.people_ahead + 1


def duration(minutes: int, locale: Locale) -> str:
    short, long = DURATION[locale]
    return short.format(m=minutes) if minutes < 60 else long.format(h=minutes // 60, m=minutes % 60)


def _line(key: str, locale: Locale, **values) -> str:
    """One bilingual line, the chosen language first; the renderer breaks it at " / " when it is too wide."""
    vi, en = PHRASES[key]
    first, second = (vi, en) if locale == "vi" else (en, vi)
    a, b = first.format(**values), second.format(**values)
    return a if a == b else f"{a} / {b}"


def ticket_document(ticket: IssuedTicket, centre_vi: str, centre_en: str, timezone: str,
                    locale: Locale = "vi") -> PrintDocument:
    """The printed slip: centre, title, field, the number largest, counters, people waiting and the estimated wait,
    time, the QR of the live page and the words asking to keep the ticket (../shared/COPY-VI.md, Printed ticket)."""
    local = ticket.issued_at.astimezone(zoneinfo.ZoneInfo(timezone))
    field = ticket.field_name_vi if locale == "vi" else ticket.field_name_en
    other_field = ticket.field_name_en if locale == "vi" else ticket.field_name_vi
    wait_values = {}
    if ticket.estimated_wait_min is not None:
        wait_values = {"vi": duration(ticket.estimated_wait_min, "vi"), "en": duration(ticket.estimated_wait_min, "en")}
    blocks = [
        TextBlock(lines=[centre_vi if locale == "vi" else centre_en], size=24, bold=True),
        RuleBlock(),
        TextBlock(lines=[_line("title", locale)], size=26, bold=True),
        TextBlock(lines=[field], size=30, bold=True),
        TextBlock(lines=[other_field], size=20),
        NumberBlock(text=ticket.number),
    ]
    if ticket.priority_group:
        group = {"vi": ticket.priority_name_vi or ticket.priority_group, "en": ticket.priority_name_en or ticket.priority_group}
        blocks.append(TextBlock(lines=[_line("priority", locale, **group)], size=22, bold=True))
    if ticket.channel == "booking":
        blocks.append(TextBlock(lines=[_line("booking", locale)], size=22, bold=True))
    if ticket.counters:
        blocks.append(TextBlock(lines=[_line("counters", locale, counters=", ".join(_counter_label(c) for c in ticket.counters))],
                                size=24))
    blocks += [RuleBlock(), TextBlock(lines=[_line("waiting", locale, n=ticket.people_ahead)], size=24)]
    if wait_values:
        blocks.append(TextBlock(lines=[_line("wait", locale, **wait_values)], size=24))
    blocks += [
        TextBlock(lines=[local.strftime("%H:%M  %d/%m/%Y")], size=22),
        FeedBlock(lines=1),
        QrBlock(data=ticket.public_url),
        TextBlock(lines=[_line("scan", locale)], size=20),
        FeedBlock(lines=1),
        TextBlock(lines=[_line("keep", locale)], size=22, bold=True),
        CutBlock(),
    ]
    return PrintDocument(title=f"ticket {ticket.number}", blocks=blocks)


def _counter_label(counter: str) -> str:
    """Counter ids are zero-padded slugs ('05'); a ticket prints the counter as people say it (5)."""
    return counter.lstrip("0") or "0"
