"""Check-in at the kiosk: a booking inside its window becomes a ticket with its slot (which the calling policy serves
at the slot), in the one transaction that marks the booking checked in; anything else is refused with what to do."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from sqlalchemy.orm import Session

from queue_service.bookings import errors, rules, store
from queue_service.bookings.tables import Booking
from queue_service.errors import DomainError
from queue_service.queue.engine import QueueEngine
from queue_service.queue.recorder import Actor
from queue_service.queue.tables import Ticket
from queue_service.queue.views import TicketView


def check_in(engine: QueueEngine, centre_id: str, code: str, *, actor: Actor, request_id: str | None = None,
             deadline: dt.datetime | None = None) -> TicketView:
    context = engine.context
    centre = context.centre(centre_id)
    booking = store.find(context.db, centre, code)
    now = context.clock()
    refuse_outside_window(centre, booking, now)

    def claim(session: Session, ticket: Ticket) -> None:
        claimed = session.execute(update(Booking).where(Booking.id == booking.id, Booking.state == "booked")
                                  .values(state="checked_in", ticket_id=ticket.id, changed_at=now)).rowcount
        if claimed != 1:  # another kiosk checked it in (or it was cancelled) a moment ago
            raise DomainError(errors.CHECKED_IN, code=booking.code)

    return engine.issue(centre_id, booking.field_code, channel="booking", booking_slot=booking.slot_start,
                        actor=actor, request_id=request_id, deadline=deadline, claim=claim)


def refuse_outside_window(centre, booking: Booking, now: dt.datetime) -> None:
    """Cancelled, already used, too early (come back at HH:MM) or expired (take a normal number)."""
    slot = rules.local_slot(centre, booking.slot_start)
    if booking.state == "cancelled":
        raise DomainError(errors.CANCELLED, code=booking.code)
    if booking.state == "checked_in":
        raise DomainError(errors.CHECKED_IN, code=booking.code)
    opens, _closes = rules.window(centre, booking.slot_start)
    if now < opens:
        raise DomainError(errors.TOO_EARLY, slot=slot, opens=rules.local_hhmm(centre, opens))
    if rules.state_at(centre, booking.state, booking.slot_start, now) == "expired":
        raise DomainError(errors.EXPIRED, slot=slot)
