"""Tables of bookings: one row per booking, one counter row per (centre, field, slot) that caps it, and one counter
row per (centre, field, day, person) that caps what one phone number holds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from queue_service.queue.tables import BigId
from queue_service.store.base import Base


class Booking(Base):
    """A citizen's booked slot. `state` is booked, cancelled or checked_in as stored; a booking still `booked` after
    its check-in window is read as expired (released): see bookings/rules.py."""

    __tablename__ = "bookings"
    __table_args__ = (Index("ix_bookings_slot", "centre_id", "field_code", "slot_start"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # what the citizen shows: QR or typed at the kiosk
    centre_id: Mapped[str] = mapped_column(String(64))
    field_code: Mapped[str] = mapped_column(String(16))
    slot_start: Mapped[dt.datetime]
    phone: Mapped[str | None] = mapped_column(String(20))  # optional; only ever shown masked
    state: Mapped[str] = mapped_column(String(16))
    cancel_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the secret cancel token (the link holds it)
    ticket_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("tickets.id"))
    created_at: Mapped[dt.datetime]
    changed_at: Mapped[dt.datetime]  # cancelled or checked in


class BookingSlot(Base):
    """Bookings taken per slot: raised only by a conditional upsert that stops at the field's capacity, so two
    citizens racing for the last place cannot both get it, on SQLite or PostgreSQL."""

    __tablename__ = "booking_slots"

    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    field_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    slot_start: Mapped[dt.datetime] = mapped_column(primary_key=True)
    booked: Mapped[int] = mapped_column(Integer)


class BookingHolder(Base):
    """Bookings one person (a phone number, as a sha256: not a second plain copy of it) holds in a field on a day:
    raised by the same kind of conditional upsert as the slots, so racing requests cannot pass the limit."""

    __tablename__ = "booking_holders"

    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    field_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    person: Mapped[str] = mapped_column(String(64), primary_key=True)
    booked: Mapped[int] = mapped_column(Integer)
