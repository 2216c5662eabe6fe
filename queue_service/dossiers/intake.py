"""Intake (tiếp nhận): a dossier from the served ticket, applicant, procedure and documents; code and appointment assigned."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from queue_service.auth.roles import Principal
from queue_service.dossiers import journal
from queue_service.dossiers.catalogue import find_procedure, limit_of
from queue_service.dossiers.codes import next_code
from queue_service.dossiers.rules import rules_for
from queue_service.dossiers.status import Status
from queue_service.dossiers.tables import Dossier, Pause
from queue_service.errors import DomainError, kind
from queue_service.store.base import ROW_ID_MAX

log = logging.getLogger(__name__)

BAD_INTAKE = kind("bad_intake", 422, "Không thể tiếp nhận: {reason}", "Cannot take in the dossier: {reason}")
Channel = Literal["in_person", "online", "post"]  # portal KenhThucHien 1, 2, 3


class Applicant(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, description="full name of the submitter")
    id_number: str = Field(pattern=r"^[0-9A-Za-z]{6,20}$", description="CCCD/ID or passport number")
    phone: str | None = Field(None, pattern=r"^\+?[0-9]{8,15}$", description="for SMS, only with consent")
    email: str | None = Field(None, max_length=200)
    address: str = Field("", max_length=300)
    sms_consent: bool = Field(False, description="the applicant agreed to SMS notifications")


class DocumentItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=300, description="thành phần hồ sơ")
    originals: int = Field(0, ge=0, description="bản chính")
    certified_copies: int = Field(0, ge=0, description="bản sao chứng thực")
    copies: int = Field(0, ge=0, description="bản photo")


# The two rules intake() enforces across fields, told in the request's JSON Schema too: in person there is no
# 'submit' (an online or posted dossier's first state), and a supplement or a refusal needs its reason.
_OUTCOME_RULES = {"allOf": [
    {"if": {"properties": {"outcome": {"const": "submit"}}, "required": ["outcome"]},
     "then": {"properties": {"channel": {"enum": ["online", "post"]}}, "required": ["channel"]}},
    {"if": {"properties": {"outcome": {"enum": ["supplement", "refuse"]}}, "required": ["outcome"]},
     "then": {"properties": {"reason": {"pattern": "\\S"}}, "required": ["reason"]}},
]}


class IntakeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_OUTCOME_RULES)
    procedure: str = Field(description="procedure key (mã TTHC) in the centre's catalogue")
    applicant: Applicant
    documents: list[DocumentItem] = Field(default_factory=list)
    sets: int = Field(1, ge=1, le=99, description="number of sets (số bộ hồ sơ)")
    channel: Channel = "in_person"
    ticket_id: int | None = Field(None, ge=1, le=ROW_ID_MAX, description="queue ticket being served at the counter")
    subject: str = Field("", max_length=300, description="owner of the matter, if not the submitter")
    outcome: Literal["accept", "supplement", "refuse", "submit"] | None = Field(
        None, description="in person: accept (default), supplement or refuse; online/post: submit (default) or accept"
    )
    reason: str = Field("", max_length=2000, description="why a supplement is needed or why it is refused")
    items: list[str] = Field(default_factory=list, description="documents to supplement (Form 02 table)")


def intake(desk, request: IntakeRequest, principal: Principal) -> Dossier:
    """One write transaction: code, appointment (if accepted), first log entry, SMS; returns the stored dossier."""
    now = desk.now()
    outcome = request.outcome or ("accept" if request.channel == "in_person" else "submit")
    if outcome == "submit" and request.channel == "in_person":
        raise DomainError(BAD_INTAKE, reason="hồ sơ trực tiếp không có trạng thái 'mới đăng ký' / in-person dossiers are not 'submitted'")
    if outcome in ("supplement", "refuse") and not request.reason.strip():
        raise DomainError(BAD_INTAKE, reason="cần nêu lý do / a reason is required")
    local_day = now.astimezone(desk.zone).date()
    with desk.db.write() as session:
        procedure = find_procedure(session, desk.centre.centre.id, request.procedure)
        applicant = request.applicant
        dossier = Dossier(
            code=next_code(session, procedure.agency_id, local_day), token=secrets.token_urlsafe(12),
            centre_id=desk.centre.centre.id, agency_id=procedure.agency_id, current_agency=procedure.agency_id,
            procedure_id=procedure.id, field_code=procedure.field_code, ticket_id=request.ticket_id,
            channel=request.channel, rules_id=rules_for(local_day).id,
            limit_value=procedure.limit_value, limit_unit=procedure.limit_unit,
            applicant_name=applicant.name.strip(), applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone, applicant_email=applicant.email, applicant_address=applicant.address,
            sms_consent=applicant.sms_consent, subject=request.subject,
            documents=[d.model_dump() for d in request.documents], sets=request.sets,
            status=Status.RECEIVING, submitted_at=now, apologies=0, supplements=0, created_by=principal.actor,
        )
        session.add(dossier)
        session.flush()
        journal.record(session, dossier, "submit", None, Status.RECEIVING, principal.actor, now, data={"channel": request.channel})
        if outcome == "accept":
            journal.accept(session, desk, dossier, principal.actor, now)
        elif outcome == "refuse":
            journal.complete(desk, dossier, Status.DENIED, now)
            journal.record(session, dossier, "refuse", Status.RECEIVING, Status.DENIED, principal.actor, now, note=request.reason)
        elif outcome == "supplement":
            session.add(Pause(dossier_id=dossier.id, started_at=now, resume_status=Status.NEW, reason=request.reason, items=request.items, by=principal.actor))
            dossier.status = Status.WAITING
            journal.record(session, dossier, "request_supplement", Status.RECEIVING, Status.WAITING, principal.actor, now, note=request.reason, data={"items": request.items})
            journal.sms(session, desk, dossier, "supplement", now)
        session.flush()
        log.info("dossier %s taken in by %s (%s, status %s)", dossier.code, principal.actor, request.channel, dossier.status)
        return dossier


def due_if_accepted_now(desk, procedure_key: str) -> tuple[dt.datetime, dt.datetime]:
    """(now, the appointment) that accepting a dossier of this procedure now would store: shown before saving."""
    now = desk.now()
    with desk.db.read() as session:
        procedure = find_procedure(session, desk.centre.centre.id, procedure_key)
        rules = rules_for(now.astimezone(desk.zone).date())
        return now, journal.due_from(session, desk, now, limit_of(procedure), rules)
