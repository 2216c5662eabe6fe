"""What a dossier looks like to staff (full) and to the public (no personal data), with computed lateness."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.dossiers.classify import LABELS_VI, classify, open_state
from queue_service.dossiers.status import RUNNING, Status, label
from queue_service.dossiers.tables import Dossier, DossierEvent, Procedure, Transfer


def mask_id(id_number: str | None) -> str:
    return "" if not id_number else "*" * max(len(id_number) - 4, 0) + id_number[-4:]


def mask_phone(phone: str | None) -> str:
    return "" if not phone else phone[:3] + "*" * max(len(phone) - 6, 0) + phone[-3:]


def effective_due(dossier: Dossier) -> dt.datetime | None:
    """The apology's new date replaces the due date for the citizen (Form 04)."""
    return dossier.new_due_at or dossier.due_at


def overdue(dossier: Dossier, now: dt.datetime) -> bool:
    due = effective_due(dossier)
    return Status(dossier.status) in RUNNING and due is not None and now > due


def outcome(dossier: Dossier, now: dt.datetime) -> str | None:
    if dossier.completed_on is not None and dossier.received_at is not None:
        return classify(dossier.completed_on, dossier.due_on, dossier.supplements)
    if dossier.received_at is None:
        return None
    return open_state(dossier.due_at, now) if Status(dossier.status) in RUNNING else None


def step_result(step: Transfer, zone) -> str | None:
    """Form 05 column: early / on time / late for one hand-off, computed from the step's due and finish dates."""
    if step.step_due_at is None or step.finished_at is None:
        return None
    return classify(step.finished_at.astimezone(zone).date(), step.step_due_at.astimezone(zone).date())


def _iso(moment: dt.datetime | None, zone) -> str | None:
    return moment.astimezone(zone).isoformat(timespec="minutes") if moment else None


def public_view(session: Session, dossier: Dossier, zone, now: dt.datetime) -> dict:
    """No name, ID number, phone, address or staff identity: status, dates and the timeline only."""
    procedure = session.get(Procedure, dossier.procedure_id)
    events = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id))
    result = outcome(dossier, now)
    return {
        "code": dossier.code,
        "procedure": {"code": procedure.code, "name_vi": procedure.name_vi, "name_en": procedure.name_en},
        "status": label(dossier.status),
        "received_at": _iso(dossier.received_at, zone),
        "due_at": _iso(effective_due(dossier), zone),
        "rescheduled": dossier.new_due_at is not None,
        "overdue": overdue(dossier, now),
        "outcome": result, "outcome_vi": LABELS_VI.get(result) if result else None,
        "timeline": [{"at": _iso(e.at, zone), "status": label(e.to_status), "action": e.action} for e in events],
    }


def staff_view(session: Session, dossier: Dossier, zone, now: dt.datetime) -> dict:
    view = public_view(session, dossier, zone, now)
    steps = session.scalars(select(Transfer).where(Transfer.dossier_id == dossier.id).order_by(Transfer.id))
    events = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id))
    view.update({
        "id": dossier.id, "ticket_id": dossier.ticket_id, "channel": dossier.channel, "rules": dossier.rules_id,
        "agency_id": dossier.agency_id, "current_agency": dossier.current_agency, "field": dossier.field_code,
        "limit": f"{dossier.limit_value:g} {dossier.limit_unit}", "statutory_due_at": _iso(dossier.due_at, zone),
        "new_due_at": _iso(dossier.new_due_at, zone), "apologies": dossier.apologies, "supplements": dossier.supplements,
        "completed_at": _iso(dossier.completed_at, zone),
        "applicant": {
            "name": dossier.applicant_name, "id_number": mask_id(dossier.applicant_id_number),
            "phone": mask_phone(dossier.applicant_phone), "address": dossier.applicant_address,
            "sms_consent": dossier.sms_consent,
        },
        "documents": dossier.documents, "sets": dossier.sets, "token": dossier.token,
        "transfers": [{"from": s.from_agency, "to": s.to_agency, "at": _iso(s.at, zone), "by": s.by,
                       "step_due_at": _iso(s.step_due_at, zone), "finished_at": _iso(s.finished_at, zone),
                       "result": step_result(s, zone)} for s in steps],
        "events": [{"at": _iso(e.at, zone), "actor": e.actor, "action": e.action, "from": e.from_status,
                    "to": e.to_status, "note": e.note, "data": e.data} for e in events],
    })
    return view
