"""The printable forms of the rule set a dossier was received under: context building and HTML rendering."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from queue_service.dossiers.classify import LABELS_VI
from queue_service.dossiers.journal import limit_of
from queue_service.qr import qr_svg
from queue_service.dossiers.rules import rules_by_id, rules_for
from queue_service.dossiers.tables import Dossier, DossierEvent, Pause, Procedure, Transfer
from queue_service.dossiers.templates import render
from queue_service.dossiers.views import step_result
from queue_service.errors import DomainError, kind

NO_SUCH_FORM = kind("no_such_form", 404, "Không có mẫu '{form}' theo {rules}", "No form '{form}' under rule set {rules}")
FORM_NOT_APPLICABLE = kind("form_not_applicable", 409, "Hồ sơ chưa có dữ liệu cho mẫu '{form}'", "The dossier has nothing for form '{form}' yet")
CHANNELS_VI = {"in_person": "trực tiếp", "online": "trực tuyến", "post": "qua dịch vụ bưu chính"}
DOSSIER_FORMS = ("receipt", "supplement", "refusal", "apology", "control_slip")


def _local(moment, zone):
    return moment.astimezone(zone) if moment else None


def context(session, desk, dossier: Dossier, form_key: str) -> dict:
    rules = rules_by_id(dossier.rules_id)
    form = rules.form(form_key)
    if form is None:
        raise DomainError(NO_SUCH_FORM, form=form_key, rules=rules.id)
    zone = desk.zone
    events = list(session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id)))
    field = desk.centre.field(dossier.field_code)
    return {
        "d": dossier, "form": form, "rules_instruments": ", ".join(rules.instruments[-1:]),
        "procedure": session.get(Procedure, dossier.procedure_id), "agency_name": desk.agency_name,
        "place": (desk.centre.centre.address or "").split(",")[-1].strip() or desk.centre.centre.name_vi,
        "today": desk.now().astimezone(zone), "received": _local(dossier.received_at or dossier.submitted_at, zone),
        "due": _local(dossier.new_due_at or dossier.due_at, zone), "limit_vi": limit_of(dossier).label_vi,
        "channel_vi": CHANNELS_VI[dossier.channel], "book": desk.centre.dossiers.tracking_book,
        "officer": dossier.created_by, "tracking_url": desk.tracking_url(dossier.code, dossier.token),
        "field_vi": field.name_vi if field else dossier.field_code, "events": events,
    }


def render_form(session, desk, dossier: Dossier, form_key: str) -> str:
    return render(f"{form_key}.html", **form_context(session, desk, dossier, form_key))


def form_context(session, desk, dossier: Dossier, form_key: str) -> dict:
    """What the form says: the common context and the form's own part (the supplement's pause, the refusal's reason,
    the apology's dates, the control slip's steps); the A5 page and the counter's slip are both made from it."""
    if form_key not in DOSSIER_FORMS:
        raise DomainError(NO_SUCH_FORM, form=form_key, rules=dossier.rules_id)
    ctx = context(session, desk, dossier, form_key)
    events = ctx["events"]
    if form_key == "receipt":
        ctx.update(tracking_qr=qr_svg(ctx["tracking_url"]))
    elif form_key == "supplement":
        pause = session.scalars(select(Pause).where(Pause.dossier_id == dossier.id).order_by(Pause.id.desc())).first()
        if pause is None:
            raise DomainError(FORM_NOT_APPLICABLE, form=form_key)
        ctx.update(pause=pause, officer=pause.by)
    elif form_key == "refusal":
        refusal = next((e for e in reversed(events) if e.action == "refuse"), None)
        if refusal is None:
            raise DomainError(FORM_NOT_APPLICABLE, form=form_key)
        ctx.update(reason=refusal.note, officer=refusal.actor)
    elif form_key == "apology":
        apology = next((e for e in reversed(events) if e.action == "apologize"), None)
        if apology is None:
            raise DomainError(FORM_NOT_APPLICABLE, form=form_key)
        ctx.update(reason=apology.note, old_due=dt.datetime.fromisoformat(apology.data["old_due"]).astimezone(desk.zone),
                   new_due=dt.datetime.fromisoformat(apology.data["new_due"]).astimezone(desk.zone))
    elif form_key == "control_slip":
        steps = list(session.scalars(select(Transfer).where(Transfer.dossier_id == dossier.id).order_by(Transfer.id)))
        for step in steps:
            step.result_vi = LABELS_VI.get(step_result(step, desk.zone) or "", "")
        ctx.update(steps=steps, lead_agency=steps[-1].to_agency if steps else dossier.current_agency,
                   partners=sorted({s.to_agency for s in steps[:-1]}))
    return ctx


def tracking_book(session, desk, start: dt.date, end: dt.date) -> str:
    """Form 06 (Decree 61) / 07 (Decree 118): the rows of dossiers received in [start, end]."""
    zone = desk.zone
    begin = dt.datetime.combine(start, dt.time(), tzinfo=zone)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    query = select(Dossier).where(Dossier.centre_id == desk.centre.centre.id, Dossier.submitted_at >= begin, Dossier.submitted_at < finish)
    rows = []
    for d in session.scalars(query.order_by(Dossier.id)):
        times = {e.action: e.at for e in session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id))}
        fmt = lambda m: m.astimezone(zone).strftime("%d/%m/%Y %H:%M") if m else ""  # noqa: E731
        rows.append({"d": d, "procedure": session.get(Procedure, d.procedure_id).name_vi, "phone": d.applicant_phone or "",
                     "received": fmt(d.received_at), "due": fmt(d.new_due_at or d.due_at), "transferred": fmt(times.get("transfer")),
                     "ready": fmt(times.get("result_ready")), "returned": fmt(times.get("return_result")), "note": ""})
    rules = rules_for(end)
    return render("tracking_book.html", form=rules.form("tracking_book"), rows=rows, book=desk.centre.dossiers.tracking_book,
                  agency_name=desk.agency_name, start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y"))
