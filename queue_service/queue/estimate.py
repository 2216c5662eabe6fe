"""Estimated waits: from a ticket's position, the counters open for its field and that field's recent service times."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.config.models import CentreConfig
from queue_service.queue.policy import Candidate, is_preferred
from queue_service.queue.projection import DONE, WAITING
from queue_service.queue.tables import CounterState, Ticket


@dataclass
class Snapshot:
    """The waiting tickets and open counters of one centre, read once and used for many estimates."""

    session: Session
    centre: CentreConfig
    now: dt.datetime
    waiting: list[Candidate]
    open_counters: set[int]
    _service_s: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, centre: CentreConfig, now: dt.datetime, field_code: str | None = None) -> "Snapshot":
        query = select(
            Ticket.id, Ticket.number, Ticket.field_code, Ticket.queue_key, Ticket.priority_group,
            Ticket.booking_slot, Ticket.target_counter,
        ).where(Ticket.centre_id == centre.centre.id, Ticket.state == WAITING)
        if field_code is not None:
            query = query.where(Ticket.field_code == field_code)
        waiting = [Candidate(*row) for row in session.execute(query.order_by(Ticket.queue_key, Ticket.id))]
        open_counters = set(
            session.execute(
                select(CounterState.number).where(CounterState.centre_id == centre.centre.id, CounterState.status == "open")
            ).scalars()
        )
        return cls(session=session, centre=centre, now=now, waiting=waiting, open_counters=open_counters)

    def counters_for(self, field_code: str) -> list[int]:
        return [c.number for c in self.centre.counters if c.number in self.open_counters and any(s.field == field_code for s in c.fields)]

    def waiting_in(self, field_code: str) -> list[Candidate]:
        return [c for c in self.waiting if c.field_code == field_code]

    def ahead_of(self, ticket_id: int, field_code: str) -> int:
        """Tickets of the same field that will be called first: preferred ones, then by queue order."""
        policy = self.centre.priority_policy
        queue = self.waiting_in(field_code)
        me = next((c for c in queue if c.id == ticket_id), None)
        if me is None:
            return 0
        mine = is_preferred(me, policy, self.now)
        ahead = 0
        for other in queue:
            if other.id == me.id:
                continue
            theirs = is_preferred(other, policy, self.now)
            if (theirs and not mine) or (theirs == mine and (other.queue_key, other.id) < (me.queue_key, me.id)):
                ahead += 1
        return ahead

    def service_seconds(self, field_code: str) -> float:
        """Median of the field's last N service times (robust to a clerk who forgot to press Finish)."""
        if field_code not in self._service_s:
            window = self.centre.calling.service_time_window
            rows = self.session.execute(
                select(Ticket.called_at, Ticket.started_at, Ticket.finished_at)
                .where(Ticket.centre_id == self.centre.centre.id, Ticket.field_code == field_code, Ticket.state == DONE)
                .order_by(Ticket.finished_at.desc())
                .limit(window)
            ).all()
            durations = [(f - (s or c)).total_seconds() for c, s, f in rows if f and (s or c)]
            default = self.centre.field(field_code).default_service_minutes * 60
            self._service_s[field_code] = statistics.median(durations) if durations else default
        return self._service_s[field_code]

    def wait_seconds(self, field_code: str, ahead: int) -> int | None:
        """None when no open counter serves the field: nobody can promise a time then."""
        counters = len(self.counters_for(field_code))
        if counters == 0:
            return None
        return int(round(ahead * self.service_seconds(field_code) / counters))
