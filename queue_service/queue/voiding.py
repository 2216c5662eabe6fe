"""A number counts only when its slip is printed: the kiosk that issued a number it could not print, or whose reply it
never got, voids it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.config.models import CentreConfig
from queue_service.errors import DomainError
from queue_service.queue import errors
from queue_service.queue.counters import ticket_for_update
from queue_service.queue.projection import CANCELLED, WAITING
from queue_service.queue.recorder import Actor, record
from queue_service.queue.tables import Ticket, TicketEvent

RECENT = dt.timedelta(days=1)


def _events(session: Session, ticket_id: int, kind: str) -> list[TicketEvent]:
    query = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == kind)
    return list(session.execute(query).scalars())


def issued_by_request(session: Session, centre: CentreConfig, device: str | None, request_id: str,
                      now: dt.datetime) -> int:
    """The ticket a device's request issued (looked for in the last day of that device's issues)."""
    query = select(TicketEvent).where(TicketEvent.centre_id == centre.centre.id, TicketEvent.kind == "issued",
                                      TicketEvent.device == device, TicketEvent.at >= now - RECENT)
    for event in session.execute(query).scalars():
        if event.data.get("request") == request_id:
            return event.ticket_id
    raise DomainError(errors.UNKNOWN_TICKET)  # the request never issued one (it came too late, or never came)


def void(session: Session, centre: CentreConfig, ticket_id: int | None, actor: Actor, now: dt.datetime, *,
         reason: str, request_id: str | None = None) -> Ticket:
    """Only the device that issued the ticket may void it, and only while it waits (nobody has called it yet);
    voiding it again is harmless: the ticket stays voided and nothing new is logged. Without the ticket's id (the
    reply to the request never came), the ticket is found by the request's id."""
    if ticket_id is None:
        ticket_id = issued_by_request(session, centre, actor.device, request_id or "", now)
    ticket = ticket_for_update(session, centre, ticket_id)
    issued = _events(session, ticket.id, "issued")
    if not issued or issued[0].device is None or issued[0].device != actor.device:
        raise DomainError(errors.NOT_ISSUED_HERE, number=ticket.number, device=actor.device)
    if ticket.state == CANCELLED and _events(session, ticket.id, "voided"):
        return ticket
    if ticket.state != WAITING:
        raise DomainError(errors.TICKET_WRONG_STATE, number=ticket.number, state=ticket.state, action="void")
    _, ticket = record(session, centre_id=centre.centre.id, kind="voided", at=now, actor=actor, ticket=ticket,
                       data={"reason": reason[:200]})
    return ticket
