"""How each ticket event changes a ticket: the one function the engine and the replay both use."""

from __future__ import annotations

import datetime as dt

from queue_service.queue.tables import Ticket, TicketEvent

WAITING, CALLED, SERVING, DONE, NO_SHOW, CANCELLED = "waiting", "called", "serving", "done", "no_show", "cancelled"
OPEN_STATES = (WAITING, CALLED, SERVING)
AT_COUNTER = (CALLED, SERVING)


def _issued(ticket: Ticket | None, event: TicketEvent) -> Ticket:
    d = event.data
    return Ticket(
        id=event.ticket_id,
        public_id=d["public_id"],
        centre_id=event.centre_id,
        service_day=dt.date.fromisoformat(d["service_day"]),
        field_code=d["field"],
        issued_field=d["field"],
        seq=d["seq"],
        number=d["number"],
        channel=d["channel"],
        priority_group=d.get("priority_group"),
        booking_slot=dt.datetime.fromisoformat(d["booking_slot"]) if d.get("booking_slot") else None,
        state=WAITING,
        queue_key=event.at,
        issued_at=event.at,
        recalls=0,
        estimated_wait_s=d.get("estimated_wait_s"),
        target_counter=None,
    )


def _called(ticket: Ticket, event: TicketEvent) -> Ticket:
    ticket.state, ticket.called_at, ticket.counter = CALLED, event.at, event.counter
    ticket.staff_id, ticket.target_counter, ticket.recalls = event.data.get("staff_id"), None, 0
    ticket.started_at = ticket.finished_at = None
    return ticket


def _recalled(ticket: Ticket, event: TicketEvent) -> Ticket:
    ticket.recalls += 1
    return ticket


def _started(ticket: Ticket, event: TicketEvent) -> Ticket:
    ticket.state, ticket.started_at = SERVING, event.at
    return ticket


def _finished(ticket: Ticket, event: TicketEvent) -> Ticket:
    ticket.state, ticket.finished_at = DONE, event.at
    return ticket


def _no_show(ticket: Ticket, event: TicketEvent) -> Ticket:
    ticket.state, ticket.finished_at = NO_SHOW, event.at
    return ticket


def _returned(ticket: Ticket, event: TicketEvent) -> Ticket:
    # A returned no-show queues again from the moment it came back.
    ticket.state, ticket.queue_key, ticket.counter, ticket.finished_at = WAITING, event.at, None, None
    return ticket


def _transferred(ticket: Ticket, event: TicketEvent) -> Ticket:
    # The ticket keeps its queue_key (original issue time), so it keeps its place in the new queue.
    ticket.state = WAITING
    ticket.field_code = event.data.get("to_field") or ticket.field_code
    ticket.target_counter = event.data.get("to_counter")
    ticket.counter = None
    return ticket


def _cancelled(ticket: Ticket, event: TicketEvent) -> Ticket:
    ticket.state, ticket.finished_at = CANCELLED, event.at
    return ticket


# A number whose slip never printed ends like a cancelled one; the event kind ("voided") keeps why in the log.
_voided = _cancelled


APPLY = {
    "issued": _issued,
    "called": _called,
    "recalled": _recalled,
    "started": _started,
    "finished": _finished,
    "no_show": _no_show,
    "returned": _returned,
    "transferred": _transferred,
    "cancelled": _cancelled,
    "voided": _voided,
}


def apply(ticket: Ticket | None, event: TicketEvent) -> Ticket:
    return APPLY[event.kind](ticket, event)


def replay(events: list[TicketEvent]) -> dict[int, Ticket]:
    """Rebuild every ticket from its events, in log order."""
    tickets: dict[int, Ticket] = {}
    for event in events:
        if event.ticket_id is None or event.kind not in APPLY:
            continue
        tickets[event.ticket_id] = apply(tickets.get(event.ticket_id), event)
    return tickets
