"""The engine's views in the contract's shapes: a counter's retained state, the board, an issued ticket."""

from __future__ import annotations

from queue_service.config import CentreConfig
from queue_service.queue.views import BoardView, CounterView, TicketView
from wire.queue_messages import Board, BoardField, BoardPriorityGroup, CounterState
from wire.ticket import IssuedTicket
from wire.topics import counter_id

SHOWING_STATES = ("called", "serving")  # what an LED or a screen shows for a counter


def counter_state(view: CounterView) -> CounterState:
    """What counter n shows: its status and the ticket called or being served, with its recall count (a new value
    is a recall the LED blinks for). The LED follows this retained state; no command drives it."""
    current = view.current if view.current is not None and view.current.state in SHOWING_STATES else None
    return CounterState(
        counter=counter_id(view.number), name=view.name_vi, name_en=view.name_en, status=view.status,
        number=current.number if current else None, field=current.field.code if current else None,
        ticket_state=current.state if current else None, recalls=current.recalls if current else 0,
    )


def board_message(view: BoardView, centre: CentreConfig) -> Board:
    return Board(served_today=view.served_today, fields=[
        BoardField(field=f.field.code, name=f.field.name_vi, name_en=f.field.name_en, waiting=f.waiting,
                   estimated_wait_min=f.estimated_wait_minutes, counters_open=len(f.counters_open))
        for f in view.fields], priority_groups=[
        BoardPriorityGroup(code=g.code, name=g.name_vi, name_en=g.name_en, hint=g.hint_vi, hint_en=g.hint_en)
        for g in centre.priority_groups])


def serving_counters(centre: CentreConfig, field: str) -> list[str]:
    """Ids of the counters configured to serve `field`, as printed on its tickets."""
    return [counter_id(c.number) for c in centre.counters if any(s.field == field for s in c.fields)]


def issued_ticket(centre: CentreConfig, view: TicketView) -> IssuedTicket:
    group = centre.priority_group(view.priority_group) if view.priority_group else None
    return IssuedTicket(
        id=view.id, public_id=view.public_id, number=view.number, field=view.field.code,
        field_name_vi=view.field.name_vi, field_name_en=view.field.name_en, channel=view.channel,
        priority_group=view.priority_group, priority_name_vi=group.name_vi if group else None,
        priority_name_en=group.name_en if group else None, people_ahead=view.ahead or 0,
        estimated_wait_min=view.estimated_wait_minutes, counters=serving_counters(centre, view.field.code),
        issued_at=view.issued_at, public_url=(view.url or "")[:300],
    )
