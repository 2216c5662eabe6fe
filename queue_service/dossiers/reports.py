"""Managers' lists and the Decision 766 on-time / early / late rates per field, agency or procedure for a period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, func, or_, select

from queue_service.dossiers.status import RUNNING
from queue_service.dossiers.tables import Dossier
from queue_service.dossiers.views import effective_due

GROUPS = {"field": Dossier.field_code, "agency": Dossier.agency_id, "procedure": Dossier.procedure_id, "centre": Dossier.centre_id}
_RUNNING = [int(s) for s in RUNNING]


def _due():
    return func.coalesce(Dossier.new_due_at, Dossier.due_at)


def due_between(session, centre_id: str, start: dt.datetime, end: dt.datetime) -> list[Dossier]:
    query = select(Dossier).where(Dossier.centre_id == centre_id, Dossier.status.in_(_RUNNING), _due() >= start, _due() < end)
    return list(session.scalars(query.order_by(_due())))


def due_today(session, desk) -> list[Dossier]:
    today = desk.now().astimezone(desk.zone).date()
    start = dt.datetime.combine(today, dt.time(), tzinfo=desk.zone)
    return due_between(session, desk.centre.centre.id, start, start + dt.timedelta(days=1))


def overdue(session, desk) -> list[Dossier]:
    query = select(Dossier).where(Dossier.centre_id == desk.centre.centre.id, Dossier.status.in_(_RUNNING), _due() < desk.now())
    return list(session.scalars(query.order_by(_due())))


def rates(session, centre_id: str, zone, start: dt.date, end: dt.date, by: str = "field") -> dict:
    """Completed in [start, end] (local dates) by class, and open at the end of the period as in time / overdue.
    The class is the portal formula (DOMAIN.md §4.6) written as SQL so a month of a province stays fast."""
    key = GROUPS[by]
    begin = dt.datetime.combine(start, dt.time(), tzinfo=zone)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    late = or_(Dossier.supplements > 1, Dossier.completed_on > Dossier.due_on)
    early = and_(Dossier.supplements <= 1, Dossier.completed_on < Dossier.due_on)
    done = (
        select(key, func.count(), func.sum(case((early, 1), else_=0)), func.sum(case((late, 1), else_=0)))
        .where(Dossier.centre_id == centre_id, Dossier.completed_at >= begin, Dossier.completed_at < finish, Dossier.received_at.is_not(None))
        .group_by(key)
    )
    groups: dict = {}
    for name, total, n_early, n_late in session.execute(done):
        n_early, n_late = int(n_early or 0), int(n_late or 0)
        groups[name] = {"completed": total, "early": n_early, "on_time": total - n_early - n_late, "late": n_late, "open_in_time": 0, "open_overdue": 0}
    still_open = or_(Dossier.completed_at.is_(None), Dossier.completed_at >= finish)
    opened = (
        select(key, func.count(), func.sum(case((Dossier.due_at < finish, 1), else_=0)))
        .where(Dossier.centre_id == centre_id, still_open, Dossier.received_at < finish, Dossier.received_at.is_not(None))
        .group_by(key)
    )
    for name, total, n_over in session.execute(opened):
        row = groups.setdefault(name, {"completed": 0, "early": 0, "on_time": 0, "late": 0, "open_in_time": 0, "open_overdue": 0})
        row["open_overdue"], row["open_in_time"] = int(n_over or 0), total - int(n_over or 0)
    rows = [{by: name, **counts, **_rates(counts)} for name, counts in sorted(groups.items(), key=lambda kv: str(kv[0]))]
    total = {k: sum(r[k] for r in rows) for k in ("completed", "early", "on_time", "late", "open_in_time", "open_overdue")}
    return {"from": start.isoformat(), "to": end.isoformat(), "by": by, "rows": rows, "total": {**total, **_rates(total)}}


def _rates(counts: dict) -> dict:
    done = counts["completed"]
    if not done:
        return {"early_rate": None, "on_time_rate": None, "late_rate": None, "in_time_rate": None}
    return {
        "early_rate": round(counts["early"] / done, 4),
        "on_time_rate": round(counts["on_time"] / done, 4),
        "late_rate": round(counts["late"] / done, 4),
        "in_time_rate": round((counts["early"] + counts["on_time"]) / done, 4),  # early + on time
    }


def brief(dossier: Dossier, zone, now: dt.datetime) -> dict:
    due = effective_due(dossier)
    return {"code": dossier.code, "field": dossier.field_code, "agency": dossier.current_agency, "status": dossier.status,
            "due_at": due.astimezone(zone).isoformat(timespec="minutes") if due else None,
            "hours_late": round((now - due).total_seconds() / 3600, 1) if due and now > due else 0}
