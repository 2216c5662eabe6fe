"""Check-in: inside its window a booking becomes a ticket with its slot (channel booking) and is marked checked in in
the same transaction; too early, expired (released), unknown, cancelled and already used are refused with what to do."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from queue_service.bookings import errors, store
from queue_service.bookings.checkin import check_in
from queue_service.bookings.tables import Booking
from queue_service.errors import DomainError
from queue_service.queue.recorder import Actor
from queue_service.queue.tables import Ticket
from tests.support.clock import VN

KIOSK = Actor("device:kiosk-1", "kiosk-1")
DAY = dt.date(2026, 11, 23)  # the clock's Monday, 08:00


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), VN)


def refusal(engine, code: str) -> DomainError:
    with pytest.raises(DomainError) as refused:
        check_in(engine, "hcc-demo", code, actor=KIOSK)
    return refused.value


def test_inside_the_window_the_booking_becomes_a_ticket_at_its_slot(engine, context, demo_centre, clock):
    booked = store.book(context.db, demo_centre, "HT", at(9), "0912345678", clock())
    clock.set(at(8, 40))
    ticket = check_in(engine, "hcc-demo", booked.code.lower(), actor=KIOSK)
    assert ticket.field.code == "HT" and ticket.channel == "booking"
    with context.db.read() as session:
        stored = session.execute(select(Booking)).scalar_one()
        issued = session.get(Ticket, stored.ticket_id)
    assert stored.state == "checked_in" and issued.number == ticket.number
    assert issued.booking_slot == at(9)
    again = refusal(engine, booked.code)
    assert again.kind is errors.CHECKED_IN and "Quầy hướng dẫn" in again.message_vi


def test_too_early_says_when_to_come_back(engine, context, demo_centre, clock):
    booked = store.book(context.db, demo_centre, "HT", at(14), None, clock())
    refused = refusal(engine, booked.code)
    assert refused.kind is errors.TOO_EARLY
    assert "quay lại từ 13:30" in refused.message_vi and "come back from 13:30" in refused.message_en


def test_expired_is_released_and_says_take_a_normal_number(engine, context, demo_centre, clock):
    booked = store.book(context.db, demo_centre, "HT", at(9), None, clock())
    clock.set(at(9, 15))
    assert store.view(demo_centre, store.find(context.db, demo_centre, booked.code), clock()).state == "booked"
    clock.set(at(9, 16))  # grace: 15 minutes
    assert store.view(demo_centre, store.find(context.db, demo_centre, booked.code), clock()).state == "expired"
    refused = refusal(engine, booked.code)
    assert refused.kind is errors.EXPIRED and "lấy số thứ tự thông thường" in refused.message_vi
    with pytest.raises(DomainError) as late:
        store.cancel(context.db, demo_centre, booked.code, booked.cancel_token, clock())
    assert late.value.kind is errors.NOT_CANCELLABLE


def test_a_booking_checked_in_at_two_kiosks_at_once_gets_one_ticket(engine, context, demo_centre, clock):
    booked = store.book(context.db, demo_centre, "HT", at(9), None, clock())
    clock.set(at(8, 45))
    start, outcomes = threading.Barrier(6), []

    def kiosk() -> None:
        start.wait()
        try:
            outcomes.append(check_in(engine, "hcc-demo", booked.code, actor=KIOSK).number)
        except DomainError as exc:
            outcomes.append(exc.kind.code)

    threads = [threading.Thread(target=kiosk) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    numbers = [o for o in outcomes if o != errors.CHECKED_IN.code]
    assert len(numbers) == 1 and outcomes.count(errors.CHECKED_IN.code) == 5, outcomes
    with context.db.read() as session:
        assert len(session.execute(select(Ticket)).all()) == 1


def test_unknown_and_cancelled_are_refused(engine, context, demo_centre, clock):
    assert refusal(engine, "ZZZZ2222").kind is errors.UNKNOWN_BOOKING
    booked = store.book(context.db, demo_centre, "HT", at(9), None, clock())
    store.cancel(context.db, demo_centre, booked.code, booked.cancel_token, clock())
    clock.set(at(8, 50))
    assert refusal(engine, booked.code).kind is errors.CANCELLED
    with context.db.read() as session:
        assert session.execute(select(Ticket)).first() is None


def test_the_checked_in_booking_is_called_at_its_slot_before_walk_ins(engine, context, demo_centre, clock):
    booked = store.book(context.db, demo_centre, "HT", at(9), None, clock())
    clock.set(at(8, 35))
    walk_in = engine.issue("hcc-demo", "HT")
    checked = check_in(engine, "hcc-demo", booked.code, actor=KIOSK)
    engine.open_counter("hcc-demo", 1, Actor("nv01"))
    clock.set(at(9, 1))
    assert engine.call_next("hcc-demo", 1, Actor("nv01")).ticket.number == checked.number != walk_in.number
