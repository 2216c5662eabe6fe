"""The queue engine's rules, on real SQLite and real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from queue_service.errors import DomainError
from queue_service.queue.projection import replay
from queue_service.queue.tables import Ticket, TicketEvent
from tests.queue.conftest import CENTRE, CLERK


def codes(exc_info) -> str:
    return exc_info.value.kind.code


def open_counters(engine, *numbers):
    for n in numbers:
        engine.open_counter(CENTRE, n, CLERK, staff_id="nv01")


def test_numbers_follow_the_field_format_and_count_up(engine):
    first = engine.issue(CENTRE, "HT")
    second = engine.issue(CENTRE, "HT")
    letters = engine.issue(CENTRE, "CCCD")
    assert (first.number, second.number, letters.number) == ("1001", "1002", "A001")
    assert first.field.name_vi == "Tư pháp – Hộ tịch"
    assert second.ahead == 1


def test_next_finishes_the_current_ticket_and_calls_in_arrival_order(engine, clock):
    open_counters(engine, 4)  # counter 4 serves LLTP only
    a = engine.issue(CENTRE, "LLTP")
    clock.advance(minutes=1)
    b = engine.issue(CENTRE, "LLTP")
    first = engine.call_next(CENTRE, 4, CLERK)
    assert first.ticket.number == a.number and first.finished is None
    second = engine.call_next(CENTRE, 4, CLERK)
    assert second.ticket.number == b.number
    assert second.finished.number == a.number and second.finished.state == "done"
    empty = engine.call_next(CENTRE, 4, CLERK)
    assert empty.ticket is None and empty.finished.number == b.number


def test_priority_goes_first_but_never_more_than_the_bounded_run(engine, clock, demo_centre):
    limit = demo_centre.priority_policy.max_consecutive
    open_counters(engine, 4)
    normal = engine.issue(CENTRE, "LLTP")
    clock.advance(minutes=1)
    elderly = [engine.issue(CENTRE, "LLTP", priority_group="elderly") for _ in range(limit + 2)]
    called = [engine.call_next(CENTRE, 4, CLERK) for _ in range(limit + 1)]
    assert [c.ticket.number for c in called[:limit]] == [t.number for t in elderly[:limit]]
    assert called[limit].ticket.number == normal.number
    assert called[limit].reason["rule"] == "priority_run_limit"
    # With no normal ticket left, the remaining priority tickets are called.
    assert engine.call_next(CENTRE, 4, CLERK).ticket.number == elderly[limit].number


def test_field_weights_favour_the_counter_own_field(engine, clock):
    open_counters(engine, 1)  # serves HT with weight 2 and CT with weight 1
    ct = engine.issue(CENTRE, "CT")
    clock.advance(minutes=4)
    ht = engine.issue(CENTRE, "HT")
    clock.advance(minutes=3)
    # CT waited 7 min × 1 = 7; HT waited 3 min × 2 = 6: CT goes first.
    assert engine.call_next(CENTRE, 1, CLERK).ticket.number == ct.number
    ct2 = engine.issue(CENTRE, "CT")
    clock.advance(minutes=1)
    # HT: 4 min × 2 = 8 beats CT: 1 min × 1.
    call = engine.call_next(CENTRE, 1, CLERK)
    assert call.ticket.number == ht.number
    assert call.reason["field"] == "HT" and call.reason["weight"] == 2
    assert engine.call_next(CENTRE, 1, CLERK).ticket.number == ct2.number


def test_transferred_ticket_keeps_its_place_by_original_issue_time(engine, clock):
    open_counters(engine, 1, 4)
    early = engine.issue(CENTRE, "HT")
    clock.advance(minutes=5)
    lltp_waiting = engine.issue(CENTRE, "LLTP")
    engine.call_next(CENTRE, 1, CLERK)
    moved = engine.transfer(CENTRE, 1, CLERK, to_field="LLTP")
    assert moved.ticket.number == early.number and moved.ticket.state == "waiting"
    assert moved.ticket.ahead == 0  # it was issued before the LLTP ticket
    assert engine.call_next(CENTRE, 4, CLERK).ticket.number == early.number
    assert engine.call_next(CENTRE, 4, CLERK).ticket.number == lltp_waiting.number


def test_transfer_to_a_counter_is_called_only_there(engine):
    open_counters(engine, 1, 2)
    ticket = engine.issue(CENTRE, "HT")
    engine.call_next(CENTRE, 1, CLERK)
    engine.transfer(CENTRE, 1, CLERK, to_counter=3)
    assert engine.call_next(CENTRE, 2, CLERK).ticket is None
    open_counters(engine, 3)
    call = engine.call_next(CENTRE, 3, CLERK)
    assert call.ticket.number == ticket.number and call.reason["transferred_here"] is True


def test_recall_then_skip_to_no_show_then_return(engine, demo_centre, clock):
    open_counters(engine, 4)
    ticket = engine.issue(CENTRE, "LLTP")
    engine.call_next(CENTRE, 4, CLERK)
    with pytest.raises(DomainError) as refused:
        engine.skip(CENTRE, 4, CLERK)
    assert codes(refused) == "recall_first"
    assert engine.recall(CENTRE, 4, CLERK).ticket.recalls == 1
    skipped = engine.skip(CENTRE, 4, CLERK)
    assert skipped.ticket.state == "no_show" and skipped.state.current is None
    clock.advance(minutes=2)
    later = engine.issue(CENTRE, "LLTP")
    clock.advance(minutes=1)
    back = engine.return_to_queue(CENTRE, ticket.id, CLERK)
    assert back.state == "waiting" and back.ahead == 1  # queues again behind who came meanwhile
    assert engine.call_next(CENTRE, 4, CLERK).ticket.number == later.number


def test_start_and_finish_record_service_time_used_by_estimates(engine, clock):
    open_counters(engine, 4)
    for _ in range(3):
        engine.issue(CENTRE, "LLTP")
    for _ in range(2):
        engine.call_next(CENTRE, 4, CLERK)
        engine.start(CENTRE, 4, CLERK)
        clock.advance(minutes=10)
        engine.finish(CENTRE, 4, CLERK)
    waiting = engine.issue(CENTRE, "LLTP")
    # one ahead, one open counter, service time measured at 10 minutes (the default for LLTP is 6)
    assert waiting.ahead == 1 and waiting.estimated_wait_minutes == 10


def test_estimate_is_unknown_when_no_counter_serves_the_field(engine):
    assert engine.issue(CENTRE, "YTE").estimated_wait_minutes is None


def test_cancel_only_waiting_tickets(engine):
    open_counters(engine, 4)
    ticket = engine.issue(CENTRE, "LLTP")
    engine.call_next(CENTRE, 4, CLERK)
    with pytest.raises(DomainError) as refused:
        engine.cancel(CENTRE, ticket.id, CLERK)
    assert codes(refused) == "ticket_wrong_state"
    other = engine.issue(CENTRE, "LLTP")
    assert engine.cancel(CENTRE, other.id, CLERK).state == "cancelled"
    assert engine.call_next(CENTRE, 4, CLERK).ticket is None


def test_paused_and_closed_counters_call_nobody(engine):
    engine.issue(CENTRE, "LLTP")
    with pytest.raises(DomainError) as closed:
        engine.call_next(CENTRE, 4, CLERK)
    assert codes(closed) == "counter_closed"
    open_counters(engine, 4)
    engine.pause(CENTRE, 4, CLERK, reason="họp")
    with pytest.raises(DomainError) as paused:
        engine.call_next(CENTRE, 4, CLERK)
    assert codes(paused) == "counter_paused"
    engine.resume(CENTRE, 4, CLERK)
    engine.call_next(CENTRE, 4, CLERK)
    with pytest.raises(DomainError) as busy:
        engine.close_counter(CENTRE, 4, CLERK)
    assert codes(busy) == "counter_busy"


def test_daily_cap_says_sold_out(engine, db, demo_centre):
    field = demo_centre.field("LLTP")
    from queue_service.queue.tables import DaySequence

    with db.write() as session:  # jump the day's counter to just below the cap
        session.add(DaySequence(centre_id=CENTRE, service_day=engine.context.clock().astimezone(demo_centre.zone).date(), field_code="LLTP", last_seq=field.daily_cap - 1))
    assert engine.issue(CENTRE, "LLTP").number == "3300"
    with pytest.raises(DomainError) as sold_out:
        engine.issue(CENTRE, "LLTP")
    assert codes(sold_out) == "sold_out"
    assert "hết số" in sold_out.value.message_vi and "Lý lịch tư pháp" in sold_out.value.message_vi


def test_closed_centre_refuses_tickets(engine, clock):
    from tests.support.clock import local

    clock.set(local(2026, 11, 23, 16, 45))  # after last_ticket 16:30
    with pytest.raises(DomainError) as closed:
        engine.issue(CENTRE, "HT")
    assert codes(closed) == "centre_closed" and "16:30" in closed.value.message_vi
    clock.set(local(2026, 11, 22, 9, 0))  # a Sunday
    with pytest.raises(DomainError):
        engine.issue(CENTRE, "HT")


def test_unknown_field_counter_and_group_are_refused(engine):
    for call, code in (
        (lambda: engine.issue(CENTRE, "NOPE"), "unknown_field"),
        (lambda: engine.issue(CENTRE, "HT", priority_group="vip"), "unknown_priority_group"),
        (lambda: engine.call_next(CENTRE, 99, CLERK), "unknown_counter"),
        (lambda: engine.board("no-such-centre"), "unknown_centre"),
    ):
        with pytest.raises(DomainError) as refused:
            call()
        assert codes(refused) == code


def test_every_change_is_an_event_and_replay_rebuilds_the_tickets(engine, db, clock):
    open_counters(engine, 1, 4)
    for field in ("HT", "LLTP", "HT", "CT"):
        engine.issue(CENTRE, field)
        clock.advance(seconds=30)
    engine.call_next(CENTRE, 1, CLERK)
    engine.recall(CENTRE, 1, CLERK)
    engine.transfer(CENTRE, 1, CLERK, to_field="LLTP")
    engine.call_next(CENTRE, 4, CLERK)
    engine.start(CENTRE, 4, CLERK)
    engine.finish(CENTRE, 4, CLERK)
    columns = ("id", "number", "field_code", "state", "queue_key", "counter", "recalls", "called_at", "started_at", "finished_at", "target_counter")
    with db.read() as session:
        events = session.execute(select(TicketEvent).order_by(TicketEvent.id)).scalars().all()
        stored = {t.id: t for t in session.execute(select(Ticket)).scalars()}
        rebuilt = replay(events)
        assert {e.kind for e in events} >= {"issued", "called", "recalled", "transferred", "started", "finished", "counter_opened"}
        assert all(e.actor for e in events)
        for ticket_id, ticket in stored.items():
            assert {c: getattr(rebuilt[ticket_id], c) for c in columns} == {c: getattr(ticket, c) for c in columns}


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_public_holidays_and_swapped_saturdays(engine, clock, db, demo_centre):
    from queue_service.calendar.store import set_override
    from tests.support.clock import local

    clock.set(local(2026, 2, 17, 9, 0))  # Tuesday of Tết 2026
    with pytest.raises(DomainError) as tet:
        engine.issue(CENTRE, "HT")
    assert codes(tet) == "day_off" and "ngày nghỉ" in tet.value.message_vi
    clock.set(local(2026, 8, 22, 9, 0))  # a Saturday worked in exchange for 31/08
    assert engine.issue(CENTRE, "HT").number == "1001"
    clock.set(local(2026, 11, 26, 9, 0))  # an ordinary Thursday the administrator closed
    with db.write() as session:
        set_override(session, CENTRE, clock().date(), False, note="Bầu cử", by="admin", now=clock())
    with pytest.raises(DomainError) as closed:
        engine.issue(CENTRE, "HT")
    assert codes(closed) == "day_off"
