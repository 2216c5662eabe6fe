""""Your turn is near": a kiosk hands over the phone number a citizen typed after taking a number (`ticket.sms`);
when `sms.near_turn_ahead` people or fewer are ahead of that ticket (the count the board and the ticket page use),
one SMS is queued — exactly once, however many service processes look, since the message and the mark on the
alert are one transaction that only the first can commit."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select, update

from queue_service.config.models import CentreConfig
from queue_service.errors import DomainError, kind
from queue_service.queue import errors
from queue_service.queue.engine import QueueEngine
from queue_service.queue.projection import WAITING
from queue_service.queue.tables import Ticket, TicketEvent
from queue_service.sms import outbox, wording
from queue_service.sms.tables import TurnAlert
from queue_service.store import Database
from wire.sms import mask_phone

log = logging.getLogger(__name__)

SMS_OFF = kind("sms_off", 409, "Trung tâm chưa gửi tin nhắn khi sắp đến lượt",
               "This centre does not send the \"your turn is near\" SMS")


class _Taken(Exception):
    """Another process queued this alert's SMS first: roll this transaction back."""


def subscribe(db: Database, config: CentreConfig, device: str, ticket_id: int, phone: str, now: dt.datetime) -> None:
    """Keep `phone` for the waiting ticket `ticket_id` that `device` issued; typing again replaces the number until
    the SMS is queued."""
    if not (config.sms.near_turn and config.sms.device):
        raise DomainError(SMS_OFF)
    centre_id = config.centre.id
    with db.write() as session:
        ticket = session.get(Ticket, ticket_id)
        if ticket is None or ticket.centre_id != centre_id:
            raise DomainError(errors.UNKNOWN_TICKET)
        issued = session.scalar(select(TicketEvent.device).where(TicketEvent.ticket_id == ticket.id,
                                                                 TicketEvent.kind == "issued"))
        if issued != device:
            raise DomainError(errors.NOT_ISSUED_HERE, number=ticket.number, device=device)
        if ticket.state != WAITING:
            raise DomainError(errors.TICKET_WRONG_STATE, number=ticket.number, state=ticket.state, action="sms")
        alert = session.scalar(select(TurnAlert).where(TurnAlert.ticket_id == ticket.id))
        if alert is None:
            session.add(TurnAlert(centre_id=centre_id, ticket_id=ticket.id, service_day=ticket.service_day, phone=phone,
                                  device=device, created_at=now))
        elif alert.sms_id is None:
            alert.phone = phone
    log.info("ticket %s: near-turn SMS to %s when %s ahead", ticket.number, mask_phone(phone), config.sms.near_turn_ahead)


def check(db: Database, engine: QueueEngine, config: CentreConfig, now: dt.datetime) -> int:
    """Queue the SMS of every alert whose ticket is near its turn; forget alerts whose ticket is no longer waiting
    (called, cancelled: the number goes with them). Returns how many SMS were queued."""
    centre_id, threshold = config.centre.id, config.sms.near_turn_ahead
    with db.read() as session:
        alerts = session.execute(select(TurnAlert.id, TurnAlert.ticket_id, TurnAlert.phone).where(
            TurnAlert.centre_id == centre_id, TurnAlert.sms_id.is_(None))).all()
    queued = 0
    for alert in alerts:
        ticket = engine.ticket(centre_id, ticket_id=alert.ticket_id)
        if ticket.state != WAITING:
            with db.write() as session:
                session.execute(update(TurnAlert).where(TurnAlert.id == alert.id, TurnAlert.sms_id.is_(None))
                                .values(phone=""))
            continue
        if ticket.ahead is None or ticket.ahead > threshold:
            continue
        text = wording.near_turn(config, ticket.number, ticket.ahead)
        try:
            with db.write() as session:
                message = outbox.queue(session, centre_id, "near_turn", alert.phone, text, now)
                took = session.execute(update(TurnAlert).where(TurnAlert.id == alert.id, TurnAlert.sms_id.is_(None))
                                       .values(sms_id=message.id)).rowcount
                if not took:
                    raise _Taken()
        except _Taken:
            continue
        queued += 1
        log.info("ticket %s: %s ahead, near-turn SMS %s queued", ticket.number, ticket.ahead, message.id)
    return queued
