"""Random sequences of queue operations keep the invariants (hypothesis stateful testing on real SQLite)."""

from __future__ import annotations

import shutil
from collections import Counter as Tally

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from queue_service.config.models import CentreConfig
from queue_service.context import ServiceContext
from queue_service.errors import DomainError
from queue_service.queue.engine import QueueEngine
from queue_service.queue.policy import is_preferred
from queue_service.queue.projection import replay
from queue_service.queue.recorder import Actor
from queue_service.queue.tables import CounterState, Ticket, TicketEvent
from queue_service.settings import Settings
from queue_service.store import Database
from tests.support.clock import ManualClock, local

CENTRE = CentreConfig.model_validate(
    {
        "version": 1,
        "centre": {"id": "ward-1", "name_vi": "UBND phường Một", "name_en": "Ward One"},
        "fields": [
            {"code": "HT", "name_vi": "Hộ tịch", "name_en": "Civil status", "numbering": {"prefix": "A"}},
            {"code": "CT", "name_vi": "Chứng thực", "name_en": "Certification", "numbering": {"prefix": "B"}},
            {"code": "DD", "name_vi": "Đất đai", "name_en": "Land", "numbering": {"prefix": "C"}},
        ],
        "counters": [
            {"number": 1, "fields": [{"field": "HT", "weight": 2}, {"field": "CT"}]},
            {"number": 2, "fields": [{"field": "CT"}, {"field": "DD", "weight": 3}]},
            {"number": 3, "fields": [{"field": "DD"}]},
        ],
        "priority_policy": {"max_consecutive": 2},
        "calling": {"recalls_before_skip": 1},
    }
)
FIELDS = [f.code for f in CENTRE.fields]
COUNTERS = [c.number for c in CENTRE.counters]
ACTOR = Actor("prop")


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "queue.db"
    database = Database(f"sqlite:///{path}").start()
    database.upgrade()
    database.stop()
    return path


