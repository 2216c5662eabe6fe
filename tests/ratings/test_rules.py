"""The rules of a rating without MQTT, on SQLite and PostgreSQL: one per served ticket, tied to counter, clerk, field,
dossier and device; only a value of the scale, from the counter that served it, within the window after the finish
(measured on the press's own time, not its arrival); anything else ignored with why, and counted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
from queue_service.dossiers.desk import Desk
from queue_service.dossiers.intake import intake
from queue_service.queue.engine import QueueEngine
from queue_service.queue.recorder import Actor
from queue_service.ratings.rules import GivenRating, RatingBook
from queue_service.ratings.tables import Rating
from tests.dossiers.conftest import CLERK, request
from tests.queue.conftest import CENTRE, clock, demo_centre, make_context  # noqa: F401 (fixtures)

CLERK_AT_4 = Actor("nv03")


@pytest.fixture
def served(db, demo_centre, clock):
    """Counter 4 opened by nv03 served one LLTP ticket (with a dossier taken in); another ticket still waits."""
    engine = QueueEngine(make_context(db, demo_centre, clock))
    engine.open_counter(CENTRE, 4, CLERK_AT_4, staff_id="nv03")
    ticket = engine.issue(CENTRE, "LLTP")
    waiting = engine.issue(CENTRE, "LLTP")
    engine.call_next(CENTRE, 4, CLERK_AT_4)
    with db.write() as session:
        import_catalogue(session, demo_centre, load_catalogue("examples/procedures.yaml"))
    dossier = intake(Desk(db, demo_centre, "https://hcc.example.vn", clock), request(ticket_id=ticket.id), CLERK)
    clock.advance(minutes=5)
    finished_at = clock()
    engine.finish(CENTRE, 4, CLERK_AT_4)
    return ticket, waiting, dossier, finished_at


def press(ticket_id: int, at: dt.datetime, value: int = 4, counter: int | None = 4, device: str = "counter-04",
          reason: str | None = None) -> GivenRating:
    return GivenRating(device=device, device_counter=counter, ticket_id=ticket_id, value=value, reason=reason, at=at)


def stored(db) -> list[Rating]:
    with db.read() as session:
        return list(session.scalars(select(Rating).order_by(Rating.id)))


def test_one_rating_per_served_ticket_tied_to_where_whom_and_what(db, demo_centre, clock, served):
    ticket, _, dossier, finished_at = served
    book = RatingBook(db, demo_centre, clock)
    clock.advance(minutes=10)  # the press sat in the device's outbox: its own time counts, not its arrival
    rating = book.record(press(ticket.id, finished_at + dt.timedelta(seconds=20), value=1,
                               reason="Thời gian chờ lâu / Long wait", device="tablet-04"))
    assert rating is not None
    again = book.record(press(ticket.id, finished_at + dt.timedelta(seconds=25), value=4))
    assert again is None and book.ignored == {"duplicate": 1}
    [row] = stored(db)
    assert (row.ticket_id, row.counter, row.staff_id, row.field_code, row.dossier_id) == (ticket.id, 4, "nv03", "LLTP", dossier.id)
    assert (row.device, row.value, row.reason) == ("tablet-04", 1, "Thời gian chờ lâu / Long wait")
    assert row.rated_at == finished_at + dt.timedelta(seconds=20) and row.received_at == clock()
    assert row.service_day == dt.date(2026, 11, 23)


def test_presses_that_are_not_a_rating_of_a_served_ticket_are_ignored_and_counted(db, demo_centre, clock, served, caplog):
    ticket, waiting, _, finished_at = served
    book = RatingBook(db, demo_centre, clock)
    soon = finished_at + dt.timedelta(seconds=10)
    clock.advance(minutes=2)
    cases = {
        "bad_value": press(ticket.id, soon, value=5),  # the demo's scale is 1..4
        "unknown_ticket": press(999_999, soon),
        "not_done": press(waiting.id, soon),
        "unowned": press(ticket.id, soon, counter=5, device="counter-05"),
        "early": press(ticket.id, finished_at - dt.timedelta(seconds=10)),
        "late": press(ticket.id, finished_at + dt.timedelta(seconds=60 + 3)),
        "future": press(ticket.id, clock() + dt.timedelta(seconds=5)),
    }
    for why, given in cases.items():
        assert book.record(given) is None, why
    assert dict(book.ignored) == {why: 1 for why in cases}
    assert book.record(press(ticket.id, soon, counter=None)) is None, "a device at no counter owns nothing"
    assert stored(db) == []
    for why in cases:
        assert why in caplog.text
    # Within the window, allowing the device's clock a couple of seconds: accepted.
    assert book.record(press(ticket.id, finished_at + dt.timedelta(seconds=61))) is not None
    assert book.accepted == 1


def test_the_window_is_the_centre_files(db, demo_centre, clock, served):
    ticket, _, _, finished_at = served
    assert demo_centre.rating_window_s == 60
    short = demo_centre.model_copy(update={"rating_window_s": 10})
    book = RatingBook(db, short, clock)
    clock.advance(minutes=1)
    assert book.record(press(ticket.id, finished_at + dt.timedelta(seconds=15))) is None
    assert book.ignored == {"late": 1}
    assert book.record(press(ticket.id, finished_at + dt.timedelta(seconds=9))) is not None
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Rating)) == 1
