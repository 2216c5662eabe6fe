"""The rules of a rating, callable without MQTT: one per served ticket, from the counter that served it, with a value
of the centre's scale, within the window after the ticket was finished. Anything else is ignored, logged with why
and counted; a citizen's press never raises out of here."""

from __future__ import annotations

import collections
import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from queue_service.config import CentreConfig
from queue_service.dossiers.tables import Dossier
from queue_service.queue.projection import DONE
from queue_service.queue.tables import Ticket
from queue_service.ratings.tables import Rating
from queue_service.store import Database

log = logging.getLogger(__name__)

# Devices stamp the event on the service's clock as they measured it (ping offset): allow for the error of that.
SLACK = dt.timedelta(seconds=2)

# Why a press is ignored (the keys of RatingBook.ignored).
BAD_VALUE, UNKNOWN_TICKET, NOT_DONE, UNOWNED, EARLY, FUTURE, LATE, DUPLICATE = (
    "bad_value", "unknown_ticket", "not_done", "unowned", "early", "future", "late", "duplicate")


@dataclass(frozen=True)
class GivenRating:
    """A press as the device reported it (wire.rating.RatingGiven and its event)."""

    device: str
    device_counter: int | None  # the counter the device is registered at
    ticket_id: int
    value: int
    reason: str | None
    at: dt.datetime  # the event's ts


class Ignored(Exception):
    def __init__(self, why: str, detail: str) -> None:
        super().__init__(f"{why}: {detail}")
        self.why = why
        self.detail = detail


class RatingBook:
    """Records the ratings of one centre. `ignored` counts the presses dropped, by why."""

    def __init__(self, db: Database, centre: CentreConfig, clock) -> None:
        self.db = db
        self.centre = centre
        self.clock = clock
        self.accepted = 0
        self.ignored: collections.Counter[str] = collections.Counter()

    def record(self, given: GivenRating) -> Rating | None:
        """The stored rating, or None when the press is ignored (logged with why, counted)."""
        try:
            rating = self._record(given)
        except Ignored as exc:
            self.ignored[exc.why] += 1
            log.warning("rating from %s for ticket %s ignored: %s", given.device, given.ticket_id, exc)
            return None
        self.accepted += 1
        log.info("rating %s for ticket %s at counter %s from %s", rating.value, rating.ticket_id, rating.counter,
                 given.device)
        return rating

    def _record(self, given: GivenRating) -> Rating:
        values = {level.value for level in self.centre.rating_scale}
        if given.value not in values:
            raise Ignored(BAD_VALUE, f"value {given.value} is not on the centre's scale {sorted(values)}")
        now = self.clock()
        try:
            with self.db.write() as session:
                ticket = session.get(Ticket, given.ticket_id)
                self._check(ticket, given, now)
                if session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)) is not None:
                    raise Ignored(DUPLICATE, "the ticket is rated already")
                return store_rating(session, self.centre, ticket, given.device, given.value, given.reason,
                                    given.at, now)
        except IntegrityError:  # another service worker stored this ticket's rating in between
            raise Ignored(DUPLICATE, "the ticket is rated already") from None

    def _check(self, ticket: Ticket | None, given: GivenRating, now: dt.datetime) -> None:
        if ticket is None or ticket.centre_id != self.centre.centre.id:
            raise Ignored(UNKNOWN_TICKET, "no such ticket in this centre")
        if ticket.state != DONE or ticket.finished_at is None:
            raise Ignored(NOT_DONE, f"the ticket is {ticket.state}, not served")
        if given.device_counter is None or ticket.counter != given.device_counter:
            raise Ignored(UNOWNED, f"served at counter {ticket.counter}, the device is at counter {given.device_counter}")
        if given.at < ticket.finished_at - SLACK:
            raise Ignored(EARLY, f"pressed at {given.at.isoformat()}, before the ticket was finished")
        if given.at > now + SLACK:
            raise Ignored(FUTURE, f"stamped {given.at.isoformat()}, ahead of the service's clock")
        window = dt.timedelta(seconds=self.centre.rating_window_s)
        if given.at > ticket.finished_at + window + SLACK:
            late = (given.at - ticket.finished_at).total_seconds()
            raise Ignored(LATE, f"pressed {late:.0f} s after the ticket was finished; the window is {int(window.total_seconds())} s")


def store_rating(session, centre: CentreConfig, ticket: Ticket, device: str, value: int, reason: str | None,
                 at: dt.datetime, now: dt.datetime) -> Rating:
    """The one way a rating row is made, whatever the channel (pad, tablet, the live ticket page): tied to the
    ticket's counter, clerk, field and dossier; the unique ticket_id keeps it to one per ticket."""
    rating = Rating(
        centre_id=ticket.centre_id, ticket_id=ticket.id, counter=ticket.counter, staff_id=ticket.staff_id,
        field_code=ticket.field_code, dossier_id=_dossier_of(session, ticket), device=device, value=value,
        reason=(reason or None), rated_at=at, received_at=now, service_day=at.astimezone(centre.zone).date(),
    )
    session.add(rating)
    session.flush()
    return rating


def _dossier_of(session, ticket: Ticket) -> int | None:
    """The dossier taken in while serving this ticket (the latest, if the citizen brought several)."""
    return session.scalar(select(Dossier.id).where(Dossier.centre_id == ticket.centre_id, Dossier.ticket_id == ticket.id)
                          .order_by(Dossier.id.desc()).limit(1))
