"""Issuing a ticket: opening hours, the daily cap, the number of the day (reset at local midnight)."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from queue_service.config.models import CentreConfig, FieldConfig
from queue_service.errors import DomainError
from queue_service.queue import errors
from queue_service.queue.recorder import Actor, record
from queue_service.queue.tables import DaySequence, Ticket

CHANNELS = ("kiosk", "counter", "booking", "web")


def service_day(centre: CentreConfig, now: dt.datetime) -> dt.date:
    """The queue day is the centre's local calendar day, so numbers restart at local midnight."""
    return now.astimezone(centre.zone).date()


def check_issuing_hours(centre: CentreConfig, now: dt.datetime, working_day: bool) -> None:
    """Tickets are issued on working days (public holidays off, swapped Saturdays on) within the issuing hours."""
    local = now.astimezone(centre.zone)
    hours = centre.hours
    last = hours.last_ticket or hours.close
    if not working_day:
        raise DomainError(errors.DAY_OFF, open=f"{hours.open:%H:%M}")
    if not hours.open <= local.time() < last:
        raise DomainError(errors.CENTRE_CLOSED, hours=f"{hours.open:%H:%M}–{last:%H:%M}")


def next_seq(session: Session, centre_id: str, day: dt.date, field_code: str) -> int:
    """Atomic per-day counter: INSERT … ON CONFLICT DO UPDATE … RETURNING, on SQLite and PostgreSQL alike."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(DaySequence).values(centre_id=centre_id, service_day=day, field_code=field_code, last_seq=1)
    statement = statement.on_conflict_do_update(
        index_elements=["centre_id", "service_day", "field_code"],
        set_={"last_seq": DaySequence.last_seq + 1},
    ).returning(DaySequence.last_seq)
    return session.execute(statement).scalar_one()


def issue(
    session: Session,
    centre: CentreConfig,
    field: FieldConfig,
    *,
    channel: str,
    priority_group: str | None,
    booking_slot: dt.datetime | None,
    actor: Actor,
    now: dt.datetime,
    estimated_wait_s: int | None,
    request_id: str | None = None,
) -> Ticket:
    day = service_day(centre, now)
    seq = next_seq(session, centre.centre.id, day, field.code)
    cap = min(field.daily_cap or field.numbering.capacity, field.numbering.capacity)
    if seq > cap:
        raise DomainError(errors.SOLD_OUT, field_vi=field.name_vi, field_en=field.name_en)
    data = {
        "public_id": secrets.token_urlsafe(9)[:12],
        "service_day": day.isoformat(),
        "field": field.code,
        "seq": seq,
        "number": field.numbering.format(seq),
        "channel": channel,
        "priority_group": priority_group,
        "booking_slot": booking_slot.isoformat() if booking_slot else None,
        "estimated_wait_s": estimated_wait_s,
    }
    if request_id is not None:
        data["request"] = request_id  # the device's request id: what it voids by when the reply never came
    _, ticket = record(session, centre_id=centre.centre.id, kind="issued", at=now, actor=actor, data=data)
    return ticket

