"""What a citizen's live ticket page shows, read for many tickets of one centre at once.

A handful of queries per centre whatever the number of pages open: the centre's waiting tickets in queue order (the
place of each watched ticket is its index in its field's order, the same rule as Estimator.ahead_of), the tickets at
the counters (the number now called in each field), the open counters and each watched field's service time (the
Estimator), and the state of the few watched tickets that no longer wait. No name, phone or ID number is read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.config.models import CentreConfig
from queue_service.queue.board import field_name
from queue_service.queue.estimate import Estimator, preferred_clause
from queue_service.queue.issuing import service_day
from queue_service.queue.projection import AT_COUNTER, CANCELLED, DONE, WAITING
from queue_service.queue.tables import Ticket

FINAL_STATES = (DONE, CANCELLED)  # the page's stream ends with one of these (then the page offers the rating)
CHUNK = 500  # public ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class Found:
    """A ticket a page may follow: its centre, and whether it belongs to an earlier service day."""

    centre: str
    past_day: bool
    state: str


def find(session: Session, centres, public_id: str, now: dt.datetime) -> Found | None:
    """`centres(centre_id) -> CentreConfig`; None for an unknown public id."""
    row = session.execute(select(Ticket.centre_id, Ticket.service_day, Ticket.state)
                          .where(Ticket.public_id == public_id)).first()
    if row is None:
        return None
    return Found(row.centre_id, row.service_day < service_day(centres(row.centre_id), now), row.state)


def snapshot(session: Session, centre: CentreConfig, public_ids, now: dt.datetime) -> dict[str, dict]:
    """The page payload of each watched ticket of the centre, by public id."""
    centre_id = centre.centre.id
    watched = set(public_ids)
    preferred = preferred_clause(centre.priority_policy.bookings_first, now).label("preferred")
    waiting = session.execute(
        select(Ticket.public_id, Ticket.field_code, Ticket.number, preferred, Ticket.queue_key, Ticket.id)
        .where(Ticket.centre_id == centre_id, Ticket.state == WAITING)
    ).all()
    places: dict[str, tuple[str, str, int]] = {}  # public id -> (field, number, people ahead)
    by_field: dict[str, list] = {}
    for row in waiting:
        by_field.setdefault(row.field_code, []).append(row)
    for rows in by_field.values():
        rows.sort(key=lambda r: (not r.preferred, r.queue_key, r.id))
        for ahead, row in enumerate(rows):
            if row.public_id in watched:
                places[row.public_id] = (row.field_code, row.number, ahead)
    others = [pid for pid in watched if pid not in places]
    gone: list = []
    for start in range(0, len(others), CHUNK):
        gone += session.execute(
            select(Ticket.public_id, Ticket.field_code, Ticket.number, Ticket.state, Ticket.counter)
            .where(Ticket.public_id.in_(others[start:start + CHUNK]), Ticket.centre_id == centre_id)
        ).all()
    called = now_called(session, centre_id)
    estimator = Estimator(session, centre, now)
    pages, names = {}, _fields(centre)
    for public_id, (field, number, ahead) in places.items():
        seconds = estimator.wait_seconds(field, ahead)
        pages[public_id] = _page(names, field, number, WAITING, None, ahead,
                                 None if seconds is None else round(seconds / 60), called.get(field))
    for row in gone:
        pages[row.public_id] = _page(names, row.field_code, row.number, row.state, row.counter, None, None,
                                     called.get(row.field_code))
    return pages


def now_called(session: Session, centre_id: str) -> dict[str, dict]:
    """Per field, the ticket most recently called among those at a counter now (called or being served)."""
    rows = session.execute(
        select(Ticket.field_code, Ticket.number, Ticket.counter, Ticket.called_at)
        .where(Ticket.centre_id == centre_id, Ticket.state.in_(AT_COUNTER))
    ).all()
    latest: dict[str, tuple] = {}
    for row in sorted(rows, key=lambda r: (r.called_at is not None, r.called_at or 0)):  # the latest call wins
        latest[row.field_code] = (row.number, row.counter, row.called_at)
    return {field: {"number": number, "counter": counter} for field, (number, counter, _) in latest.items()}


def _fields(centre: CentreConfig) -> dict[str, dict]:
    """Every field's names, built once per read rather than once per page."""
    names = {}
    for field in centre.fields:
        name = field_name(centre, field.code)
        names[field.code] = {"code": field.code, "name_vi": name.name_vi, "name_en": name.name_en}
    return names


def _page(names: dict[str, dict], field: str, number: str, state: str, counter: int | None, ahead: int | None,
          wait_minutes: int | None, called: dict | None) -> dict:
    """The one payload shape of the stream (docs/api.md): numbers, a field, a state; nothing about the person."""
    return {"number": number, "field": names.get(field) or {"code": field, "name_vi": field, "name_en": field},
            "state": state, "counter": counter, "ahead": ahead, "wait_minutes": wait_minutes,
            "now_called": called, "final": state in FINAL_STATES}
