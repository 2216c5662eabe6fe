"""Lifecycle transitions over the portal's status codes: role and state checked, every step logged (DOMAIN.md §1)."""

from __future__ import annotations

import datetime as dt
import logging

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.auth.roles import Principal
from queue_service.dossiers import journal
from queue_service.dossiers.deadlines import appointment
from queue_service.dossiers.limits import Limit
from queue_service.dossiers.rules import rules_by_id
from queue_service.dossiers.status import LABELS, TRANSITIONS, Status, Transition, allowed_actions
from queue_service.dossiers.tables import Dossier, Pause, Transfer
from queue_service.errors import DomainError, kind

log = logging.getLogger(__name__)

UNKNOWN_DOSSIER = kind("unknown_dossier", 404, "Không tìm thấy hồ sơ '{code}'", "No dossier '{code}'")
UNKNOWN_ACTION = kind("unknown_action", 404, "Không có thao tác '{action}' (có: {known})", "No action '{action}' (known: {known})")
ROLE_NOT_ALLOWED = kind("role_not_allowed", 403, "Vai trò '{role}' không được '{action}'; cần: {roles}", "Role '{role}' may not '{action}'; needs: {roles}")
TRANSITION_NOT_ALLOWED = kind(
    "transition_not_allowed", 409,
    "Không thể '{action}' khi hồ sơ đang ở trạng thái {status} ({status_vi}); được phép: {allowed_text}",
    "Cannot '{action}' a dossier in status {status} ({status_en}); allowed: {allowed_text}",
)
MISSING = kind("missing_input", 422, "Thiếu thông tin: {what}", "Missing input: {what}")
APOLOGY_LIMIT = kind("apology_limit", 409, "Hồ sơ đã được hẹn lại {count} lần (tối đa {limit})", "The dossier was already rescheduled {count} time(s) (at most {limit})")
BAD_NEW_DATE = kind("bad_new_date", 422, "Ngày hẹn mới phải sau ngày hẹn hiện tại ({due})", "The new date must be after the current due date ({due})")


class ActionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field("", max_length=2000, description="reason or note (refusal, supplement, stop, apology)")
    items: list[str] = Field(default_factory=list, description="documents to supplement (Form 02)")
    to_agency: str | None = Field(None, max_length=64, description="transfer: the receiving unit or agency")
    step_limit: str | None = Field(None, description="transfer: time allotted to the receiving unit, e.g. '2 working-days'")
    new_due: dt.datetime | None = Field(None, description="apology: the new return date (aware, or local time of the centre)")
    amount: int | None = Field(None, ge=0, description="payment due: amount in VND")
    how: str = Field("", max_length=50, description="return: in person, post or electronic")


def find(session: Session, centre_id: str, code: str, *, lock: bool = False) -> Dossier:
    query = select(Dossier).where(Dossier.code == code, Dossier.centre_id == centre_id)
    dossier = session.scalars(query.with_for_update() if lock else query).first()
    if dossier is None:
        raise DomainError(UNKNOWN_DOSSIER, code=code)
    return dossier


def check(transition: Transition, status: Status, principal: Principal) -> None:
    if principal.role not in transition.roles:
        raise DomainError(ROLE_NOT_ALLOWED, role=principal.role.value, action=transition.action, roles=", ".join(sorted(r.value for r in transition.roles)))
    if status not in transition.sources:
        allowed = allowed_actions(status, principal.role)
        vi, en = LABELS[status]
        raise DomainError(TRANSITION_NOT_ALLOWED, action=transition.action, status=int(status), status_vi=vi, status_en=en,
                          allowed=allowed, allowed_text=", ".join(allowed) or "—")


def apply(desk, code: str, action: str, principal: Principal, request: ActionRequest | None = None) -> Dossier:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise DomainError(UNKNOWN_ACTION, action=action, known=", ".join(TRANSITIONS))
    request = request or ActionRequest()
    now = desk.now()
    with desk.db.write() as session:
        dossier = find(session, desk.centre.centre.id, code, lock=True)
        before = Status(dossier.status)
        check(transition, before, principal)
        _HANDLERS[action](session, desk, dossier, transition, principal.actor, now, request)
        session.flush()
        log.info("dossier %s: %s by %s (%s -> %s)", code, action, principal.actor, int(before), dossier.status)
        return dossier


def _need(value, what: str):
    if not value or (isinstance(value, str) and not value.strip()):
        raise DomainError(MISSING, what=what)
    return value


def _accept(session, desk, dossier, t, actor, now, req):
    journal.accept(session, desk, dossier, actor, now)


