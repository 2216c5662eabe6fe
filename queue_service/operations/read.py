"""The operations board's read model: per field, per counter, today's figures, alerts and devices, in one read."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from queue_service.alerts.book import AlertBook
from queue_service.config.models import CentreConfig
from queue_service.devices.registry import COUNTER_KINDS, DeviceInfo, DeviceRegistry
from queue_service.dossiers import reports as dossier_reports
from queue_service.operations.model import CounterRow, FieldRow, Operations, RatingCount, Today
from queue_service.queue.board import board
from queue_service.queue.issuing import service_day
from queue_service.queue.projection import WAITING
from queue_service.queue.tables import CounterState, Ticket
from queue_service.ratings.tables import Rating
from queue_service.reports import queries
from queue_service.reports.period import Period
from queue_service.store import Database

HOUR = dt.timedelta(hours=1)
EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def operations(db: Database, centre: CentreConfig, now: dt.datetime, event_id: str) -> Operations:
    devices = [d for d in DeviceRegistry(db, centre.centre.id).list(include_revoked=False) if d.kind != "service"]
    with db.read() as session:
        public = board(session, centre, now)
        averages = _average_waits(session, centre, now)
        oldest = dict(session.execute(
            select(Ticket.field_code, func.min(Ticket.queue_key))
            .where(Ticket.centre_id == centre.centre.id, Ticket.state == WAITING).group_by(Ticket.field_code)).all())
        fields = [FieldRow(code=f.field.code, name_vi=f.field.name_vi, name_en=f.field.name_en, waiting=f.waiting,
                           oldest_since=oldest.get(f.field.code), longest_wait_minutes=f.longest_wait_minutes,
                           average_wait_minutes=averages.get(f.field.code), target_wait_minutes=f.target_wait_minutes,
                           estimated_wait_minutes=f.estimated_wait_minutes, counters_open=f.counters_open,
                           served_today=f.served_today) for f in public.fields]
        counters = _counters(session, centre, devices)
        today = _today(session, centre, now)
    return Operations(centre=centre.centre.id, name_vi=centre.centre.name_vi, name_en=centre.centre.name_en, at=now,
                      event_id=event_id, fields=fields, counters=counters, today=today,
                      alerts=AlertBook(db, centre).current(now), devices_total=len(devices),
                      devices_offline=sum(1 for d in devices if d.state is not None and not d.online))


def _average_waits(session: Session, centre: CentreConfig, now: dt.datetime) -> dict[str, float]:
    rows = session.execute(
        select(Ticket.field_code, Ticket.issued_at, Ticket.called_at)
        .where(Ticket.centre_id == centre.centre.id, Ticket.called_at >= now - HOUR, Ticket.called_at <= now)).all()
    waits: dict[str, list[float]] = {}
    for code, issued, called in rows:
        waits.setdefault(code, []).append(max(0.0, (called - issued).total_seconds() / 60))
    return {code: round(sum(values) / len(values), 1) for code, values in waits.items()}


def _counters(session: Session, centre: CentreConfig, devices: list[DeviceInfo]) -> list[CounterRow]:
    rows = {state.number: (state, ticket) for state, ticket in session.execute(
        select(CounterState, Ticket).outerjoin(Ticket, Ticket.id == CounterState.current_ticket_id)
        .where(CounterState.centre_id == centre.centre.id)).all()}
    out = []
    for config in centre.counters:
        state, ticket = rows.get(config.number, (None, None))
        status = state.status if state else "closed"
        at_counter = [d for d in devices if d.counter == config.number and d.kind in COUNTER_KINDS and d.state]
        since = None
        if status == "open" and at_counter and not any(d.online for d in at_counter):
            status = "offline"
        elif status == "open":
            status = "serving" if ticket is not None else "idle"
            since = ticket.called_at if ticket is not None else None
        elif status == "paused":
            since = state.updated_at
        staff = centre.staff_member(state.staff_id) if state and state.staff_id else None
        out.append(CounterRow(number=config.number, name_vi=config.name_vi, name_en=config.name_en, status=status,
                              clerk_id=state.staff_id if state and status != "closed" else None,
                              clerk_name=staff.name if staff and status != "closed" else None,
                              number_now=ticket.number if ticket is not None else None, since=since))
    return out


def _today(session: Session, centre: CentreConfig, now: dt.datetime) -> Today:
    day = service_day(centre, now)
    counted = queries.tickets(session, centre.centre.id, Period.around("day", day, centre.zone)).get(queries.ALL, {})
    given = dict(session.execute(select(Rating.value, func.count()).where(
        Rating.centre_id == centre.centre.id, Rating.service_day == day).group_by(Rating.value)).all())
    start = dt.datetime.combine(day, dt.time(), tzinfo=centre.zone)
    # due later today, and overdue (due before now): a dossier is counted in one of the two
    due = len(dossier_reports.due_between(session, centre.centre.id, max(start, now), start + dt.timedelta(days=1)))
    late = len(dossier_reports.due_between(session, centre.centre.id, EPOCH, now))
    done = dossier_reports.rates(session, centre.centre.id, centre.zone, day, day, by="centre")["total"]
    completed = done["completed"]
    return Today(
        issued=counted.get("issued", 0), served=counted.get("served", 0), no_shows=counted.get("no_shows", 0),
        ratings=[RatingCount(value=level.value, name_vi=level.name_vi, name_en=level.name_en, count=given.get(level.value, 0))
                 for level in centre.rating_scale],
        dossiers_due_today=due, dossiers_overdue=late, dossiers_completed=completed,
        on_time_rate=done["in_time_rate"])
