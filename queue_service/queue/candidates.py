"""The tickets a counter may call next: the head of each (field, class) queue it serves, read with the index."""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import bindparam, not_, select, union_all
from sqlalchemy.orm import Session

from queue_service.config.models import CentreConfig, Counter
from queue_service.queue.estimate import preferred_clause
from queue_service.queue.policy import Candidate
from queue_service.queue.projection import WAITING
from queue_service.queue.tables import Ticket

COLUMNS = (Ticket.id, Ticket.number, Ticket.field_code, Ticket.queue_key, Ticket.priority_group, Ticket.booking_slot, Ticket.target_counter)


def heads(session: Session, centre: CentreConfig, counter: Counter, now: dt.datetime) -> list[Candidate]:
    """Only heads matter: inside one field and class the earliest ticket also has the longest weighted wait."""
    statement = _heads_statement(centre.centre.id, counter.number, tuple(s.field for s in counter.fields), centre.priority_policy.bookings_first)
    return [Candidate(*row) for row in session.execute(statement, {"now": now})]


@functools.lru_cache(maxsize=4096)
def _heads_statement(centre_id: str, number: int, fields: tuple[str, ...], bookings_first: bool):
    """Built once per counter (building it costs more than running it); `now` stays a bound parameter.
    One round trip: each queue's head as a LIMIT 1 subquery, glued with UNION ALL."""
    preferred = preferred_clause(bookings_first, bindparam("now", type_=Ticket.queue_key.type))
    base = select(*COLUMNS).where(Ticket.centre_id == centre_id, Ticket.state == WAITING)
    queues = [base.where(Ticket.target_counter == number, klass) for klass in (preferred, not_(preferred))]
    for field in fields:
        queue = base.where(Ticket.field_code == field, Ticket.target_counter.is_(None))
        queues += [queue.where(preferred), queue.where(not_(preferred))]
    limited = [q.order_by(Ticket.queue_key, Ticket.id).limit(1).subquery() for q in queues]
    return union_all(*(select(*sq.c).select_from(sq) for sq in limited))
