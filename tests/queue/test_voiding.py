"""A number counts only when printed: the issuing kiosk voids a waiting ticket whose slip did not print, on real
SQLite and real PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from queue_service.errors import DomainError
from queue_service.queue.recorder import Actor
from queue_service.queue.tables import TicketEvent
from tests.queue.conftest import CENTRE, CLERK

KIOSK = Actor("device:kiosk-1", "kiosk-1")


def voided_events(engine, ticket_id: int) -> int:
    with engine.context.db.read() as session:
        return len(session.execute(select(TicketEvent).where(
            TicketEvent.ticket_id == ticket_id, TicketEvent.kind == "voided")).scalars().all())


def test_a_voided_number_leaves_the_queue_and_is_never_called(engine):
    engine.open_counter(CENTRE, 4, CLERK, staff_id="nv01")
    lost = engine.issue(CENTRE, "LLTP", actor=KIOSK)
    kept = engine.issue(CENTRE, "LLTP", actor=KIOSK)
    view = engine.void(CENTRE, lost.id, KIOSK, "printer: paper out")
    assert view.state == "cancelled" and voided_events(engine, lost.id) == 1
    field = next(f for f in engine.board(CENTRE).fields if f.field.code == "LLTP")
    assert field.waiting == 1
    assert engine.call_next(CENTRE, 4, CLERK).ticket.number == kept.number
    assert engine.call_next(CENTRE, 4, CLERK).ticket is None


def test_voiding_again_is_harmless(engine):
    ticket = engine.issue(CENTRE, "HT", actor=KIOSK)
    engine.void(CENTRE, ticket.id, KIOSK, "paper out")
    again = engine.void(CENTRE, ticket.id, KIOSK, "paper out")
    assert again.state == "cancelled" and voided_events(engine, ticket.id) == 1


def test_only_the_issuing_kiosk_voids_and_only_while_the_ticket_waits(engine):
    engine.open_counter(CENTRE, 4, CLERK, staff_id="nv01")
    ticket = engine.issue(CENTRE, "LLTP", actor=KIOSK)
    with pytest.raises(DomainError) as other:
        engine.void(CENTRE, ticket.id, Actor("device:kiosk-2", "kiosk-2"), "paper out")
    assert other.value.kind.code == "not_issued_here"
    at_counter = engine.issue(CENTRE, "HT")  # issued by staff, not by a device: no kiosk may void it
    with pytest.raises(DomainError) as staff:
        engine.void(CENTRE, at_counter.id, KIOSK, "paper out")
    assert staff.value.kind.code == "not_issued_here"
    engine.call_next(CENTRE, 4, CLERK)  # the citizen had their number after all and was called
    with pytest.raises(DomainError) as called:
        engine.void(CENTRE, ticket.id, KIOSK, "paper out")
    assert called.value.kind.code == "ticket_wrong_state"
    assert voided_events(engine, ticket.id) == 0


def test_a_ticket_whose_reply_was_lost_is_voided_by_its_request(engine):
    ticket = engine.issue(CENTRE, "HT", actor=KIOSK, request_id="req-1")
    engine.issue(CENTRE, "HT", actor=KIOSK, request_id="req-2")
    assert engine.void(CENTRE, None, KIOSK, "no reply", request_id="req-1").id == ticket.id
    with pytest.raises(DomainError) as never:  # a request that issued nothing: nothing to void
        engine.void(CENTRE, None, KIOSK, "no reply", request_id="req-3")
    assert never.value.kind.code == "unknown_ticket"
    with pytest.raises(DomainError) as other:  # another kiosk's request id finds nothing of its own
        engine.void(CENTRE, None, Actor("device:kiosk-2", "kiosk-2"), "no reply", request_id="req-2")
    assert other.value.kind.code == "unknown_ticket"


def test_a_ticket_not_committed_before_the_device_stopped_waiting_is_not_issued(engine, clock):
    deadline = clock() - dt.timedelta(seconds=1)
    with pytest.raises(DomainError) as late:
        engine.issue(CENTRE, "HT", actor=KIOSK, request_id="req-1", deadline=deadline)
    assert late.value.kind.code == "expired"
    assert next(f for f in engine.board(CENTRE).fields if f.field.code == "HT").waiting == 0
    assert engine.issue(CENTRE, "HT", actor=KIOSK).number == "1001"  # the late one took no number
