"""What a counter does: open, pause, call next or a given ticket, recall, skip, start, finish, transfer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from queue_service.config.models import CentreConfig, Counter
from queue_service.errors import DomainError
from queue_service.queue import errors, policy
from queue_service.queue.candidates import heads
from queue_service.queue.projection import AT_COUNTER, CALLED, NO_SHOW, SERVING, WAITING
from queue_service.queue.recorder import Actor, record
from queue_service.queue.tables import CounterState, Ticket

OPEN, PAUSED, CLOSED = "open", "paused", "closed"

# The statements of every press, built once with bound parameters: building one costs more than running it.
_LOCK_COUNTER = (
    select(CounterState)
    .where(CounterState.centre_id == bindparam("centre"), CounterState.number == bindparam("number"))
    .with_for_update()
    .execution_options(populate_existing=True)
)
_LOCK_TICKET = (
    select(Ticket)
    .where(Ticket.id == bindparam("ticket_id"), Ticket.centre_id == bindparam("centre"))
    .with_for_update()
    .execution_options(populate_existing=True)
)
# Two counters never get the same ticket: only one conditional UPDATE can move it out of 'waiting'. RETURNING hands
# back the claimed row (none if another counter was first), so it is not read again.
_CLAIM = (
    update(Ticket)
    .where(Ticket.id == bindparam("ticket_id"), Ticket.state == WAITING)
    .values(state=CALLED, counter=bindparam("counter"))
    .returning(Ticket)
    .execution_options(synchronize_session=False, populate_existing=True)
)


@dataclass
class Outcome:
    """What an operation changed, for the caller's reply and for the displays."""

    counter: CounterState
    ticket: Ticket | None = None  # the ticket acted on
    finished: Ticket | None = None  # the ticket finished by this press
    kinds: list[str] = field(default_factory=list)
    reason: dict | None = None

    @property
    def announces(self) -> bool:
        return "called" in self.kinds or "recalled" in self.kinds


