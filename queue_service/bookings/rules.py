"""The rules of booking, in one place: booking codes, the slots of a day, the days one may book, the check-in window
and what state a booking is in at a given moment."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from queue_service.calendar.workdays import WorkCalendar
from queue_service.config.models import CentreConfig, FieldConfig
from wire.booking import ALPHABET, CODE_LENGTH, normalise_code

__all__ = ["ALPHABET", "normalise_code"]


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_cancel_token() -> tuple[str, str]:
    """The secret for the cancel link, and the hash that is stored (the store never holds the link itself)."""
    token = secrets.token_urlsafe(16)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def person_key(phone: str) -> str:
    """Who holds a booking, for the per-person limit: the phone number's sha256 (a second plain copy would only be
    more personal data to delete)."""
    return hashlib.sha256(phone.encode()).hexdigest()


def mask_phone(phone: str | None) -> str | None:
    """0912345678 → 091****678: enough for its owner to recognise, not enough to call (Decree 13/2023)."""
    if not phone:
        return None
    return phone[:3] + "*" * max(0, len(phone) - 6) + phone[-3:]


def slots_of_day(centre: CentreConfig, field: FieldConfig, day: dt.date) -> list[dt.datetime]:
    """Slot starts (aware, the centre's zone) from opening to the last issuing time, none overlapping lunch."""
    if field.booking is None:
        return []
    hours, zone = centre.hours, centre.zone
    length = dt.timedelta(minutes=field.booking.slot_minutes)
    start = dt.datetime.combine(day, hours.open, zone)
    end = dt.datetime.combine(day, hours.last_ticket or hours.close, zone)
    lunch = (dt.datetime.combine(day, hours.lunch.start, zone), dt.datetime.combine(day, hours.lunch.end, zone)) \
        if hours.lunch else None
    slots = []
    while start + length <= end:
        if lunch and start < lunch[1] and lunch[0] < start + length:
            start = lunch[1]
            continue
        slots.append(start)
        start += length
    return slots


def bookable_days(centre: CentreConfig, calendar: WorkCalendar, now: dt.datetime) -> list[dt.date]:
    """Working days from today to today + days_ahead (the centre's calendar: holidays off, swapped Saturdays on)."""
    today = now.astimezone(centre.zone).date()
    days = (today + dt.timedelta(days=n) for n in range(centre.bookings.days_ahead + 1))
    return [day for day in days if calendar.is_working_day(day)]


def open_slots(centre: CentreConfig, field: FieldConfig, day: dt.date, now: dt.datetime) -> list[dt.datetime]:
    """The slots of a day that may still be booked now (starting at least `min_lead_minutes` from now)."""
    earliest = now + dt.timedelta(minutes=centre.bookings.min_lead_minutes)
    return [slot for slot in slots_of_day(centre, field, day) if slot > earliest]


def window(centre: CentreConfig, slot: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """When a booking may check in: from `checkin_early_minutes` before its slot to `booking_grace_minutes` after."""
    return (slot - dt.timedelta(minutes=centre.bookings.checkin_early_minutes),
            slot + dt.timedelta(minutes=centre.priority_policy.booking_grace_minutes))


def state_at(centre: CentreConfig, stored_state: str, slot: dt.datetime, now: dt.datetime) -> str:
    """A booking nobody checked in by the end of its window is expired: its place is released (computed on read, so
    it is right on every instance at every moment, with no job to run or to miss)."""
    if stored_state == "booked" and now > window(centre, slot)[1]:
        return "expired"
    return stored_state


def local_hhmm(centre: CentreConfig, moment: dt.datetime) -> str:
    return f"{moment.astimezone(centre.zone):%H:%M}"


def local_slot(centre: CentreConfig, moment: dt.datetime) -> str:
    return f"{moment.astimezone(centre.zone):%H:%M %d/%m/%Y}"
