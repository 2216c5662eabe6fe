"""QueueEngine: every queue operation as one transaction, with a view back and a change for the displays."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from functools import partial
from typing import Callable

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from queue_service.calendar.store import calendar_for
from queue_service.context import ServiceContext
from queue_service.errors import DomainError
from queue_service.queue import counters as desk_ops
from queue_service.queue import errors, issuing, voiding
from queue_service.queue.board import board, counter_view, ticket_view
from queue_service.queue.counters import CounterDesk, Outcome
from queue_service.queue.estimate import Estimator
from queue_service.queue.policy import prefers
from queue_service.queue.recorder import SYSTEM, Actor
from queue_service.queue.tables import Ticket
from queue_service.queue.views import BoardView, CallView, CounterView, TicketView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueChange:
    """Published after a commit: what the calling screens, LED displays and boards must now show."""

    centre: str
    kinds: tuple[str, ...]
    counter: CounterView | None = None
    ticket: TicketView | None = None
    announce: bool = False  # a call or recall to speak
    finished: TicketView | None = None  # the ticket this press finished (Finish, or Next finishing the current one)
    served_by: str | None = None  # staff id of the clerk who served the finished ticket (tickets.staff_id)


Listener = Callable[[QueueChange], None]


class QueueEngine:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.listeners: list[Listener] = []
        self._working_days: dict[tuple[str, dt.date], tuple[bool, float]] = {}

    # --- citizens ------------------------------------------------------------------------------
    def issue(
        self,
        centre_id: str,
        field_code: str,
        *,
        channel: str = "kiosk",
        priority_group: str | None = None,
        booking_slot: dt.datetime | None = None,
        actor: Actor = SYSTEM,
        request_id: str | None = None,
        deadline: dt.datetime | None = None,
        claim: Callable[[Session, Ticket], None] | None = None,
    ) -> TicketView:
        """`request_id` is kept with the ticket, so a kiosk that got no reply can void it by that id; a ticket not
        committed by `deadline` (the device's own wait for the reply) is not issued at all. `claim` runs in the same
        transaction once the ticket exists (a booking checked in by it): when it refuses, no ticket is issued."""
        centre = self.context.centre(centre_id)
        field = centre.field(field_code)
        if field is None:
            raise DomainError(errors.UNKNOWN_FIELD, field=field_code)
        if priority_group is not None and centre.priority_group(priority_group) is None:
            raise DomainError(errors.UNKNOWN_PRIORITY_GROUP, group=priority_group)
        now = self.context.clock()
        if self.context.settings.enforce_hours:
            issuing.check_issuing_hours(centre, now, self._is_working_day(centre, issuing.service_day(centre, now)))
        with self.context.db.write() as session:
            estimator = Estimator(session, centre, now)
            ahead = estimator.ahead_of_new(field_code, prefers(priority_group, booking_slot, centre.priority_policy, now))
            ticket = issuing.issue(
                session, centre, field, channel=channel, priority_group=priority_group, booking_slot=booking_slot,
                actor=actor, now=now, estimated_wait_s=estimator.wait_seconds(field_code, ahead), request_id=request_id,
            )
            if claim is not None:
                claim(session, ticket)
            view = ticket_view(centre, ticket, estimator, self.context.settings.public_url, ahead=ahead)
            if deadline is not None and self.context.clock() > deadline:
                raise DomainError(errors.LATE)  # rolled back: the device has stopped waiting for this number
        self._emit(QueueChange(centre_id, ("issued",), ticket=view))
        return view

    def ticket(self, centre_id: str | None, *, public_id: str | None = None, ticket_id: int | None = None) -> TicketView:
        """A ticket by staff id within a centre, or by its public id (unique across centres)."""
        with self.context.db.read() as session:
            if public_id is not None:
                query = select(Ticket).where(Ticket.public_id == public_id)
            else:
                query = select(Ticket).where(Ticket.centre_id == centre_id, Ticket.id == ticket_id)
            ticket = session.execute(query).scalar_one_or_none()
            if ticket is None or (centre_id is not None and ticket.centre_id != centre_id):
                raise DomainError(errors.UNKNOWN_TICKET)
            centre = self.context.centre(ticket.centre_id)
            estimator = Estimator(session, centre, self.context.clock())
            return ticket_view(centre, ticket, estimator, self.context.settings.public_url)

    def cancel(self, centre_id: str, ticket_id: int, actor: Actor = SYSTEM) -> TicketView:
        return self._ticket_op(centre_id, ticket_id, actor, desk_ops.cancel, "cancelled")

    def void(self, centre_id: str, ticket_id: int | None, actor: Actor, reason: str,
             request_id: str | None = None) -> TicketView:
        """The issuing kiosk could not print the slip, or never got the reply to its request: the number no longer
        waits (queue/voiding.py)."""
        operation = partial(voiding.void, reason=reason, request_id=request_id)
        return self._ticket_op(centre_id, ticket_id, actor, operation, "voided")

    def return_to_queue(self, centre_id: str, ticket_id: int, actor: Actor = SYSTEM) -> TicketView:
        return self._ticket_op(centre_id, ticket_id, actor, desk_ops.return_to_queue, "returned")

    def board(self, centre_id: str) -> BoardView:
        centre = self.context.centre(centre_id)
        with self.context.db.read() as session:
            return board(session, centre, self.context.clock())

    # --- counters ------------------------------------------------------------------------------
    def open_counter(self, centre_id: str, counter: int, actor: Actor, staff_id: str | None = None) -> CounterView:
        return self._desk(centre_id, counter, actor, lambda d: d.open(staff_id)).state

    def pause(self, centre_id: str, counter: int, actor: Actor, reason: str | None = None) -> CounterView:
        return self._desk(centre_id, counter, actor, lambda d: d.pause(reason)).state

    def resume(self, centre_id: str, counter: int, actor: Actor) -> CounterView:
        return self._desk(centre_id, counter, actor, CounterDesk.resume).state

    def pause_or_resume(self, centre_id: str, counter: int, actor: Actor) -> CounterView:
        """The keypad's one Pause key: resume a paused counter, pause an open one (decided inside the transaction)."""
        return self._desk(centre_id, counter, actor, CounterDesk.toggle_pause).state

    def close_counter(self, centre_id: str, counter: int, actor: Actor) -> CounterView:
        return self._desk(centre_id, counter, actor, CounterDesk.close).state

    def call_next(self, centre_id: str, counter: int, actor: Actor) -> CallView:
        return self._desk(centre_id, counter, actor, CounterDesk.call_next)

    def call_ticket(self, centre_id: str, counter: int, ticket_id: int, actor: Actor) -> CallView:
        return self._desk(centre_id, counter, actor, lambda d: d.call_ticket(ticket_id))

    def recall(self, centre_id: str, counter: int, actor: Actor) -> CallView:
        return self._desk(centre_id, counter, actor, CounterDesk.recall)

    def skip(self, centre_id: str, counter: int, actor: Actor) -> CallView:
        return self._desk(centre_id, counter, actor, CounterDesk.skip)

    def start(self, centre_id: str, counter: int, actor: Actor) -> CallView:
        return self._desk(centre_id, counter, actor, CounterDesk.start)

    def finish(self, centre_id: str, counter: int, actor: Actor) -> CallView:
        return self._desk(centre_id, counter, actor, CounterDesk.finish)

    def transfer(self, centre_id: str, counter: int, actor: Actor, to_field: str | None = None, to_counter: int | None = None) -> CallView:
        return self._desk(centre_id, counter, actor, lambda d: d.transfer(to_field, to_counter))

    # --- plumbing ------------------------------------------------------------------------------
    def _desk(self, centre_id: str, number: int, actor: Actor, operation: Callable[[CounterDesk], Outcome]) -> CallView:
        centre = self.context.centre(centre_id)
        for attempt in range(3):
            now = self.context.clock()
            try:
                with self.context.db.write() as session:
                    desk = CounterDesk(session, centre, number, actor, now)
                    outcome = operation(desk)
                    result = _call_view(centre, outcome, session, now, self.context.settings.public_url)
                break
            except OperationalError as exc:
                # PostgreSQL's deadlock (40P01) or serialisation failure (40001): the transaction may simply run again.
                if attempt == 2 or getattr(exc.orig, "sqlstate", None) not in ("40P01", "40001"):
                    raise
                log.warning("counter %s of %s: retrying after %s", number, centre_id, exc.orig)
        self._emit(
            QueueChange(
                centre_id, tuple(outcome.kinds), counter=result.state,
                ticket=result.ticket or result.finished, announce=outcome.announces, finished=result.finished,
                served_by=outcome.finished.staff_id if outcome.finished is not None else None,
            )
        )
        return result

    def _ticket_op(self, centre_id, ticket_id, actor, operation, kind) -> TicketView:
        centre = self.context.centre(centre_id)
        now = self.context.clock()
        with self.context.db.write() as session:
            ticket = operation(session, centre, ticket_id, actor, now)
            view = ticket_view(centre, ticket, Estimator(session, centre, now), self.context.settings.public_url)
        self._emit(QueueChange(centre_id, (kind,), ticket=view))
        return view

    def _is_working_day(self, centre, day: dt.date) -> bool:
        """Asked on every ticket, so remembered for a minute (an administrator's override shows within it)."""
        key = (centre.centre.id, day)
        known = self._working_days.get(key)
        if known is not None and known[1] > time.monotonic():
            return known[0]
        with self.context.db.read() as session:
            working = calendar_for(session, centre).is_working_day(day)
        self._working_days[key] = (working, time.monotonic() + 60)
        return working

    def _emit(self, change: QueueChange) -> None:
        for listener in list(self.listeners):
            try:
                listener(change)
            except Exception:  # a display feed must never undo or fail a committed operation
                log.exception("queue listener failed on %s", change.kinds)


def _call_view(centre, outcome: Outcome, session, now, public_url) -> CallView:
    estimator = Estimator(session, centre, now)

    def view(ticket):
        return None if ticket is None else ticket_view(centre, ticket, estimator, public_url)

    state = outcome.counter
    current = outcome.ticket if outcome.ticket is not None and outcome.ticket.id == state.current_ticket_id else None
    if current is None and state.current_ticket_id is not None:
        # Pause, resume or open while a ticket is at the counter: the counter still shows it (the retained state the
        # LED follows must not blank a ticket being served).
        current = session.get(Ticket, state.current_ticket_id)
    return CallView(
        counter=state.number, ticket=view(outcome.ticket), finished=view(outcome.finished), reason=outcome.reason,
        state=counter_view(centre, state, state.number, current),
    )
