"""Read models: a ticket's status with its place and wait, a counter's view, and the centre's live board."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from queue_service.config.models import CentreConfig
from queue_service.queue.estimate import Estimator
from queue_service.queue.issuing import service_day
from queue_service.queue.projection import DONE, WAITING
from queue_service.queue.tables import CounterState, Ticket
from queue_service.queue.views import BoardView, CounterView, FieldBoard, FieldName, TicketView


def field_name(centre: CentreConfig, code: str) -> FieldName:
    field = centre.field(code)
    return FieldName(code=code, name_vi=field.name_vi, name_en=field.name_en) if field else FieldName(code=code, name_vi=code, name_en=code)


def ticket_view(
    centre: CentreConfig, ticket: Ticket, estimator: Estimator | None = None, public_url: str | None = None, ahead: int | None = None
) -> TicketView:
    view = TicketView(
        id=ticket.id, public_id=ticket.public_id, number=ticket.number, field=field_name(centre, ticket.field_code),
        state=ticket.state, channel=ticket.channel, priority_group=ticket.priority_group, counter=ticket.counter,
        target_counter=ticket.target_counter, issued_at=ticket.issued_at, called_at=ticket.called_at, recalls=ticket.recalls,
        url=f"{public_url.rstrip('/')}/t/{ticket.public_id}" if public_url else None,
    )
    if estimator is not None and ticket.state == WAITING:
        view.ahead = estimator.ahead_of(ticket) if ahead is None else ahead
        seconds = estimator.wait_seconds(ticket.field_code, view.ahead)
        view.estimated_wait_minutes = None if seconds is None else round(seconds / 60)
    return view


def counter_view(centre: CentreConfig, state: CounterState | None, number: int, current: Ticket | None) -> CounterView:
    config = centre.counter(number)
    return CounterView(
        number=number, status=state.status if state else "closed", name_vi=config.name_vi, name_en=config.name_en,
        current=ticket_view(centre, current) if current is not None else None, staff_id=state.staff_id if state else None,
    )


def board(session: Session, centre: CentreConfig, now: dt.datetime) -> BoardView:
    estimator = Estimator(session, centre, now)
    centre_id = centre.centre.id
    waiting = estimator.waiting_by_field()
    served = dict(
        session.execute(
            select(Ticket.field_code, func.count())
            .where(Ticket.centre_id == centre_id, Ticket.state == DONE, Ticket.service_day == service_day(centre, now))
            .group_by(Ticket.field_code)
        ).all()
    )
    fields = []
    for field in centre.fields:
        count, oldest = waiting.get(field.code, (0, None))
        seconds = estimator.wait_seconds(field.code, count)
        fields.append(
            FieldBoard(
                field=field_name(centre, field.code), waiting=count,
                longest_wait_minutes=int((now - oldest).total_seconds() // 60) if oldest else 0,
                estimated_wait_minutes=None if seconds is None else round(seconds / 60),
                target_wait_minutes=field.target_wait_minutes, counters_open=estimator.counters_for(field.code),
                served_today=served.get(field.code, 0),
            )
        )
    return BoardView(
        centre=centre_id, at=now, fields=fields, counters=counters(session, centre),
        waiting=sum(count for count, _ in waiting.values()), served_today=sum(served.values()),
    )


def counters(session: Session, centre: CentreConfig) -> list[CounterView]:
    rows = session.execute(
        select(CounterState, Ticket)
        .outerjoin(Ticket, Ticket.id == CounterState.current_ticket_id)
        .where(CounterState.centre_id == centre.centre.id)
    ).all()
    by_number = {state.number: (state, ticket) for state, ticket in rows}
    views = []
    for config in centre.counters:
        state, ticket = by_number.get(config.number, (None, None))
        views.append(counter_view(centre, state, config.number, ticket))
    return views
