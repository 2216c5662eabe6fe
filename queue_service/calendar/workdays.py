"""The working-day calendar of a centre: national holidays and swaps from `holidays`, admin overrides, office hours."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Iterable

import holidays

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class OfficeHours:
    """Working periods of one working day; 07:00–11:30 and 13:30–17:00 Mon–Fri by default (DOMAIN.md §4.4)."""

    open: dt.time = dt.time(7, 0)
    close: dt.time = dt.time(17, 0)
    lunch: tuple[dt.time, dt.time] | None = (dt.time(11, 30), dt.time(13, 30))
    days: frozenset[int] = frozenset(range(5))

    @classmethod
    def from_config(cls, hours) -> "OfficeHours":
        """From a CentreConfig.hours (days/open/close/lunch)."""
        lunch = (hours.lunch.start, hours.lunch.end) if hours.lunch else None
        days = frozenset(_WEEKDAYS.index(d) for d in hours.days)
        return cls(open=hours.open, close=hours.close, lunch=lunch, days=days)

    def periods(self) -> list[tuple[dt.time, dt.time]]:
        if self.lunch is None:
            return [(self.open, self.close)]
        return [(self.open, self.lunch[0]), (self.lunch[1], self.close)]

    @property
    def day_length(self) -> dt.timedelta:
        return sum((_span(a, b) for a, b in self.periods()), dt.timedelta())


def _span(a: dt.time, b: dt.time) -> dt.timedelta:
    day = dt.date(2000, 1, 1)
    return dt.datetime.combine(day, b) - dt.datetime.combine(day, a)


@dataclass
class WorkCalendar:
    """Which days are worked and when; times in and out are aware datetimes, worked in the centre's zone."""

    zone: zoneinfo.ZoneInfo = field(default_factory=lambda: zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    hours: OfficeHours = field(default_factory=OfficeHours)
    extra_days_off: frozenset[dt.date] = frozenset()
    extra_working_days: frozenset[dt.date] = frozenset()

    def __post_init__(self) -> None:
        # The package models Tết, Hùng Kings, 30/4, 1/5, 2/9 (+1 day from 2021), observed days and the
        # government's yearly swaps (`weekend_workdays`), per DOMAIN.md §4; years are added on demand.
        self._national = holidays.country_holidays("VN")
        self._cache: dict[dt.date, bool] = {}

    @classmethod
    def build(cls, zone, hours: OfficeHours, overrides: Iterable[tuple[dt.date, bool]] = ()) -> "WorkCalendar":
        """overrides: (day, is_working) pairs from the administrator's table."""
        off = frozenset(d for d, working in overrides if not working)
        on = frozenset(d for d, working in overrides if working)
        return cls(zone=zoneinfo.ZoneInfo(str(zone)), hours=hours, extra_days_off=off, extra_working_days=on)

    def is_working_day(self, day: dt.date) -> bool:
        known = self._cache.get(day)
        if known is None:
            known = self._cache[day] = self._decide(day)
        return known

    def _decide(self, day: dt.date) -> bool:
        if day in self.extra_days_off:
            return False
        if day in self.extra_working_days:
            return True
        if day in self._national:
            return False
        # A swapped working Saturday is worked even where Saturday is not an office day (Fri 21/08/2026 + 1 WD = Sat 22/08).
        if day in self._national.weekend_workdays:
            return True
        return day.weekday() in self.hours.days

    def holiday_name(self, day: dt.date) -> str | None:
        return self._national.get(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        day += dt.timedelta(days=1)
        for _ in range(400):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        raise ValueError(f"no working day within 400 days after {day}")

    def on_or_after(self, day: dt.date) -> dt.date:
        return day if self.is_working_day(day) else self.next_working_day(day)

    def periods_on(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        if not self.is_working_day(day):
            return []
        return [(self._at(day, a), self._at(day, b)) for a, b in self.hours.periods()]

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("naive datetime given to the calendar")
        return moment.astimezone(self.zone)

    def closing(self, day: dt.date) -> dt.datetime:
        return self._at(day, self.hours.close)

    def add_working_time(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """The moment when `amount` of office time has passed after `start` (TH CaculateTime's hour walk).
        Time outside office hours does not count; a result exactly at a period's end stays there."""
        start = self.local(start)
        day, left = start.date(), amount
        for _ in range(3700):
            for begin, end in self.periods_on(day):
                begin = max(begin, start)
                if begin >= end:
                    continue
                if left <= end - begin:
                    return begin + left
                left -= end - begin
            day = self.next_working_day(day)
        raise ValueError("processing time too long for the calendar")

    def working_time_between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """Office time between two moments (zero if b <= a)."""
        a, b = self.local(a), self.local(b)
        total, day = dt.timedelta(), a.date()
        while day <= b.date():
            for begin, end in self.periods_on(day):
                begin, end = max(begin, a), min(end, b)
                if end > begin:
                    total += end - begin
            day += dt.timedelta(days=1)
        return total
