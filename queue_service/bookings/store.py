"""Booking and cancelling in the store. The capacity of a slot is held by a counter row raised only by a conditional
upsert (`… ON CONFLICT DO UPDATE … WHERE booked < capacity RETURNING`): PostgreSQL locks the row for the statement
and SQLite has one writer, so no number of racing requests can book past it. The bookings one phone number holds in
a field on a day are capped the same way (`bookings.per_person_per_day`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from queue_service.bookings import errors, rules
from queue_service.bookings.tables import Booking, BookingHolder, BookingSlot
from queue_service.bookings.views import BookableField, BookedView, BookingView, DayView, SlotView
from queue_service.calendar.store import calendar_for
from queue_service.config.models import CentreConfig, FieldConfig
from queue_service.errors import DomainError
from queue_service.store import Database


def bookable_field(centre: CentreConfig, code: str) -> FieldConfig:
    field = centre.field(code)
    if field is None or field.booking is None:
        raise DomainError(errors.NOT_BOOKABLE, field=code)
    return field


def bookable_fields(centre: CentreConfig) -> list[BookableField]:
    return [BookableField(code=f.code, name_vi=f.name_vi, name_en=f.name_en, slot_minutes=f.booking.slot_minutes,
                          capacity=f.booking.capacity) for f in centre.fields if f.booking is not None]


def days(db: Database, centre: CentreConfig, field_code: str, now: dt.datetime) -> list[DayView]:
    field = bookable_field(centre, field_code)
    with db.read() as session:
        found = rules.bookable_days(centre, calendar_for(session, centre), now)
        taken = _taken(session, centre, field, found)
    free = [DayView(day=day, remaining=sum(field.booking.capacity - taken.get(slot, 0)
                                           for slot in rules.open_slots(centre, field, day, now))) for day in found]
    return [d for d in free if rules.open_slots(centre, field, d.day, now)]


def slots(db: Database, centre: CentreConfig, field_code: str, day: dt.date, now: dt.datetime) -> list[SlotView]:
    field = bookable_field(centre, field_code)
    with db.read() as session:
        _check_day(session, centre, day, now)
        taken = _taken(session, centre, field, [day])
    return [SlotView(start=slot, remaining=max(0, field.booking.capacity - taken.get(slot, 0)))
            for slot in rules.open_slots(centre, field, day, now)]


def book(db: Database, centre: CentreConfig, field_code: str, slot_start: dt.datetime, phone: str | None,
         now: dt.datetime) -> BookedView:
    field = bookable_field(centre, field_code)
    # A time without an offset is the centre's local time, as the page's form sends it.
    slot = slot_start.astimezone(centre.zone) if slot_start.tzinfo else slot_start.replace(tzinfo=centre.zone)
    with db.write() as session:
        _check_day(session, centre, slot.date(), now)
        if slot not in rules.open_slots(centre, field, slot.date(), now):
            raise DomainError(errors.SLOT_NOT_OFFERED, slot=rules.local_slot(centre, slot))
        if not _take_place(session, centre, field, slot):
            raise DomainError(errors.SLOT_FULL, slot=rules.local_slot(centre, slot))
        if phone and not _hold(session, centre, field.code, slot, phone, +1):
            # Rolled back with the place just taken: the transaction ends in this refusal.
            raise DomainError(errors.PERSON_LIMIT, limit=centre.bookings.per_person_per_day, day=f"{slot:%d/%m/%Y}")
        token, digest = rules.new_cancel_token()
        booking = Booking(code=_unused_code(session), centre_id=centre.centre.id, field_code=field.code,
                          slot_start=slot, phone=phone or None, state="booked", cancel_hash=digest, created_at=now,
                          changed_at=now)
        session.add(booking)
        session.flush()
        return BookedView(**view(centre, booking, now).model_dump(), cancel_token=token)


def find(db: Database, centre: CentreConfig | None, code: str) -> Booking:
    """A booking by its code (as typed: normalised first), within a centre when one is given."""
    code = rules.normalise_code(code)
    with db.read() as session:
        booking = session.execute(select(Booking).where(Booking.code == code)).scalar_one_or_none()
    if booking is None or (centre is not None and booking.centre_id != centre.centre.id):
        raise DomainError(errors.UNKNOWN_BOOKING, code=code)
    return booking


def cancel(db: Database, centre: CentreConfig, code: str, token: str, now: dt.datetime) -> BookingView:
    """Only the holder of the cancel link may cancel, only a booking still waiting for its slot; its place is freed."""
    booking = find(db, centre, code)
    if booking.cancel_hash != rules.token_hash(token):
        raise DomainError(errors.WRONG_CANCEL_TOKEN)
    state = rules.state_at(centre, booking.state, booking.slot_start, now)
    with db.write() as session:
        done = state == "booked" and session.execute(
            update(Booking).where(Booking.id == booking.id, Booking.state == "booked")
            .values(state="cancelled", changed_at=now)).rowcount == 1
        if not done:
            raise DomainError(errors.NOT_CANCELLABLE, code=booking.code, state=state)
        session.execute(update(BookingSlot).where(
            BookingSlot.centre_id == booking.centre_id, BookingSlot.field_code == booking.field_code,
            BookingSlot.slot_start == booking.slot_start).values(booked=BookingSlot.booked - 1))
        if booking.phone:
            _hold(session, centre, booking.field_code, booking.slot_start.astimezone(centre.zone), booking.phone, -1)
        booking = session.get(Booking, booking.id)
        session.refresh(booking)
        return view(centre, booking, now)


def view(centre: CentreConfig, booking: Booking, now: dt.datetime) -> BookingView:
    field = centre.field(booking.field_code)
    slot = booking.slot_start.astimezone(centre.zone)
    opens, closes = rules.window(centre, slot)
    return BookingView(code=booking.code, centre=booking.centre_id, field=booking.field_code,
                       field_name_vi=field.name_vi if field else booking.field_code,
                       field_name_en=field.name_en if field else booking.field_code, slot_start=slot,
                       checkin_from=opens, checkin_until=closes,
                       state=rules.state_at(centre, booking.state, slot, now), phone=rules.mask_phone(booking.phone))


def _take_place(session: Session, centre: CentreConfig, field: FieldConfig, slot: dt.datetime) -> bool:
    """One more booking in the slot, unless it is full: False then, and nothing changed."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(BookingSlot).values(centre_id=centre.centre.id, field_code=field.code, slot_start=slot, booked=1)
    statement = statement.on_conflict_do_update(
        index_elements=["centre_id", "field_code", "slot_start"], set_={"booked": BookingSlot.booked + 1},
        where=BookingSlot.booked < field.booking.capacity,
    ).returning(BookingSlot.booked)
    return session.execute(statement).scalar_one_or_none() is not None