class CounterDesk:
    """Operations of one counter inside one write transaction."""

    def __init__(self, session: Session, centre: CentreConfig, number: int, actor: Actor, now: dt.datetime) -> None:
        self.session, self.centre, self.actor, self.now = session, centre, actor, now
        config = centre.counter(number)
        if config is None:
            raise DomainError(errors.UNKNOWN_COUNTER, counter=number)
        self.config: Counter = config
        self.state = self._lock(number)

    # --- counter status -------------------------------------------------------------------------
    def open(self, staff_id: str | None) -> Outcome:
        self.state.status, self.state.staff_id = OPEN, staff_id
        return self._counter_event("counter_opened", {"staff_id": staff_id})

    def pause(self, reason: str | None) -> Outcome:
        self._require(OPEN)
        self.state.status = PAUSED
        return self._counter_event("counter_paused", {"reason": reason})

    def resume(self) -> Outcome:
        if self.state.status != PAUSED:
            self._require(PAUSED)
        self.state.status = OPEN
        return self._counter_event("counter_resumed", {})

    def toggle_pause(self) -> Outcome:
        return self.resume() if self.state.status == PAUSED else self.pause(None)

    def close(self) -> Outcome:
        current = self._current()
        if current is not None:
            raise DomainError(errors.COUNTER_BUSY, counter=self.config.number, number=current.number)
        self.state.status, self.state.staff_id, self.state.priority_run = CLOSED, None, 0
        return self._counter_event("counter_closed", {})

    # --- calling --------------------------------------------------------------------------------
    def call_next(self) -> Outcome:
        self._require(OPEN)
        outcome = self._finish_current(auto=True)
        for _attempt in range(10):
            # The finished ticket and the counter row wait in the session and are written once, at commit: neither
            # is read by the two statements below (a finished ticket is not waiting), so no flush is needed first.
            with self.session.no_autoflush:
                candidates = heads(self.session, self.centre, self.config, self.now)
                choice = policy.choose(candidates, self.config, self.centre.priority_policy, self.state.priority_run, self.now)
                claimed = None if choice is None else self._claim(choice.ticket_id)
            if choice is None:
                self._touch()
                return outcome
            if claimed is not None:
                self.state.priority_run = choice.priority_run
                return self._called(claimed, {"reason": choice.reason}, outcome)
        raise DomainError(errors.CONFLICT_RETRY)

    def call_ticket(self, ticket_id: int) -> Outcome:
        self._require(OPEN)
        ticket = self._ticket(ticket_id)
        if ticket.state != WAITING:
            raise DomainError(errors.TICKET_NOT_WAITING, number=ticket.number, state=ticket.state)
        served = {s.field for s in self.config.fields}
        if ticket.target_counter not in (None, self.config.number) or (
            ticket.target_counter is None and ticket.field_code not in served
        ):
            raise DomainError(errors.FIELD_NOT_SERVED, counter=self.config.number, field=ticket.field_code)
        outcome = self._finish_current(auto=True)
        claimed = self._claim(ticket_id)
        if claimed is None:
            raise DomainError(errors.TICKET_NOT_WAITING, number=ticket.number, state="called")
        return self._called(claimed, {"reason": {"rule": "chosen_by_clerk", "explain": "called by number"}}, outcome)

    def recall(self) -> Outcome:
        ticket = self._current_or_fail()
        if ticket.state != CALLED:
            raise DomainError(errors.TICKET_WRONG_STATE, number=ticket.number, state=ticket.state, action="recall")
        _, ticket = record(self.session, **self._common(ticket), kind="recalled", data={"recall": ticket.recalls + 1})
        return Outcome(self.state, ticket, kinds=["recalled"])

    def skip(self) -> Outcome:
        ticket = self._current_or_fail()
        needed = self.centre.calling.recalls_before_skip
        if ticket.state != CALLED:
            raise DomainError(errors.TICKET_WRONG_STATE, number=ticket.number, state=ticket.state, action="skip")
        if ticket.recalls < needed:
            raise DomainError(errors.RECALL_FIRST, number=ticket.number, missing=needed - ticket.recalls)
        _, ticket = record(self.session, **self._common(ticket), kind="no_show", data={"recalls": ticket.recalls})
        self._set_current(None)
        return Outcome(self.state, ticket, kinds=["no_show"])

    def start(self) -> Outcome:
        ticket = self._current_or_fail()
        if ticket.state != CALLED:
            raise DomainError(errors.TICKET_WRONG_STATE, number=ticket.number, state=ticket.state, action="start")
        _, ticket = record(self.session, **self._common(ticket), kind="started")
        return Outcome(self.state, ticket, kinds=["started"])

    def finish(self) -> Outcome:
        self._current_or_fail()
        return self._finish_current(auto=False)

    def transfer(self, to_field: str | None, to_counter: int | None) -> Outcome:
        ticket = self._current_or_fail()
        if to_field is not None and self.centre.field(to_field) is None:
            raise DomainError(errors.UNKNOWN_FIELD, field=to_field)
        if to_counter is not None and self.centre.counter(to_counter) is None:
            raise DomainError(errors.UNKNOWN_COUNTER, counter=to_counter)
        if (to_field in (None, ticket.field_code)) and to_counter in (None, self.config.number):
            raise DomainError(errors.TRANSFER_TARGET)
        data = {"from_field": ticket.field_code, "to_field": to_field, "from_counter": self.config.number, "to_counter": to_counter}
        _, ticket = record(self.session, **self._common(ticket), kind="transferred", data=data)
        self._set_current(None)
        return Outcome(self.state, ticket, kinds=["transferred"])

    # --- internals ------------------------------------------------------------------------------
    def _lock(self, number: int) -> CounterState:
        centre_id = self.centre.centre.id
        # FOR UPDATE serialises two presses at one counter on PostgreSQL; SQLite's BEGIN IMMEDIATE already has.
        key = {"centre": centre_id, "number": number}
        state = self.session.execute(_LOCK_COUNTER, key).scalar_one_or_none()
        if state is None:  # the counter's first day: create its row (two creators race harmlessly)
            dialect = self.session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            self.session.execute(
                insert(CounterState)
                .values(centre_id=centre_id, number=number, status=CLOSED, priority_run=0, updated_at=self.now)
                .on_conflict_do_nothing(index_elements=["centre_id", "number"])
            )
            state = self.session.execute(_LOCK_COUNTER, key).scalar_one()
        return state

    def _ticket(self, ticket_id: int) -> Ticket:
        return ticket_for_update(self.session, self.centre, ticket_id)

    def _claim(self, ticket_id: int) -> Ticket | None:
        """The ticket, now called to this counter; None if another counter claimed it first."""
        return self.session.execute(_CLAIM, {"ticket_id": ticket_id, "counter": self.config.number}).scalar_one_or_none()

    def _called(self, ticket: Ticket, data: dict, outcome: Outcome) -> Outcome:
        data = {**data, "staff_id": self.state.staff_id, "waited_s": int((self.now - ticket.queue_key).total_seconds())}
        _, ticket = record(self.session, **self._common(ticket), kind="called", data=data)
        self._set_current(ticket.id)
        outcome.ticket, outcome.reason = ticket, data["reason"]
        outcome.kinds.append("called")
        return outcome

    def _finish_current(self, auto: bool) -> Outcome:
        outcome = Outcome(self.state)
        current = self._current()
        if current is not None:
            _, current = record(self.session, **self._common(current), kind="finished", data={"by_next": auto})
            self._set_current(None)
            outcome.kinds.append("finished")
            outcome.finished = current
        return outcome

    def _current(self) -> Ticket | None:
        if self.state.current_ticket_id is None:
            return None
        ticket = self._ticket(self.state.current_ticket_id)
        return ticket if ticket.state in AT_COUNTER else None

    def _current_or_fail(self) -> Ticket:
        ticket = self._current()
        if ticket is None:
            raise DomainError(errors.NO_CURRENT_TICKET, counter=self.config.number)
        return ticket

    def _set_current(self, ticket_id: int | None) -> None:
        self.state.current_ticket_id = ticket_id
        self._touch()

    def _touch(self) -> None:
        self.state.updated_at = self.now

    def _require(self, status: str) -> None:
        if self.state.status == status:
            return
        if self.state.status == PAUSED:
            raise DomainError(errors.COUNTER_PAUSED, counter=self.config.number)
        raise DomainError(errors.COUNTER_CLOSED, counter=self.config.number)

    def _common(self, ticket: Ticket) -> dict:
        return {"centre_id": self.centre.centre.id, "at": self.now, "actor": self.actor, "ticket": ticket, "counter": self.config.number}

    def _counter_event(self, kind: str, data: dict) -> Outcome:
        self._touch()
        record(self.session, centre_id=self.centre.centre.id, kind=kind, at=self.now, actor=self.actor, counter=self.config.number, data=data)
        return Outcome(self.state, kinds=[kind])


