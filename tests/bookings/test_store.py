"""Booking in the store: the slots of a day, codes, masking, cancelling frees the place, and no slot is ever booked
past its capacity however many requests race for it (threads on SQLite and on PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select

from queue_service.bookings import errors, rules, store
from queue_service.bookings.tables import Booking, BookingHolder, BookingSlot
from queue_service.errors import DomainError
from tests.support.clock import VN, local

DAY = dt.date(2026, 11, 25)  # a Wednesday (24/11 is Vietnamese Culture Day, a holiday)


def slot(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), VN)


def test_the_slots_of_a_day_follow_the_hours_and_skip_lunch(demo_centre):
    ht = demo_centre.field("HT")
    starts = [f"{s:%H:%M}" for s in rules.slots_of_day(demo_centre, ht, DAY)]
    hours = demo_centre.hours
    assert starts[0] == f"{hours.open:%H:%M}"
    assert all(not (hours.lunch.start <= dt.time.fromisoformat(s) < hours.lunch.end) for s in starts)
    last = dt.datetime.combine(DAY, dt.time.fromisoformat(starts[-1])) + dt.timedelta(minutes=30)
    assert last.time() <= (hours.last_ticket or hours.close)
    assert rules.slots_of_day(demo_centre, demo_centre.field("CT"), DAY) == []  # CT is not bookable


def test_codes_use_the_no_confusion_alphabet_and_typing_is_forgiving():
    codes = {rules.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == 8 and set(c) <= set(rules.ALPHABET) for c in codes)
    assert not set("01OIL") & set(rules.ALPHABET)
    assert rules.normalise_code(" abcd-2345 ") == "ABCD2345"
    assert rules.mask_phone("0912345678") == "091****678"


def test_book_view_cancel_frees_the_place(db, demo_centre, clock):
    now = clock()
    booked = store.book(db, demo_centre, "HT", slot(9), "0912345678", now)
    assert booked.state == "booked" and booked.phone == "091****678"
    assert booked.checkin_from == slot(8, 30) and booked.checkin_until == slot(9, 15)
    with db.read() as session:
        stored = session.execute(select(Booking)).scalar_one()
    assert stored.cancel_hash != booked.cancel_token and booked.cancel_token not in stored.cancel_hash
    remaining = {s.start: s.remaining for s in store.slots(db, demo_centre, "HT", DAY, now)}
    assert remaining[slot(9)] == 3 and remaining[slot(9, 30)] == 4

    with pytest.raises(DomainError) as refused:
        store.cancel(db, demo_centre, booked.code, "not-the-token", now)
    assert refused.value.kind is errors.WRONG_CANCEL_TOKEN
    cancelled = store.cancel(db, demo_centre, booked.code.lower(), booked.cancel_token, now)
    assert cancelled.state == "cancelled"
    assert {s.start: s.remaining for s in store.slots(db, demo_centre, "HT", DAY, now)}[slot(9)] == 4
    with pytest.raises(DomainError) as twice:
        store.cancel(db, demo_centre, booked.code, booked.cancel_token, now)
    assert twice.value.kind is errors.NOT_CANCELLABLE


def test_days_past_the_horizon_holidays_and_past_slots_are_refused(db, demo_centre, clock):
    now = clock()  # Monday 23/11/2026 08:00
    days = [d.day for d in store.days(db, demo_centre, "HT", now)]
    assert days[0] == now.astimezone(VN).date() and all(d.weekday() < 5 for d in days)
    assert max(days) <= now.astimezone(VN).date() + dt.timedelta(days=demo_centre.bookings.days_ahead)
    cases = [(slot(9, day=dt.date(2026, 11, 28)), errors.DAY_NOT_BOOKABLE),  # a Saturday
             (slot(9, day=dt.date(2026, 11, 24)), errors.DAY_NOT_BOOKABLE),  # a public holiday
             (slot(9, day=dt.date(2026, 12, 10)), errors.DAY_NOT_BOOKABLE),  # past the horizon
             (slot(7, 30, day=dt.date(2026, 11, 23)), errors.SLOT_NOT_OFFERED),  # already begun
             (slot(9, 10), errors.SLOT_NOT_OFFERED)]  # not a slot start
    for start, kind in cases:
        with pytest.raises(DomainError) as refused:
            store.book(db, demo_centre, "HT", start, None, now)
        assert refused.value.kind is kind, start
    with pytest.raises(DomainError) as refused:
        store.book(db, demo_centre, "CT", slot(9), None, now)
    assert refused.value.kind is errors.NOT_BOOKABLE


def test_capacity_holds_under_racing_requests(db, demo_centre, clock):
    """40 citizens press Book on the same 4-place slot at once: exactly 4 get it, the rest hear it is full."""
    now, target, racers = clock(), slot(10), 40
    capacity = demo_centre.field("HT").booking.capacity
    start, results, lock = threading.Barrier(racers), [], threading.Lock()

    def race() -> None:
        start.wait()
        try:
            outcome = store.book(db, demo_centre, "HT", target, None, now).code
        except DomainError as exc:
            outcome = exc.kind.code
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=race) for _ in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    booked = [r for r in results if r != errors.SLOT_FULL.code]
    assert len(results) == racers
    assert len(booked) == capacity and len(set(booked)) == capacity
    assert results.count(errors.SLOT_FULL.code) == racers - capacity
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Booking)) == capacity
        assert session.execute(select(BookingSlot.booked)).scalar_one() == capacity


def test_a_cancelled_place_can_be_booked_again_and_no_more(db, demo_centre, clock):
    now = clock()
    made = [store.book(db, demo_centre, "HT", slot(11), None, now) for _ in range(4)]
    with pytest.raises(DomainError):
        store.book(db, demo_centre, "HT", slot(11), None, now)
    store.cancel(db, demo_centre, made[0].code, made[0].cancel_token, now)
    store.book(db, demo_centre, "HT", slot(11), None, now)
    with pytest.raises(DomainError) as full:
        store.book(db, demo_centre, "HT", slot(11), None, now)
    assert full.value.kind is errors.SLOT_FULL


def test_one_phone_holds_at_most_the_limit_per_field_and_day(db, demo_centre, clock):
    """Two bookings a day in a field for one phone (the demo's default); a third is refused and takes no place; a
    cancelled one frees its turn; another day, another field or another phone are not held back."""
    now, phone = clock(), "0912345678"
    limit = demo_centre.bookings.per_person_per_day
    made = [store.book(db, demo_centre, "HT", slot(9 + i), phone, now) for i in range(limit)]
    with pytest.raises(DomainError) as refused:
        store.book(db, demo_centre, "HT", slot(14), phone, now)
    assert refused.value.kind is errors.PERSON_LIMIT and "25/11/2026" in refused.value.message_vi
    assert {s.start: s.remaining for s in store.slots(db, demo_centre, "HT", DAY, now)}[slot(14)] == 4
    store.book(db, demo_centre, "HT", slot(14), "0987654321", now)
    store.book(db, demo_centre, "HT", slot(9, day=dt.date(2026, 11, 26)), phone, now)
    store.book(db, demo_centre, "DD", slot(9), phone, now)
    store.cancel(db, demo_centre, made[0].code, made[0].cancel_token, now)
    store.book(db, demo_centre, "HT", slot(14), phone, now)
    with pytest.raises(DomainError):
        store.book(db, demo_centre, "HT", slot(15), phone, now)
    with db.read() as session:
        assert phone not in str(session.execute(select(BookingHolder.person)).scalars().all())


def test_the_per_person_limit_holds_under_racing_requests(db, demo_centre, clock):
    """20 requests with one phone number, for 20 different slots of a day, at once: exactly the limit get one."""
    now, racers, phone = clock(), 20, "0911111111"
    starts = rules.slots_of_day(demo_centre, demo_centre.field("HT"), DAY)[:racers]
    begin, results, lock = threading.Barrier(len(starts)), [], threading.Lock()

    def race(start: dt.datetime) -> None:
        begin.wait()
        try:
            outcome = store.book(db, demo_centre, "HT", start, phone, now).code
        except DomainError as exc:
            outcome = exc.kind.code
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=race, args=(start,)) for start in starts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    limit = demo_centre.bookings.per_person_per_day
    assert len(results) == len(starts)
    assert results.count(errors.PERSON_LIMIT.code) == len(starts) - limit
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Booking)) == limit
        assert session.scalar(select(func.sum(BookingSlot.booked))) == limit  # refused ones took no place
        assert session.execute(select(BookingHolder.booked)).scalar_one() == limit