class QueueMachine(RuleBasedStateMachine):
    template = None
    copies = 0

    def __init__(self):
        super().__init__()
        QueueMachine.copies += 1
        path = self.template.with_name(f"run-{QueueMachine.copies}.db")
        shutil.copy(self.template, path)
        url = f"sqlite:///{path}"
        self.clock = ManualClock(local(2026, 11, 23, 8, 0))
        self.db = Database(url).start()
        context = ServiceContext(Settings(database_url=url, enforce_hours=False), self.db, {"ward-1": CENTRE}, self.clock)
        self.engine = QueueEngine(context)
        self.issued = 0
        self.runs = Tally()  # consecutive preferred calls per counter while a normal eligible ticket waited
        for number in COUNTERS:
            self.engine.open_counter("ward-1", number, ACTOR)

    def teardown(self):
        self.db.stop()

    def _tickets(self, *states):
        with self.db.read() as session:
            query = select(Ticket)
            if states:
                query = query.where(Ticket.state.in_(states))
            return session.execute(query).scalars().all()

    @rule(field=st.sampled_from(FIELDS), group=st.sampled_from([None, None, None, "elderly"]), booking=st.booleans())
    def issue(self, field, group, booking):
        slot = self.clock() if booking and group is None else None
        self.engine.issue("ward-1", field, priority_group=group, booking_slot=slot, channel="booking" if slot else "kiosk")
        self.issued += 1

    @rule(field=st.sampled_from(FIELDS), preferred=st.integers(0, 4), normal=st.integers(0, 3))
    def rush(self, field, preferred, normal):
        """A bus of citizens arrives: several tickets in the same second."""
        for i in range(preferred + normal):
            self.issue(field, "elderly" if i < preferred else None, False)

    @rule(minutes=st.integers(min_value=0, max_value=15))
    def wait(self, minutes):
        self.clock.advance(minutes=minutes, seconds=1)

    @rule(counter=st.sampled_from(COUNTERS))
    def call_next(self, counter):
        now = self.clock()
        config = CENTRE.counter(counter)
        served = {s.field for s in config.fields}
        eligible = [
            t for t in self._tickets("waiting")
            if t.target_counter == counter or (t.target_counter is None and t.field_code in served)
        ]
        try:
            call = self.engine.call_next("ward-1", counter, ACTOR)
        except DomainError as exc:
            assert exc.kind.code in ("counter_paused",)
            return
        if call.ticket is None:
            assert not eligible
            return
        chosen = next(t for t in eligible if t.id == call.ticket.id)
        policy = CENTRE.priority_policy
        mine = is_preferred(chosen, policy, now)
        # FIFO within a class and a field
        for other in eligible:
            if other.field_code == chosen.field_code and is_preferred(other, policy, now) == mine and other.target_counter == chosen.target_counter:
                assert (other.queue_key, other.id) >= (chosen.queue_key, chosen.id)
        normal_waiting = any(not is_preferred(t, policy, now) for t in eligible)
        self.runs[counter] = self.runs[counter] + 1 if (mine and normal_waiting) else 0
        assert self.runs[counter] <= policy.max_consecutive

    @rule(counter=st.sampled_from(COUNTERS), action=st.sampled_from(["recall", "skip", "start", "finish"]))
    def act(self, counter, action):
        try:
            getattr(self.engine, action)("ward-1", counter, ACTOR)
        except DomainError as exc:
            assert exc.kind.status in (409,)

    @rule(counter=st.sampled_from(COUNTERS), to_field=st.sampled_from(FIELDS + [None]), to_counter=st.sampled_from(COUNTERS + [None]))
    def transfer(self, counter, to_field, to_counter):
        try:
            self.engine.transfer("ward-1", counter, ACTOR, to_field=to_field, to_counter=to_counter)
        except DomainError as exc:
            assert exc.kind.code in ("no_current_ticket", "transfer_target")

    @precondition(lambda self: self.issued > 0)
    @rule(pick=st.integers(min_value=0, max_value=1000), action=st.sampled_from(["cancel", "return_to_queue"]))
    def ticket_action(self, pick, action):
        tickets = self._tickets()
        ticket = tickets[pick % len(tickets)]
        try:
            getattr(self.engine, action)("ward-1", ticket.id, ACTOR)
        except DomainError as exc:
            assert exc.kind.code == "ticket_wrong_state"

    @rule(counter=st.sampled_from(COUNTERS), pause=st.booleans())
    def pause_or_resume(self, counter, pause):
        try:
            (self.engine.pause if pause else self.engine.resume)("ward-1", counter, ACTOR)
        except DomainError as exc:
            assert exc.kind.code in ("counter_paused", "counter_closed")

    @invariant()
    def no_ticket_at_two_counters_and_none_lost(self):
        with self.db.read() as session:
            tickets = session.execute(select(Ticket)).scalars().all()
            counters = session.execute(select(CounterState)).scalars().all()
        assert len(tickets) == self.issued
        current = [c.current_ticket_id for c in counters if c.current_ticket_id is not None]
        assert len(current) == len(set(current))
        at_counter = {t.id: t for t in tickets if t.state in ("called", "serving")}
        assert set(at_counter) == set(current)
        for c in counters:
            if c.current_ticket_id is not None:
                assert at_counter[c.current_ticket_id].counter == c.number
        numbers = Tally((t.service_day, t.issued_field, t.number) for t in tickets)
        assert max(numbers.values(), default=1) == 1

    @invariant()
    def replay_equals_state(self):
        with self.db.read() as session:
            events = session.execute(select(TicketEvent).order_by(TicketEvent.id)).scalars().all()
            stored = {t.id: (t.state, t.field_code, t.counter, t.recalls, t.queue_key) for t in session.execute(select(Ticket)).scalars()}
        rebuilt = {i: (t.state, t.field_code, t.counter, t.recalls, t.queue_key) for i, t in replay(events).items()}
        assert rebuilt == stored


def test_queue_invariants(template_db):
    QueueMachine.template = template_db
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(
        QueueMachine,
        settings=settings(max_examples=40, stateful_step_count=40, deadline=None, suppress_health_check=list(HealthCheck)),
    )