def _finish(session, desk, dossier, t, actor, now, req):
    if t.action in ("refuse", "stop"):
        _need(req.reason, "reason (lý do)")
    if t.action == "result_ready":
        _close_step(session, dossier, now)
    journal.complete(desk, dossier, t.target, now)
    journal.record(session, dossier, t.action, dossier.status, t.target, actor, now, note=req.reason, data={"how": req.how} if req.how else None)
    if t.action == "result_ready":
        journal.sms(session, desk, dossier, "result", now)


def _request_supplement(session, desk, dossier, t, actor, now, req):
    _need(req.reason, "reason (lý do)")
    before = Status(dossier.status)
    resume = Status.NEW if before is Status.RECEIVING else before
    if dossier.received_at is not None:
        dossier.supplements += 1  # counted only after acceptance: more than one makes the dossier late (§4.6)
    session.add(Pause(dossier_id=dossier.id, started_at=now, resume_status=resume, reason=req.reason, items=req.items, by=actor))
    journal.record(session, dossier, t.action, before, Status.WAITING, actor, now, note=req.reason, data={"items": req.items})
    journal.sms(session, desk, dossier, "supplement", now)


def _supplement_received(session, desk, dossier, t, actor, now, req):
    pause = session.scalars(select(Pause).where(Pause.dossier_id == dossier.id, Pause.ended_at.is_(None))).first()
    pause.ended_at = now
    session.flush()
    if dossier.received_at is None:
        journal.accept(session, desk, dossier, actor, now, action=t.action)
        return
    journal.recompute_due(session, desk, dossier)
    journal.record(session, dossier, t.action, Status.WAITING, pause.resume_status, actor, now, note=req.reason,
                   data={"due_at": dossier.due_at.isoformat()})


def _transfer(session, desk, dossier, t, actor, now, req):
    target = _need(req.to_agency, "to_agency (đơn vị nhận)")
    step_due = None
    if req.step_limit:
        step_due = appointment(desk.calendar(session), now, Limit.parse(req.step_limit),
                               same_day_cutoff=rules_by_id(dossier.rules_id).same_day_cutoff)
    _close_step(session, dossier, now)
    session.add(Transfer(dossier_id=dossier.id, from_agency=dossier.current_agency, to_agency=target, at=now, by=actor, step_due_at=step_due, note=req.reason))
    journal.record(session, dossier, t.action, dossier.status, Status.PROCESSING, actor, now, note=req.reason,
                   data={"from": dossier.current_agency, "to": target})
    dossier.current_agency = target


def _close_step(session, dossier, now) -> None:
    step = session.scalars(select(Transfer).where(Transfer.dossier_id == dossier.id, Transfer.finished_at.is_(None))).first()
    if step is not None:
        step.finished_at = now


def _simple(session, desk, dossier, t, actor, now, req):
    data = {"amount": req.amount} if req.amount is not None else None
    journal.record(session, dossier, t.action, dossier.status, t.target, actor, now, note=req.reason, data=data)


def _apologize(session, desk, dossier, t, actor, now, req):
    """Form 04: the late agency's head sets a new date, which the citizen then sees; by default once (Decree 61 [U])."""
    limit = desk.centre.dossiers.max_apologies or rules_by_id(dossier.rules_id).max_apologies
    if dossier.apologies >= limit:
        raise DomainError(APOLOGY_LIMIT, count=dossier.apologies, limit=limit)
    new_due = _need(req.new_due, "new_due (ngày hẹn mới)")
    new_due = new_due if new_due.tzinfo else new_due.replace(tzinfo=desk.zone)
    current = dossier.new_due_at or dossier.due_at
    if new_due <= current:
        raise DomainError(BAD_NEW_DATE, due=current.astimezone(desk.zone).strftime("%H:%M %d/%m/%Y"))
    dossier.new_due_at, dossier.apologies = new_due, dossier.apologies + 1
    journal.record(session, dossier, t.action, dossier.status, dossier.status, actor, now, note=_need(req.reason, "reason (lý do)"),
                   data={"old_due": current.isoformat(), "new_due": new_due.isoformat()})
    journal.sms(session, desk, dossier, "apology", now, due=new_due)


_HANDLERS = {
    "accept": _accept, "refuse": _finish, "request_supplement": _request_supplement,
    "supplement_received": _supplement_received, "transfer": _transfer, "payment_due": _simple, "paid": _simple,
    "withdraw": _finish, "stop": _finish, "result_ready": _finish, "return_result": _finish, "apologize": _apologize,
}
