"""A report's period: a local day, the ISO week or the calendar month around a day, in the centre's time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Literal

from queue_service.calendar.workdays import WorkCalendar

Kind = Literal["day", "week", "month"]
KINDS: tuple[str, ...] = ("day", "week", "month")


@dataclass(frozen=True)
class Period:
    kind: str
    first: dt.date  # first local day, included
    last: dt.date  # last local day, included
    zone: zoneinfo.ZoneInfo

    @classmethod
    def around(cls, kind: str, day: dt.date, zone: zoneinfo.ZoneInfo) -> "Period":
        """The day itself, its week (Monday to Sunday) or its month."""
        if kind == "day":
            return cls(kind, day, day, zone)
        if kind == "week":
            first = day - dt.timedelta(days=day.weekday())
            return cls(kind, first, first + dt.timedelta(days=6), zone)
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return cls(kind, first, following - dt.timedelta(days=1), zone)

    @property
    def begin(self) -> dt.datetime:
        """Local midnight starting the first day, as an aware datetime."""
        return dt.datetime.combine(self.first, dt.time(), tzinfo=self.zone)

    @property
    def end(self) -> dt.datetime:
        """Local midnight after the last day (excluded)."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), tzinfo=self.zone)

    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def working_days(self, calendar: WorkCalendar) -> int:
        """Days the centre works in the period: weekends and public holidays off, swapped Saturdays and the
        administrator's overrides as the calendar says."""
        return sum(1 for day in self.days() if calendar.is_working_day(day))

    def shifted(self, steps: int) -> "Period":
        """The period before (-1) or after (+1) this one, for the page's arrows."""
        anchor = self.first - dt.timedelta(days=1) if steps < 0 else self.last + dt.timedelta(days=1)
        return Period.around(self.kind, anchor, self.zone)
