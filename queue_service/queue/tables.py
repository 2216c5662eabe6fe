"""Tables of the queue: tickets (a projection), their append-only events, counters and daily number sequences."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from queue_service.store.base import Base

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Ticket(Base):
    """Current state of a ticket; always equal to the replay of its events."""

    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("centre_id", "service_day", "issued_field", "seq"),
        Index("ix_tickets_waiting", "centre_id", "state", "field_code", "queue_key"),
        Index("ix_tickets_finished", "centre_id", "field_code", "finished_at"),  # recent service times
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(16), unique=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    service_day: Mapped[dt.date] = mapped_column(Date)
    field_code: Mapped[str] = mapped_column(String(16))  # the queue it waits in now (changes on transfer)
    issued_field: Mapped[str] = mapped_column(String(16))  # the field whose numbering issued it
    seq: Mapped[int]
    number: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    priority_group: Mapped[str | None] = mapped_column(String(32))
    booking_slot: Mapped[dt.datetime | None]
    state: Mapped[str] = mapped_column(String(16))
    # Order within the queue: the original issue time, kept across transfers.
    queue_key: Mapped[dt.datetime]
    issued_at: Mapped[dt.datetime]
    called_at: Mapped[dt.datetime | None]
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    counter: Mapped[int | None]
    target_counter: Mapped[int | None]
    staff_id: Mapped[str | None] = mapped_column(String(64))
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    estimated_wait_s: Mapped[int | None]


class TicketEvent(Base):
    """Append-only log of every change to a ticket or a counter: who, what, when, from where."""

    __tablename__ = "ticket_events"
    __table_args__ = (Index("ix_ticket_events_centre_at", "centre_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("tickets.id"), index=True)
    counter: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(80))
    device: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class CounterState(Base):
    __tablename__ = "counters"

    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16))
    current_ticket_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("tickets.id"))
    staff_id: Mapped[str | None] = mapped_column(String(64))
    # Priority calls made in a row while normal tickets waited; bounded by the priority policy.
    priority_run: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime]


class DaySequence(Base):
    """Last number issued per field per centre per local day; incremented atomically by an upsert."""

    __tablename__ = "day_sequences"

    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    service_day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    field_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_seq: Mapped[int]
