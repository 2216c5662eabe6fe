"""`motcua calendar due|days|override`: appointment dates and the working-day calendar of a centre."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser("calendar", help="working-day calendar and appointment dates")
    sub = parser.add_subparsers(dest="calendar_command", required=True, metavar="WHAT")
    due = sub.add_parser("due", help="print the appointment (ngày hẹn trả) for a receipt time and a processing time")
    _common(due)
    due.add_argument("--received", required=True, help='receipt time, local "YYYY-MM-DD HH:MM"')
    due.add_argument("--limit", required=True, help="processing time: '5 working-days', '4 hours', 'same-day', '10 days', '1 months'")
    due.add_argument("--paused-from", action="append", default=[], help='start of a supplement pause, "YYYY-MM-DD HH:MM" (repeatable)')
    due.add_argument("--paused-until", action="append", default=[], help="end of the matching pause (repeatable, same order)")
    due.add_argument("--same-day-cutoff", default=None, help="override the rule set's cutoff, HH:MM (default 15:00)")
    due.set_defaults(func=_due)
    days = sub.add_parser("days", help="list the days off between two dates")
    _common(days)
    days.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    days.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
    days.set_defaults(func=_days)
    override = sub.add_parser("override", help="add an extra day off or working day for a centre (stored)")
    _common(override)
    override.add_argument("--day", required=True, help="YYYY-MM-DD")
    override.add_argument("--working", action="store_true", help="an extra working day (default: an extra day off)")
    override.add_argument("--remove", action="store_true", help="remove the override of that day")
    override.add_argument("--note", default="", help="why (e.g. the provincial decision)")
    override.set_defaults(func=_override)


def _common(parser) -> None:
    parser.add_argument("--centre", required=True, help="centre id (from MOTCUA_CENTRE_FILES) or a centre YAML file")
    parser.add_argument("--no-db", action="store_true", help="ignore the override table (national calendar only)")


def _centre(args):
    from queue_service.config import load_centre
    from queue_service.settings import Settings

    if Path(args.centre).is_file():
        return load_centre(args.centre)
    for path in Settings.from_env().centre_files:
        centre = load_centre(path)
        if centre.centre.id == args.centre:
            return centre
    raise SystemExit(f"unknown centre '{args.centre}' (not in MOTCUA_CENTRE_FILES and not a file)")


def _calendar(args, centre):
    from queue_service.calendar.store import calendar_for

    if args.no_db:
        return calendar_for(None, centre)
    db = _database()
    try:
        with db.read() as session:
            return calendar_for(session, centre)
    finally:
        db.stop()


def _database():
    from queue_service.settings import Settings
    from queue_service.store import Database

    db = Database(Settings.from_env().database_url).start()
    db.upgrade()
    return db


def _local(text: str, zone) -> dt.datetime:
    return dt.datetime.fromisoformat(text.strip()).replace(tzinfo=zone)


def _due(args) -> int:
    from queue_service.dossiers.deadlines import appointment
    from queue_service.dossiers.limits import Limit
    from queue_service.dossiers.rules import rules_for
    from queue_service.errors import DomainError

    centre = _centre(args)
    calendar = _calendar(args, centre)
    if len(args.paused_from) != len(args.paused_until):
        print("give one --paused-until for each --paused-from", file=sys.stderr)
        return 2
    try:
        received = _local(args.received, calendar.zone)
        limit = Limit.parse(args.limit)
        pauses = [(_local(a, calendar.zone), _local(b, calendar.zone)) for a, b in zip(args.paused_from, args.paused_until)]
    except (ValueError, DomainError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    rules = rules_for(received.date())
    cutoff = dt.time.fromisoformat(args.same_day_cutoff) if args.same_day_cutoff else rules.same_day_cutoff
    due = appointment(calendar, received, limit, pauses, same_day_cutoff=cutoff)
    print(f"centre {centre.centre.id}, rules {rules.id}, received {received.isoformat(timespec='minutes')}, limit {limit}")
    for start, end in pauses:
        print(f"paused {start.isoformat(timespec='minutes')} -> {end.isoformat(timespec='minutes')}")
    print(due.replace(tzinfo=None).isoformat(timespec="minutes"))
    return 0


def _days(args) -> int:
    centre = _centre(args)
    calendar = _calendar(args, centre)
    day, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
    while day <= end:
        if not calendar.is_working_day(day) or day.weekday() not in calendar.hours.days:
            state = "working" if calendar.is_working_day(day) else "off"
            print(f"{day.isoformat()} {day.strftime('%a')} {state} {calendar.holiday_name(day) or ''}".rstrip())
        day += dt.timedelta(days=1)
    return 0


def _override(args) -> int:
    from queue_service.calendar.store import remove_override, set_override

    centre = _centre(args)
    day = dt.date.fromisoformat(args.day)
    db = _database()
    try:
        with db.write() as session:
            if args.remove:
                done = remove_override(session, centre.centre.id, day)
                print(f"{day} override {'removed' if done else 'not found'}")
                return 0
            now = dt.datetime.now(dt.timezone.utc)
            set_override(session, centre.centre.id, day, args.working, note=args.note, by="cli", now=now)
            print(f"{day} is now an extra {'working day' if args.working else 'day off'} for {centre.centre.id}")
    finally:
        db.stop()
    return 0
