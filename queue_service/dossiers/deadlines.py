"""The one place that computes an appointment (ngày hẹn trả) from a receipt time, a processing time and supplement pauses."""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from typing import Iterable

from queue_service.dossiers.limits import Limit, Unit
from queue_service.calendar.workdays import WorkCalendar

Pause = tuple[dt.datetime, dt.datetime]
SAME_DAY_CUTOFF = dt.time(15, 0)


def appointment(
    calendar: WorkCalendar,
    received: dt.datetime,
    limit: Limit,
    pauses: Iterable[Pause] = (),
    *,
    same_day_cutoff: dt.time = SAME_DAY_CUTOFF,
) -> dt.datetime:
    """Due moment, local to the centre. Working days and hours walk office time (8 h = 1 day with default
    hours, TH CaculateTime); calendar days and months only move a result falling on a day off (DOMAIN.md §4.1);
    same-day dossiers received after the cutoff are due the next working day (§4.3). Each pause
    (supplement requested → received) pushes the due moment later by the waiting time (§4.5)."""
    received = calendar.local(received)
    due = _statutory(calendar, received, limit, same_day_cutoff)
    shift = dt.timedelta()
    for start, end in sorted(pauses):
        start, end = calendar.local(start), calendar.local(end)
        if end <= start or start >= due:
            continue
        start = max(start, received)
        if limit.unit in (Unit.days, Unit.months):
            shift += end - start
            due = _roll_to_working_day(calendar, _unrolled(calendar, received, limit) + shift)
        else:
            due = calendar.add_working_time(end, calendar.working_time_between(start, due))
    return due


def _statutory(calendar: WorkCalendar, received: dt.datetime, limit: Limit, cutoff: dt.time) -> dt.datetime:
    if limit.unit is Unit.same_day:
        day = received.date()
        # Received on a day off, after the cutoff or after closing: ready at closing time the next working day.
        if not calendar.is_working_day(day) or received.time() > cutoff:
            day = calendar.next_working_day(day)
        return calendar.closing(day)
    if limit.unit is Unit.hours:
        return calendar.add_working_time(received, dt.timedelta(hours=limit.value))
    if limit.unit is Unit.working_days:
        return calendar.add_working_time(received, calendar.hours.day_length * limit.value)
    return _roll_to_working_day(calendar, _unrolled(calendar, received, limit))


def _unrolled(calendar: WorkCalendar, received: dt.datetime, limit: Limit) -> dt.datetime:
    """Calendar-day or month arithmetic before a day off is skipped; the time of day is kept within office hours."""
    if limit.unit is Unit.days:
        target = received.date() + dt.timedelta(days=round(limit.value))
    else:
        months = received.month - 1 + int(limit.value)
        year, month = received.year + months // 12, months % 12 + 1
        target = dt.date(year, month, min(received.day, month_calendar.monthrange(year, month)[1]))
    time = min(max(received.time(), calendar.hours.open), calendar.hours.close)
    return dt.datetime.combine(target, time, tzinfo=calendar.zone)


def _roll_to_working_day(calendar: WorkCalendar, due: dt.datetime) -> dt.datetime:
    day = calendar.on_or_after(due.date())
    return due if day == due.date() else dt.datetime.combine(day, due.timetz())
