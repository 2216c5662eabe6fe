"""Every change goes through record(): one event appended, the same event applied to the ticket projection."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from queue_service.queue import projection
from queue_service.queue.tables import Ticket, TicketEvent


@dataclass(frozen=True)
class Actor:
    """Who acts (staff id, token or 'system') and from which device, if any."""

    who: str
    device: str | None = None


SYSTEM = Actor("system")


def record(
    session: Session,
    *,
    centre_id: str,
    kind: str,
    at: dt.datetime,
    actor: Actor,
    ticket: Ticket | None = None,
    counter: int | None = None,
    data: dict | None = None,
) -> tuple[TicketEvent, Ticket | None]:
    event = TicketEvent(
        centre_id=centre_id, ticket_id=ticket.id if ticket is not None else None, counter=counter,
        kind=kind, at=at, actor=actor.who, device=actor.device, data=data or {},
    )
    if kind in projection.APPLY:
        ticket = projection.apply(ticket, event)
        if ticket.id is None:
            session.add(ticket)
            session.flush()
            event.ticket_id = ticket.id
    session.add(event)
    return event, ticket
