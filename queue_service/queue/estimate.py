"""Estimated waits: from a ticket's place, the counters open for its field and that field's recent service times.

Everything is counted in SQL with the waiting-ticket index, so the cost does not grow with the queue's length."""

from __future__ import annotations

import datetime as dt
import statistics

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from queue_service.config.models import CentreConfig
from queue_service.queue.projection import DONE, WAITING
from queue_service.queue.tables import CounterState, Ticket


def preferred_clause(bookings_first: bool, now):
    """SQL twin of policy.is_preferred: a priority group, or a booking whose slot has come."""
    if bookings_first:
        return or_(Ticket.priority_group.is_not(None), and_(Ticket.booking_slot.is_not(None), Ticket.booking_slot <= now))
    return Ticket.priority_group.is_not(None)


class Estimator:
    """Reads, once per transaction, what estimates need: open counters and service times per field."""

    def __init__(self, session: Session, centre: CentreConfig, now: dt.datetime) -> None:
        self.session, self.centre, self.now = session, centre, now
        self._open: set[int] | None = None
        self._service_s: dict[str, float] = {}

    def _waiting(self, *where):
        return select(func.count()).select_from(Ticket).where(
            Ticket.centre_id == self.centre.centre.id, Ticket.state == WAITING, *where
        )

    @property
    def open_counters(self) -> set[int]:
        if self._open is None:
            self._open = set(
                self.session.execute(
                    select(CounterState.number).where(CounterState.centre_id == self.centre.centre.id, CounterState.status == "open")
                ).scalars()
            )
        return self._open

    def counters_for(self, field_code: str) -> list[int]:
        return [
            c.number for c in self.centre.counters
            if c.number in self.open_counters and any(s.field == field_code for s in c.fields)
        ]

    def ahead_of(self, ticket: Ticket) -> int:
        """Waiting tickets of its field that will be called first: preferred ones, then earlier in queue order."""
        preferred = preferred_clause(self.centre.priority_policy.bookings_first, self.now)
        earlier = or_(Ticket.queue_key < ticket.queue_key, and_(Ticket.queue_key == ticket.queue_key, Ticket.id < ticket.id))
        mine = self.session.execute(self._waiting(Ticket.id == ticket.id, preferred)).scalar_one() > 0
        rule = and_(preferred, earlier) if mine else or_(preferred, earlier)
        return self.session.execute(self._waiting(Ticket.field_code == ticket.field_code, Ticket.id != ticket.id, rule)).scalar_one()

    def ahead_of_new(self, field_code: str, preferred: bool) -> int:
        """People ahead of a ticket issued now: everyone waiting in its field, or only the preferred ones."""
        where = [Ticket.field_code == field_code]
        if preferred:
            where.append(preferred_clause(self.centre.priority_policy.bookings_first, self.now))
        return self.session.execute(self._waiting(*where)).scalar_one()

    def waiting_by_field(self) -> dict[str, tuple[int, dt.datetime | None]]:
        """Per field: how many wait, and since when the longest-waiting one queues."""
        rows = self.session.execute(
            select(Ticket.field_code, func.count(), func.min(Ticket.queue_key))
            .where(Ticket.centre_id == self.centre.centre.id, Ticket.state == WAITING)
            .group_by(Ticket.field_code)
        ).all()
        return {field: (count, oldest) for field, count, oldest in rows}

    def service_seconds(self, field_code: str) -> float:
        """Median of the field's last N service times (robust to a clerk who forgot to press Finish)."""
        if field_code not in self._service_s:
            rows = self.session.execute(
                select(Ticket.called_at, Ticket.started_at, Ticket.finished_at)
                .where(Ticket.centre_id == self.centre.centre.id, Ticket.field_code == field_code, Ticket.finished_at.is_not(None), Ticket.state == DONE)
                .order_by(Ticket.finished_at.desc())
                .limit(self.centre.calling.service_time_window)
            ).all()
            durations = [(f - (s or c)).total_seconds() for c, s, f in rows if s or c]
            default = self.centre.field(field_code).default_service_minutes * 60
            self._service_s[field_code] = statistics.median(durations) if durations else default
        return self._service_s[field_code]

    def wait_seconds(self, field_code: str, ahead: int) -> int | None:
        """None when no open counter serves the field: nobody can promise a time then."""
        counters = len(self.counters_for(field_code))
        if counters == 0:
            return None
        return int(round(ahead * self.service_seconds(field_code) / counters))