def _hold(session: Session, centre: CentreConfig, field_code: str, slot: dt.datetime, phone: str, step: int) -> bool:
    """One more (+1) booking held by this phone in the field on the slot's day, unless it holds the limit already:
    False then, and nothing changed; or one fewer (-1), when one is cancelled."""
    key = dict(centre_id=centre.centre.id, field_code=field_code, day=slot.astimezone(centre.zone).date(),
               person=rules.person_key(phone))
    if step < 0:
        session.execute(update(BookingHolder).filter_by(**key).values(booked=BookingHolder.booked - 1))
        return True
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(BookingHolder).values(**key, booked=1).on_conflict_do_update(
        index_elements=list(key), set_={"booked": BookingHolder.booked + 1},
        where=BookingHolder.booked < centre.bookings.per_person_per_day,
    ).returning(BookingHolder.booked)
    return session.execute(statement).scalar_one_or_none() is not None


def _taken(session: Session, centre: CentreConfig, field: FieldConfig, on: list[dt.date]) -> dict[dt.datetime, int]:
    if not on:
        return {}
    first = dt.datetime.combine(min(on), dt.time(0), centre.zone)
    last = dt.datetime.combine(max(on) + dt.timedelta(days=1), dt.time(0), centre.zone)
    rows = session.execute(select(BookingSlot.slot_start, BookingSlot.booked).where(
        BookingSlot.centre_id == centre.centre.id, BookingSlot.field_code == field.code,
        BookingSlot.slot_start >= first, BookingSlot.slot_start < last))
    return {start.astimezone(centre.zone): booked for start, booked in rows}


def _check_day(session: Session, centre: CentreConfig, day: dt.date, now: dt.datetime) -> None:
    found = rules.bookable_days(centre, calendar_for(session, centre), now)
    if day not in found:
        last = now.astimezone(centre.zone).date() + dt.timedelta(days=centre.bookings.days_ahead)
        raise DomainError(errors.DAY_NOT_BOOKABLE, day=f"{day:%d/%m/%Y}", last=f"{last:%d/%m/%Y}")


def _unused_code(session: Session) -> str:
    """A fresh code; a clash is one in 10^11 per booking, and the unique constraint still guards the rest."""
    while True:
        code = rules.new_code()
        if session.scalar(select(func.count()).select_from(Booking).where(Booking.code == code)) == 0:
            return code
