"""A centre's working calendar as stored: office hours from its config plus the administrator's override table."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.config import CentreConfig
from queue_service.calendar.tables import CalendarOverride
from queue_service.calendar.workdays import OfficeHours, WorkCalendar


def calendar_for(session: Session | None, centre: CentreConfig) -> WorkCalendar:
    overrides: list[tuple[dt.date, bool]] = []
    if session is not None:
        rows = session.scalars(select(CalendarOverride).where(CalendarOverride.centre_id == centre.centre.id))
        overrides = [(row.day, row.working) for row in rows]
    return WorkCalendar.build(centre.centre.timezone, OfficeHours.from_config(centre.hours), overrides)


def set_override(session: Session, centre_id: str, day: dt.date, working: bool, *, note: str, by: str, now: dt.datetime) -> None:
    row = session.get(CalendarOverride, (centre_id, day))
    if row is None:
        session.add(CalendarOverride(centre_id=centre_id, day=day, working=working, note=note, created_by=by, created_at=now))
    else:
        row.working, row.note, row.created_by, row.created_at = working, note, by, now


def remove_override(session: Session, centre_id: str, day: dt.date) -> bool:
    row = session.get(CalendarOverride, (centre_id, day))
    if row is None:
        return False
    session.delete(row)
    return True


def list_overrides(session: Session, centre_id: str) -> list[CalendarOverride]:
    query = select(CalendarOverride).where(CalendarOverride.centre_id == centre_id).order_by(CalendarOverride.day)
    return list(session.scalars(query))
