"""Bookings put in the store as the booking page leaves them, for slots around the real clock (agent and whole-centre
tests run the service on it, and the page books only slots on its grid and in the future)."""

from __future__ import annotations

import datetime as dt

from queue_service.bookings import rules
from queue_service.bookings.tables import Booking


def booking(db, slot: dt.datetime, state: str = "booked", field: str = "HT") -> str:
    """A booking of the demo centre's `field` at `slot`; returns its code."""
    now = dt.datetime.now(dt.timezone.utc)
    code = rules.new_code()
    with db.write() as session:
        session.add(Booking(code=code, centre_id="hcc-demo", field_code=field, slot_start=slot, phone=None,
                            state=state, cancel_hash=rules.token_hash("t"), created_at=now, changed_at=now))
    return code