def ticket_for_update(session: Session, centre: CentreConfig, ticket_id: int) -> Ticket:
    ticket = session.execute(_LOCK_TICKET, {"ticket_id": ticket_id, "centre": centre.centre.id}).scalar_one_or_none()
    if ticket is None:
        raise DomainError(errors.UNKNOWN_TICKET)
    return ticket


def _ticket_transition(session, centre, ticket_id, actor, now, *, required: str, kind: str, action: str) -> Ticket:
    ticket = ticket_for_update(session, centre, ticket_id)
    if ticket.state != required:
        raise DomainError(errors.TICKET_WRONG_STATE, number=ticket.number, state=ticket.state, action=action)
    _, ticket = record(session, centre_id=centre.centre.id, kind=kind, at=now, actor=actor, ticket=ticket)
    return ticket


def cancel(session: Session, centre: CentreConfig, ticket_id: int, actor: Actor, now: dt.datetime) -> Ticket:
    """A citizen who leaves before being called."""
    return _ticket_transition(session, centre, ticket_id, actor, now, required=WAITING, kind="cancelled", action="cancel")


def return_to_queue(session: Session, centre: CentreConfig, ticket_id: int, actor: Actor, now: dt.datetime) -> Ticket:
    """A no-show who came back queues again."""
    return _ticket_transition(session, centre, ticket_id, actor, now, required=NO_SHOW, kind="returned", action="return")


__all__ = ["CounterDesk", "Outcome", "OPEN", "PAUSED", "CLOSED", "SERVING", "cancel", "return_to_queue"]
