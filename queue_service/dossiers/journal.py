"""Steps shared by intake and the lifecycle: the append-only log entry, acceptance with its appointment, completion, SMS."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.dossiers.notify import queue_sms
from queue_service.dossiers.deadlines import appointment
from queue_service.dossiers.limits import Limit, Unit
from queue_service.dossiers.rules import RuleSet, rules_by_id
from queue_service.dossiers.status import COMPLETION_RANK, Status
from queue_service.dossiers.tables import Dossier, DossierEvent, Pause


def record(session: Session, dossier: Dossier, action: str, before: int | None, after: int, actor: str, now: dt.datetime,
           *, note: str = "", data: dict | None = None) -> None:
    dossier.status = after
    session.add(DossierEvent(dossier_id=dossier.id, at=now, actor=actor, action=action, from_status=before,
                             to_status=after, note=note, data=data or {}))


def limit_of(dossier: Dossier) -> Limit:
    return Limit(dossier.limit_value, Unit(dossier.limit_unit))


def due_from(session: Session, desk, received: dt.datetime, limit: Limit, rules: RuleSet, pauses=()) -> dt.datetime:
    """The centre's calendar and the rule set's same-day cutoff around deadlines.appointment: what accepting a
    dossier stores, and what the console shows before it is saved."""
    return appointment(desk.calendar(session), received, limit, pauses, same_day_cutoff=rules.same_day_cutoff)


def recompute_due(session: Session, desk, dossier: Dossier) -> None:
    """The appointment from receipt, the dossier's own processing time and every finished pause."""
    pauses = session.scalars(select(Pause).where(Pause.dossier_id == dossier.id, Pause.ended_at.is_not(None)))
    dossier.due_at = due_from(session, desk, dossier.received_at, limit_of(dossier), rules_by_id(dossier.rules_id),
                              [(p.started_at, p.ended_at) for p in pauses])
    dossier.due_on = dossier.due_at.astimezone(desk.zone).date()


def accept(session: Session, desk, dossier: Dossier, actor: str, now: dt.datetime, action: str = "accept") -> None:
    """The complete, valid dossier is received: the clock starts now (DOMAIN.md §4.2)."""
    before = dossier.status
    dossier.received_at = now
    recompute_due(session, desk, dossier)
    record(session, dossier, action, before, Status.NEW, actor, now, data={"due_at": dossier.due_at.isoformat()})
    sms(session, desk, dossier, "receipt", now, due=dossier.due_at)


def complete(desk, dossier: Dossier, status: Status, now: dt.datetime) -> None:
    """Keep the Decision 766 completion moment: status 9, else 10, else 8 or 3, else 7."""
    current = COMPLETION_RANK.get(Status(dossier.completion_status)) if dossier.completion_status else None
    if current is None or COMPLETION_RANK[status] < current:
        dossier.completed_at = now
        dossier.completed_on = now.astimezone(desk.zone).date()
        dossier.completion_status = int(status)


def sms(session: Session, desk, dossier: Dossier, kind: str, now: dt.datetime, due: dt.datetime | None = None) -> None:
    queue_sms(session, desk, dossier, kind, due=due, now=now)
