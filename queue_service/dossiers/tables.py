"""Tables of the dossier feature: procedures, dossiers, their append-only log, hand-offs, pauses, counters, overrides, SMS outbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from queue_service.store.base import Base


class Procedure(Base):
    """One administrative procedure (thủ tục hành chính) of a centre's catalogue."""

    __tablename__ = "dossier_procedures"
    __table_args__ = (UniqueConstraint("centre_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(64))  # stable slug; mã TTHC where there is one
    code: Mapped[str | None] = mapped_column(String(32))  # mã TTHC, e.g. 1.001193
    name_vi: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    field_code: Mapped[str] = mapped_column(String(16))
    limit_value: Mapped[float] = mapped_column(Float)
    limit_unit: Mapped[str] = mapped_column(String(16))
    agency_id: Mapped[str] = mapped_column(String(64))
    agency_name: Mapped[str] = mapped_column(String(200))
    fee: Mapped[int | None] = mapped_column(Integer)  # VND
    fee_note: Mapped[str] = mapped_column(String(300), default="")
    documents: Mapped[list] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)


class Dossier(Base):
    """A dossier (hồ sơ); `status` is the national portal's code 1–10 (DOMAIN.md §1)."""

    __tablename__ = "dossiers"
    __table_args__ = (
        # received_at in the index lets "open at the end of a period" skip rows without reading them (bench: 1.2 s → 0.2 s).
        Index("ix_dossiers_centre_completed", "centre_id", "completed_at", "received_at"),
        Index("ix_dossiers_centre_status_due", "centre_id", "status", "due_at"),
        # The report's "received in the period" (reports_0001; bench_reports: a centre's month 0.6 s → 0.02 s).
        Index("ix_dossiers_centre_received", "centre_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)  # secret of the receipt QR
    centre_id: Mapped[str] = mapped_column(String(64))
    agency_id: Mapped[str] = mapped_column(String(64))
    current_agency: Mapped[str] = mapped_column(String(64))
    procedure_id: Mapped[int] = mapped_column(ForeignKey("dossier_procedures.id"))
    field_code: Mapped[str] = mapped_column(String(16))
    ticket_id: Mapped[int | None] = mapped_column(Integer)  # tickets.id of the queue ticket served, if any
    channel: Mapped[str] = mapped_column(String(16))
    rules_id: Mapped[str] = mapped_column(String(32))  # rule set in force at receipt; stays with the dossier
    limit_value: Mapped[float] = mapped_column(Float)
    limit_unit: Mapped[str] = mapped_column(String(16))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_id_number: Mapped[str] = mapped_column(String(20))
    applicant_phone: Mapped[str | None] = mapped_column(String(20))
    applicant_email: Mapped[str | None] = mapped_column(String(200))
    applicant_address: Mapped[str] = mapped_column(String(300), default="")
    sms_consent: Mapped[bool] = mapped_column(default=False)
    subject: Mapped[str] = mapped_column(String(300), default="")  # owner of the matter, if not the submitter
    documents: Mapped[list] = mapped_column(JSON, default=list)
    sets: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime | None]  # complete and accepted: the clock starts (status 2)
    due_at: Mapped[dt.datetime | None]  # statutory due moment, pauses included
    due_on: Mapped[dt.date | None] = mapped_column(Date)  # its local date, for Decision 766 date comparisons
    new_due_at: Mapped[dt.datetime | None]  # the apology's new date (Form 04), which the citizen sees
    apologies: Mapped[int] = mapped_column(Integer, default=0)
    supplements: Mapped[int] = mapped_column(Integer, default=0)  # requests after acceptance
    completed_at: Mapped[dt.datetime | None]  # first of: ready (9), returned (10), stopped/refused (8/3), withdrawn (7)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    completion_status: Mapped[int | None] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(64))


class DossierEvent(Base):
    """Append-only log: every step with who and when."""

    __tablename__ = "dossier_events"
    # The report's "returned in the period" (reports_0001; bench_reports: a centre's month 0.9 s → 0.03 s).
    __table_args__ = (Index("ix_dossier_events_to_status_at", "to_status", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    at: Mapped[dt.datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[int | None] = mapped_column(Integer)
    to_status: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class Transfer(Base):
    """One hand-off between units or agencies (one row of Form 05)."""

    __tablename__ = "dossier_transfers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    from_agency: Mapped[str] = mapped_column(String(64))
    to_agency: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    by: Mapped[str] = mapped_column(String(64))
    step_due_at: Mapped[dt.datetime | None]  # when the receiving unit must hand on
    finished_at: Mapped[dt.datetime | None]  # next hand-off or result: the step's outcome is computed from these
    note: Mapped[str] = mapped_column(Text, default="")


class Pause(Base):
    """A supplement request (Form 02): the clock stops from `started_at` until `ended_at`."""

    __tablename__ = "dossier_pauses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    resume_status: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[list] = mapped_column(JSON, default=list)
    by: Mapped[str] = mapped_column(String(64))


class CodeCounter(Base):
    """Last dossier sequence number per receiving agency per local day (atomic upsert)."""

    __tablename__ = "dossier_code_counters"

    agency_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


@event.listens_for(DossierEvent, "before_update")
@event.listens_for(DossierEvent, "before_delete")
def _append_only(_mapper, _connection, target) -> None:
    raise RuntimeError(f"dossier_events is append-only (event {target.id})")
