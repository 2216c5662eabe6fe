"""The citizen's rating from the live ticket page, on SQLite and PostgreSQL: only after being served, once per
ticket whatever the channel (the page or the counter's pad), until the end of the day it was served, only a value of
the scale and one of the offered reasons; each refusal says why in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from queue_service.errors import DomainError
from queue_service.queue.engine import QueueEngine
from queue_service.queue.recorder import Actor
from queue_service.ratings import page
from queue_service.ratings.prompt import REASONS
from queue_service.ratings.rules import GivenRating, RatingBook
from queue_service.ratings.tables import Rating
from tests.queue.conftest import CENTRE, clock, demo_centre, make_context  # noqa: F401 (fixtures)

CLERK = Actor("nv03")


@pytest.fixture
def day(db, demo_centre, clock):
    """Counter 4 (nv03) served one ticket; a second one still waits."""
    engine = QueueEngine(make_context(db, demo_centre, clock))
    engine.open_counter(CENTRE, 4, CLERK, staff_id="nv03")
    served = engine.issue(CENTRE, "LLTP")
    waiting = engine.issue(CENTRE, "LLTP")
    engine.call_next(CENTRE, 4, CLERK)
    clock.advance(minutes=4)
    engine.finish(CENTRE, 4, CLERK)
    return served, waiting


def centres(demo_centre):
    return lambda centre_id: demo_centre


def refusal(db, demo_centre, clock, public_id: str, value: int, reason: str | None = None) -> str:
    with pytest.raises(DomainError) as caught:
        page.rate(db, centres(demo_centre), public_id, page.PageRatingRequest(value=value, reason=reason), clock())
    assert caught.value.message_vi and caught.value.message_en
    return caught.value.kind.code


def test_a_served_citizen_rates_once_from_the_page_and_it_lands_on_the_clerk(db, demo_centre, clock, day):
    served, waiting = day
    clock.advance(hours=3)  # on the bus home, long after the pad's 60 s: the page is open until the day ends
    with db.read() as session:
        asked = page.state(session, centres(demo_centre), served.public_id, clock())
    assert asked.open and [level.value for level in asked.levels] == [4, 3, 2, 1] and asked.levels[-1].ask_reason
    rating = page.rate(db, centres(demo_centre), served.public_id,
                       page.PageRatingRequest(value=1, reason=REASONS[2]), clock())
    with db.read() as session:
        row = session.scalars(select(Rating)).one()
        after = page.state(session, centres(demo_centre), served.public_id, clock())
    assert (row.ticket_id, row.counter, row.staff_id, row.device, row.value, row.reason) == (
        served.id, 4, "nv03", "web", 1, REASONS[2])
    assert rating.value == 1 and not after.open and after.given == 1 and "đã được đánh giá" in after.closed_vi
    assert refusal(db, demo_centre, clock, served.public_id, 4) == "already_rated"
    assert refusal(db, demo_centre, clock, waiting.public_id, 4) == "not_served"
    assert refusal(db, demo_centre, clock, "no-such-id", 4) == "unknown_ticket"


def test_the_page_refuses_what_is_not_a_rating_and_a_pad_rating_closes_it(db, demo_centre, clock, day):
    served, _ = day
    assert refusal(db, demo_centre, clock, served.public_id, 7) == "invalid_rating"
    # Free text could carry a name or a phone number: only the offered reasons are taken.
    assert refusal(db, demo_centre, clock, served.public_id, 1, "Chị Hoa, 0905123456") == "invalid_reason"
    pressed = RatingBook(db, demo_centre, clock).record(GivenRating(
        device="counter-04", device_counter=4, ticket_id=served.id, value=4, reason=None, at=clock()))
    assert pressed is not None
    assert refusal(db, demo_centre, clock, served.public_id, 3) == "already_rated"


def test_the_page_closes_at_the_end_of_the_day_it_was_served(db, demo_centre, clock, day):
    served, _ = day
    local = clock().astimezone(demo_centre.zone)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0, 0, 1), local.tzinfo)
    clock.advance(seconds=(midnight - local).total_seconds())
    assert refusal(db, demo_centre, clock, served.public_id, 4) == "rating_closed"
