"""A scripted day at the demo centre, built through the real engine, dossier desk and rating book with a manual clock:
Monday 23/11/2026 (and one dossier taken in the Monday before). Every report test checks its figures by hand."""

from __future__ import annotations

from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
from queue_service.dossiers.desk import Desk
from queue_service.dossiers.intake import intake
from queue_service.dossiers.lifecycle import apply
from queue_service.queue.engine import QueueEngine
from queue_service.queue.recorder import Actor
from queue_service.ratings.rules import GivenRating, RatingBook
from tests.dossiers.conftest import CLERK, request
from tests.queue.conftest import make_context
from tests.support.clock import local

CENTRE = "hcc-demo"
AN, CUONG = Actor("nv01"), Actor("nv03")  # counter 1 (HT, CT) and counter 4 (LLTP)
KIOSK = Actor("kiosk", device="kiosk-1")


def play(db, centre, clock) -> QueueEngine:
    """The day; returns the engine. Times are local (Asia/Ho_Chi_Minh)."""
    engine = QueueEngine(make_context(db, centre, clock))
    desk = Desk(db, centre, "https://hcc.example.vn", clock)
    book = RatingBook(db, centre, clock)
    with db.write() as session:
        import_catalogue(session, centre, load_catalogue("examples/procedures.yaml"))

    # Mon 16/11 09:00: a same-day certified copy (CT), due 16/11 17:00; its result comes only on 23/11: late.
    clock.set(local(2026, 11, 16, 9, 0))
    d0 = intake(desk, request("2.000815"), CLERK)

    clock.set(local(2026, 11, 23, 8, 0))
    engine.open_counter(CENTRE, 1, AN, staff_id="nv01")
    engine.open_counter(CENTRE, 4, CUONG, staff_id="nv03")
    t1 = engine.issue(CENTRE, "HT", actor=KIOSK)  # nobody ahead: printed estimate 0 s
    t2 = engine.issue(CENTRE, "HT", actor=KIOSK)  # 1 ahead × 7 min default (no history yet) / 1 counter = 420 s
    t3 = engine.issue(CENTRE, "LLTP", actor=KIOSK)  # nobody ahead: 0 s

    clock.set(local(2026, 11, 23, 8, 5))
    assert engine.call_next(CENTRE, 1, AN).ticket.id == t1.id  # T1 waited 300 s
    clock.set(local(2026, 11, 23, 8, 6))
    engine.start(CENTRE, 1, AN)
    clock.set(local(2026, 11, 23, 8, 10))
    assert engine.call_next(CENTRE, 4, CUONG).ticket.id == t3.id  # T3 waited 600 s
    engine.start(CENTRE, 4, CUONG)
    clock.set(local(2026, 11, 23, 8, 15))
    d2 = intake(desk, request("1.004194", ticket_id=t3.id), CLERK)  # CCCD, 3 working days: due Thu 26/11
    d3 = intake(desk, request("1.004194"), CLERK)  # stays open
    clock.set(local(2026, 11, 23, 8, 16))
    engine.finish(CENTRE, 1, AN)  # T1 served 08:06 → 08:16: 600 s
    book.record(GivenRating("counter-01", 1, t1.id, 4, None, clock()))  # Rất hài lòng

    clock.set(local(2026, 11, 23, 8, 20))
    assert engine.call_next(CENTRE, 1, AN).ticket.id == t2.id  # T2 waited 1,200 s
    clock.set(local(2026, 11, 23, 8, 21))
    engine.recall(CENTRE, 1, AN)
    clock.set(local(2026, 11, 23, 8, 22))
    engine.skip(CENTRE, 1, AN)  # T2: no-show

    clock.set(local(2026, 11, 23, 8, 30))
    engine.finish(CENTRE, 4, CUONG)  # T3 served 08:10 → 08:30: 1,200 s
    book.record(GivenRating("counter-04", 4, t3.id, 1, "Thời gian chờ lâu", clock()))  # Không hài lòng
    t4 = engine.issue(CENTRE, "CT", actor=KIOSK)  # nobody waits in CT: 0 s
    t6 = engine.issue(CENTRE, "CT", actor=KIOSK)
    engine.void(CENTRE, t6.id, KIOSK, "paper out")  # never printed: not issued
    clock.set(local(2026, 11, 23, 8, 40))
    assert engine.call_next(CENTRE, 1, AN).ticket.id == t4.id  # T4 waited 600 s
    engine.start(CENTRE, 1, AN)
    clock.set(local(2026, 11, 23, 8, 41))
    d1 = intake(desk, request("2.000815", ticket_id=t4.id), CLERK)  # CT, same day: due 23/11 17:00
    clock.set(local(2026, 11, 23, 8, 45))
    engine.finish(CENTRE, 1, AN)  # T4 served 08:40 → 08:45: 300 s
    book.record(GivenRating("counter-01", 1, t4.id, 3, None, clock()))  # Hài lòng

    clock.set(local(2026, 11, 23, 9, 0))
    t7 = engine.issue(CENTRE, "HT", actor=KIOSK)
    clock.set(local(2026, 11, 23, 9, 5))
    engine.cancel(CENTRE, t7.id, AN)  # cancelled (it was printed: it counts as issued)

    clock.set(local(2026, 11, 23, 10, 0))
    apply(desk, d1.code, "result_ready", CLERK)  # completed 23/11, due 23/11: on time
    apply(desk, d2.code, "result_ready", CLERK)  # completed 23/11, due 26/11: early
    apply(desk, d0.code, "result_ready", CLERK)  # completed 23/11, due 16/11: late
    clock.set(local(2026, 11, 23, 11, 0))
    apply(desk, d1.code, "return_result", CLERK)  # returned
    assert d3.code
    return engine
