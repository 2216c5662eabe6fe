"""The counter screen's read model on SQLite and PostgreSQL: queues in order with their marks, what was transferred to
the counter, why the last ticket was called (every rule of the policy in words), and today's figures."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_service.console.desk_state import desk_state, explain
from queue_service.queue.recorder import Actor
from tests.queue.conftest import CENTRE, clock, demo_centre, engine  # noqa: F401

CLERK = Actor("nv02")


def _state(engine, lang="vi"):
    with engine.context.db.read() as session:
        return desk_state(session, engine.context.centre(CENTRE), 3, engine.context.clock(), lang)


def test_queues_marks_why_and_today(engine, clock):
    engine.open_counter(CENTRE, 3, CLERK, staff_id="nv02")
    engine.open_counter(CENTRE, 1, Actor("nv03"), staff_id="nv03")
    first = engine.issue(CENTRE, "CT")
    clock.advance(minutes=5)
    booked = engine.issue(CENTRE, "HT", channel="booking", booking_slot=clock() + dt.timedelta(hours=1))
    elderly = engine.issue(CENTRE, "CT", priority_group="elderly")
    elsewhere = engine.issue(CENTRE, "HT")
    engine.call_ticket(CENTRE, 1, elsewhere.id, Actor("nv03"))
    engine.transfer(CENTRE, 1, Actor("nv03"), to_counter=3)  # sent on to counter 3 by counter 1's clerk

    state = _state(engine)
    assert [(q.code, q.name, q.waiting) for q in state.queues] == [
        (None, "Chuyển đến quầy này", 1), ("CT", "Chứng thực", 2), ("HT", "Tư pháp – Hộ tịch", 1)]
    here, ct, ht = state.queues
    assert [t.number for t in here.tickets] == [elsewhere.number] and here.tickets[0].transferred
    assert [(t.number, t.waited_minutes, t.priority) for t in ct.tickets] == [
        (first.number, 5, None), (elderly.number, 0, "Người cao tuổi")]
    assert ht.tickets[0].number == booked.number and ht.tickets[0].booking == "09:05"  # local time
    assert state.why is None and state.served_today == 0 and state.average_service_s is None

    called = engine.call_next(CENTRE, 3, CLERK)  # the elderly citizen first
    assert called.ticket.number == elderly.number
    engine.start(CENTRE, 3, CLERK)
    clock.advance(minutes=3)
    engine.finish(CENTRE, 3, CLERK)
    state = _state(engine)
    assert state.why_number == elderly.number and state.why.startswith("Đối tượng ưu tiên: Người cao tuổi")
    assert _state(engine, "en").why.startswith("Priority group: Elderly person")
    engine.call_ticket(CENTRE, 3, elsewhere.id, CLERK)  # picked from the list
    clock.advance(minutes=5)
    engine.finish(CENTRE, 3, CLERK)  # never started: counted from the call
    state = _state(engine)
    assert state.why_number == elsewhere.number
    assert state.why == "Cán bộ chọn gọi số này trong danh sách"
    assert state.served_today == 2 and state.average_service_s == 240

@pytest.mark.parametrize("reason, vi", [
    ({"rule": "normal", "field": "CT", "weight": 2.0, "waited_s": 750}, "Chờ lâu nhất có tính hệ số: 12 phút × hệ số 2, lĩnh vực Chứng thực"),
    ({"rule": "priority", "priority_group": "pregnant", "priority_run": 2, "max_consecutive": 3}, "Đối tượng ưu tiên: Phụ nữ mang thai (lượt ưu tiên 2/3 liên tiếp)"),
    ({"rule": "booking"}, "Có lịch hẹn và đã đến giờ hẹn"),
    ({"rule": "priority_run_limit", "max_consecutive": 3, "waited_s": 1260}, "Đã gọi 3 số ưu tiên liên tiếp: đến lượt số thường chờ lâu nhất (21 phút)"),
    ({"rule": "chosen_by_clerk", "transferred_here": True}, "Cán bộ chọn gọi số này trong danh sách; được chuyển đến quầy này"),
    ({"rule": "a_new_rule", "explain": "what the engine says"}, "what the engine says"),
])
def test_every_rule_of_the_policy_said_in_words(demo_centre, reason, vi):
    assert explain(demo_centre, reason, "vi") == vi
