"""The counter screen's state, read in one transaction: the counter and its ticket, why the last ticket was called,
the waiting list of each field it serves (and what was transferred to it), and today's figures for this counter."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from queue_service.config import CentreConfig
from queue_service.console.wording import WORDS, pick
from queue_service.queue.board import counters
from queue_service.queue.issuing import service_day
from queue_service.queue.projection import DONE, WAITING
from queue_service.queue.tables import Ticket, TicketEvent
from queue_service.queue.views import CounterView

SHOWN_PER_QUEUE = 40  # a longer queue shows its head and says how many there are


class WaitingTicket(BaseModel):
    id: int
    number: str
    waited_minutes: int
    priority: str | None = None  # the priority group's name
    booking: str | None = None  # the booking's slot, local HH:MM
    transferred: bool = False  # transferred to this counter (or into this field from another)


class Queue(BaseModel):
    code: str | None  # None: the tickets transferred to this counter itself
    name: str
    waiting: int
    tickets: list[WaitingTicket]


class DeskState(BaseModel):
    now: dt.datetime
    counter: CounterView
    since: dt.datetime | None  # when the current ticket was called (or its service started): the timer's start
    why: str | None  # why the last ticket called at this counter today was chosen, in words
    why_number: str | None
    queues: list[Queue]
    served_today: int
    average_service_s: int | None


def desk_state(session: Session, centre: CentreConfig, number: int, now: dt.datetime, lang: str) -> DeskState:
    today = service_day(centre, now)
    counter = next(view for view in counters(session, centre) if view.number == number)
    since = None
    if counter.current is not None:
        current = session.get(Ticket, counter.current.id)
        since = current.started_at or current.called_at
    why_number, why = _last_call(session, centre, number, today, lang)
    served = session.execute(
        select(Ticket.called_at, Ticket.started_at, Ticket.finished_at)
        .where(Ticket.centre_id == centre.centre.id, Ticket.counter == number, Ticket.state == DONE,
               Ticket.service_day == today)
    ).all()
    durations = [(row.finished_at - (row.started_at or row.called_at)).total_seconds() for row in served]
    return DeskState(
        now=now, counter=counter, since=since, why=why, why_number=why_number,
        queues=_queues(session, centre, number, now, lang), served_today=len(served),
        average_service_s=round(sum(durations) / len(durations)) if durations else None,
    )


def _queues(session: Session, centre: CentreConfig, number: int, now: dt.datetime, lang: str) -> list[Queue]:
    config = centre.counter(number)
    served = [s.field for s in config.fields]
    rows = session.scalars(
        select(Ticket)
        .where(Ticket.centre_id == centre.centre.id, Ticket.state == WAITING,
               or_(Ticket.target_counter == number, Ticket.field_code.in_(served) & Ticket.target_counter.is_(None)))
        .order_by(Ticket.queue_key, Ticket.id)
    ).all()
    english = lang == "en"
    queues = [Queue(code=None, name=pick(lang)("transferred_here"), waiting=0, tickets=[])]
    for code in served:
        field = centre.field(code)
        queues.append(Queue(code=code, name=field.name_en if english else field.name_vi, waiting=0, tickets=[]))
    by_code = {queue.code: queue for queue in queues}
    for ticket in rows:
        queue = by_code[None if ticket.target_counter == number else ticket.field_code]
        queue.waiting += 1
        if len(queue.tickets) < SHOWN_PER_QUEUE:
            queue.tickets.append(_waiting(centre, ticket, now, english))
    return [queue for queue in queues if queue.code is not None or queue.waiting]


def _waiting(centre: CentreConfig, ticket: Ticket, now: dt.datetime, english: bool) -> WaitingTicket:
    group = centre.priority_group(ticket.priority_group) if ticket.priority_group else None
    return WaitingTicket(
        id=ticket.id, number=ticket.number, waited_minutes=int((now - ticket.queue_key).total_seconds() // 60),
        priority=(group.name_en if english else group.name_vi) if group else None,
        booking=f"{ticket.booking_slot.astimezone(centre.zone):%H:%M}" if ticket.booking_slot else None,
        transferred=ticket.target_counter is not None or ticket.field_code != ticket.issued_field,
    )


def _last_call(session: Session, centre: CentreConfig, number: int, today: dt.date, lang: str) -> tuple[str | None, str | None]:
    row = session.execute(
        select(Ticket.number, TicketEvent.data)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.centre_id == centre.centre.id, TicketEvent.counter == number, TicketEvent.kind == "called",
               Ticket.service_day == today)
        .order_by(TicketEvent.id.desc()).limit(1)
    ).first()
    if row is None or not row.data.get("reason"):
        return None, None
    return row.number, explain(centre, row.data["reason"], lang)


def explain(centre: CentreConfig, reason: dict, lang: str) -> str:
    """The engine's recorded reason (queue/policy.py) as a sentence for the clerk."""
    t = pick(lang)
    english = lang == "en"
    field = centre.field(reason.get("field", "")) if reason.get("field") else None
    group = centre.priority_group(reason["priority_group"]) if reason.get("priority_group") else None
    values = {
        "field": (field.name_en if english else field.name_vi) if field else reason.get("field", ""),
        "group": (group.name_en if english else group.name_vi) if group else reason.get("priority_group", ""),
        "minutes": reason.get("waited_s", 0) // 60, "weight": f"{reason.get('weight', 1):g}",
        "run": reason.get("priority_run") or 1, "max": reason.get("max_consecutive", ""),
    }
    key = f"why_{reason.get('rule', 'chosen_by_clerk')}"
    text = t(key, **values) if key in WORDS else reason.get("explain", key)  # a rule added later: the engine's words
    return text + (t("why_transferred_here") if reason.get("transferred_here") else "")
