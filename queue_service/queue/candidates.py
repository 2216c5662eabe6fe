"""The tickets a counter may call next: the head of each (field, class) queue it serves, read with the index."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import not_, select, union_all
from sqlalchemy.orm import Session

from queue_service.config.models import CentreConfig, Counter
from queue_service.queue.estimate import preferred_clause
from queue_service.queue.policy import Candidate
from queue_service.queue.projection import WAITING
from queue_service.queue.tables import Ticket

COLUMNS = (Ticket.id, Ticket.number, Ticket.field_code, Ticket.queue_key, Ticket.priority_group, Ticket.booking_slot, Ticket.target_counter)


def heads(session: Session, centre: CentreConfig, counter: Counter, now: dt.datetime) -> list[Candidate]:
    """Only heads matter: inside one field and class the earliest ticket also has the longest weighted wait."""
    preferred = preferred_clause(centre, now)
    base = select(*COLUMNS).where(Ticket.centre_id == centre.centre.id, Ticket.state == WAITING)
    queues = [base.where(Ticket.target_counter == counter.number, klass) for klass in (preferred, not_(preferred))]
    for served in counter.fields:
        field = base.where(Ticket.field_code == served.field, Ticket.target_counter.is_(None))
        queues += [field.where(preferred), field.where(not_(preferred))]
    # One round trip: each queue's head as a LIMIT 1 subquery, glued with UNION ALL.
    limited = [q.order_by(Ticket.queue_key, Ticket.id).limit(1).subquery() for q in queues]
    rows = session.execute(union_all(*(select(*sq.c).select_from(sq) for sq in limited))).all()
    return [Candidate(*row) for row in rows]
