"""The working-day calendar and the one appointment function: DOMAIN.md §4 worked examples, Tết, swaps, 15:00, hours, pauses."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from queue_service.dossiers.deadlines import appointment
from queue_service.dossiers.limits import Limit, Unit
from queue_service.calendar.workdays import OfficeHours, WorkCalendar
from queue_service.errors import DomainError

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN)


def due(received: str, limit: str, calendar: WorkCalendar | None = None, pauses=()) -> str:
    result = appointment(calendar or WorkCalendar(), at(received), Limit.parse(limit), [(at(a), at(b)) for a, b in pauses])
    return result.replace(tzinfo=None).isoformat(timespec="minutes")


# DOMAIN.md §4, "Worked examples", one row each (dates without a time are tested at 09:00).
@pytest.mark.parametrize(
    "received, limit, expected",
    [
        ("2026-02-12 10:00", "5 working-days", "2026-02-26T10:00"),  # Tết 16–20/02
        ("2026-04-24 09:00", "3 working-days", "2026-05-04T09:00"),  # 27/04 observed Hùng Kings; 30/04, 01/05
        ("2026-08-28 09:00", "3 working-days", "2026-09-07T09:00"),  # 31/08 swapped day off; 01–02/09
        ("2026-08-21 09:00", "1 working-days", "2026-08-22T09:00"),  # swapped working Saturday
        ("2026-11-20 09:00", "2 working-days", "2026-11-25T09:00"),  # 24/11 Culture Day (package)
        ("2026-11-16 10:30", "4 hours", "2026-11-16T16:30"),  # Mon: lunch break skipped
        ("2026-11-16 15:30", "4 hours", "2026-11-17T09:30"),  # 1.5 h today, 2.5 h from 07:00
        ("2026-11-16 15:20", "same-day", "2026-11-17T17:00"),  # 15:00 rule: next working day
    ],
)
def test_domain_worked_examples(received, limit, expected):
    assert due(received, limit) == expected


@pytest.mark.parametrize(
    "received, limit, expected",
    [
        ("2019-02-01 10:00", "1 working-days", "2019-02-11T10:00"),  # Tết 04–08/02/2019
        ("2023-01-19 10:00", "2 working-days", "2023-01-30T10:00"),  # Tết 20–26/01/2023
        ("2024-02-07 10:00", "2 working-days", "2024-02-16T10:00"),  # Tết 08–14/02/2024
        ("2025-01-22 10:00", "5 working-days", "2025-02-05T10:00"),  # Tết 27/01–01/02/2025
        ("2026-02-13 08:00", "1 working-days", "2026-02-23T08:00"),  # Tết 2026 from the Friday before
    ],
)
def test_tet_across_years(received, limit, expected):
    assert due(received, limit) == expected


@pytest.mark.parametrize(
    "received, expected",
    [
        ("2019-01-04 09:00", "2019-01-05T09:00"),
        ("2024-05-03 09:00", "2024-05-04T09:00"),
        ("2025-04-25 09:00", "2025-04-26T09:00"),
        ("2026-08-21 09:00", "2026-08-22T09:00"),
    ],
)
def test_swapped_working_saturdays(received, expected):
    assert due(received, "1 working-days") == expected


def test_swapped_day_off_is_not_worked():
    calendar = WorkCalendar()
    assert not calendar.is_working_day(dt.date(2025, 5, 2))  # swapped with Sat 26/04/2025
    assert not calendar.is_working_day(dt.date(2026, 8, 31))


@pytest.mark.parametrize(
    "received, expected",
    [
        ("2026-11-16 06:30", "2026-11-16T17:00"),  # before opening: same day
        ("2026-11-16 14:59", "2026-11-16T17:00"),
        ("2026-11-16 15:00", "2026-11-16T17:00"),  # "after 15:00" is strictly after
        ("2026-11-16 15:01", "2026-11-17T17:00"),
        ("2026-11-20 15:20", "2026-11-23T17:00"),  # Friday → Monday
        ("2026-11-21 09:00", "2026-11-23T17:00"),  # Saturday receipt (online) → Monday
        ("2026-11-23 16:00", "2026-11-25T17:00"),  # next working day skips the 24/11 holiday
    ],
)
def test_same_day_15h_rule(received, expected):
    assert due(received, "same-day") == expected


@pytest.mark.parametrize(
    "received, limit, expected",
    [
        ("2026-11-16 11:00", "1 hours", "2026-11-16T14:00"),  # 30 min before lunch, 30 after
        ("2026-11-16 12:00", "1 hours", "2026-11-16T14:30"),  # received during lunch
        ("2026-11-16 11:00", "0.5 hours", "2026-11-16T11:30"),  # ends exactly at the break
        ("2026-11-16 18:00", "4 hours", "2026-11-17T11:00"),  # after closing: counts from 07:00
        ("2026-11-16 16:00", "8 hours", "2026-11-17T16:00"),
        ("2026-11-20 16:30", "2 hours", "2026-11-23T08:30"),  # Friday evening → Monday morning
        ("2026-11-16 10:00", "0.5 working-days", "2026-11-16T16:00"),  # 4 h
    ],
)
def test_hour_limits_across_lunch_and_evening(received, limit, expected):
    assert due(received, limit) == expected


@pytest.mark.parametrize(
    "received, limit, expected",
    [
        ("2026-11-16 09:00", "10 days", "2026-11-26T09:00"),
        ("2026-11-12 09:00", "10 days", "2026-11-23T09:00"),  # lands on Sun 22/11 → Monday
        ("2026-11-14 09:00", "10 days", "2026-11-25T09:00"),  # lands on the 24/11 holiday → 25/11
        ("2026-01-31 09:00", "1 months", "2026-03-02T09:00"),  # 28/02 (Sat) → Mon 02/03
        ("2026-11-16 18:30", "10 days", "2026-11-26T17:00"),  # time of day kept within office hours
    ],
)
def test_calendar_days_and_months_only_move_off_days(received, limit, expected):
    assert due(received, limit) == expected


def test_supplement_pause_moves_due_by_the_waiting_time():
    assert due("2026-11-16 09:00", "3 working-days") == "2026-11-19T09:00"
    # Waiting one full working day (Tue 09:00 → Wed 09:00) pushes the due date one working day.
    assert due("2026-11-16 09:00", "3 working-days", pauses=[("2026-11-17 09:00", "2026-11-18 09:00")]) == "2026-11-20T09:00"
    # Paused over a weekend: only office time counts (Fri 16:00–17:00 and Mon 07:00–08:00 = 2 h).
    assert due("2026-11-19 09:00", "2 working-days", pauses=[("2026-11-20 16:00", "2026-11-23 08:00")]) == "2026-11-23T11:00"
    # Two pauses add up; a pause after the due moment changes nothing.
    two = [("2026-11-16 10:00", "2026-11-16 11:00"), ("2026-11-16 14:00", "2026-11-16 15:00")]
    assert due("2026-11-16 09:00", "4 hours", pauses=two) == "2026-11-16T17:00"
    assert due("2026-11-16 09:00", "4 hours", pauses=[("2026-11-18 09:00", "2026-11-19 09:00")]) == "2026-11-16T15:00"


def test_pause_on_calendar_day_limits_shifts_by_clock_time():
    assert due("2026-11-16 09:00", "10 days", pauses=[("2026-11-17 09:00", "2026-11-20 09:00")]) == "2026-11-30T09:00"


def test_overrides_add_days_off_and_working_days():
    calendar = WorkCalendar(extra_days_off=frozenset({dt.date(2026, 11, 18)}))
    assert due("2026-11-16 09:00", "3 working-days", calendar) == "2026-11-20T09:00"
    # Tết 2025 make-up Saturday 08/02/2025 is not in the package: an administrator adds it.
    assert due("2025-02-07 10:00", "1 working-days") == "2025-02-10T10:00"
    worked = WorkCalendar(extra_working_days=frozenset({dt.date(2025, 2, 8)}))
    assert due("2025-02-07 10:00", "1 working-days", worked) == "2025-02-08T10:00"
    # A day off the administrator adds wins over anything else, even a swapped working Saturday.
    closed = WorkCalendar(extra_days_off=frozenset({dt.date(2026, 8, 22)}))
    assert due("2026-08-21 09:00", "1 working-days", closed) == "2026-08-24T09:00"


def test_configured_office_hours_change_the_day_length():
    hours = OfficeHours(open=dt.time(7, 30), close=dt.time(16, 30), lunch=(dt.time(11, 30), dt.time(13, 0)), days=frozenset(range(6)))
    calendar = WorkCalendar(hours=hours)
    assert hours.day_length == dt.timedelta(hours=7.5)
    assert due("2026-11-20 10:00", "1 working-days", calendar) == "2026-11-21T10:00"  # Saturdays open here
    assert due("2026-11-20 15:00", "same-day", calendar) == "2026-11-20T16:30"


def test_limit_parsing():
    assert Limit.parse("5 working-days") == Limit(5, Unit.working_days)
    assert Limit.parse("3 Ngày làm việc") == Limit(3, Unit.working_days)
    assert Limit.parse("same-day").unit is Unit.same_day
    assert str(Limit.parse("1 months")) == "1 months"
    for bad in ("", "five days", "0 hours", "1.5 months", "5 fortnights"):
        with pytest.raises(DomainError):
            Limit.parse(bad)


def test_cli_due_prints_the_appointment_on_its_last_line(capsys):
    import argparse

    from motcua.commands import calendar as command

    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["calendar", "due", "--centre", "examples/centre-demo.yaml", "--no-db", "--received", "2026-02-12 10:00", "--limit", "5 working-days"]
    )
    assert args.func(args) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "2026-02-26T10:00"
    args = parser.parse_args(
        ["calendar", "due", "--centre", "examples/centre-demo.yaml", "--no-db", "--received", "2026-11-16 09:00",
         "--limit", "3 working-days", "--paused-from", "2026-11-17 09:00", "--paused-until", "2026-11-18 09:00"]
    )
    assert args.func(args) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "2026-11-20T09:00"
