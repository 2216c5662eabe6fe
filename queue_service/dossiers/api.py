"""HTTP routes of the dossier feature (thin: every rule is in the plain modules); also mounts the public tracking page."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Depends, Query, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from queue_service.api.declared_errors import raises
from queue_service.api.deps import Centre, Context, require
from queue_service.api.params import Day, Moment
from queue_service.auth.roles import Principal, Role
from queue_service.calendar import store as calendar_store
from queue_service.dossiers import catalogue, forms, lifecycle, printing, reports
from queue_service.dossiers.deadlines import appointment
from queue_service.dossiers.desk import Desk
from queue_service.dossiers.intake import BAD_INTAKE, IntakeRequest, due_if_accepted_now, intake
from queue_service.dossiers.lifecycle import ActionRequest
from queue_service.dossiers.limits import BAD_LIMIT, LIMIT_HELP, LIMIT_PATTERN, Limit
from queue_service.dossiers.public import router as public_router
from queue_service.devices.link import BRIDGE_OFF, COUNTER_NEEDED, NO_PRINTER, printing_counter
from queue_service.dossiers.rules import rules_for
from queue_service.dossiers.views import staff_view
from queue_service.sms import outbox
from queue_service.errors import WRONG_COUNTER
from queue_service.pdf import PDF_TYPE, html_to_pdf

router = APIRouter()
api = APIRouter(prefix="/api/v1/centres/{centre}", tags=["dossiers"])
Staff = Annotated[Principal, Depends(require(Role.clerk, Role.manager, Role.admin))]
Leader = Annotated[Principal, Depends(require(Role.manager, Role.admin))]
Admin = Annotated[Principal, Depends(require(Role.admin))]
Printer = Annotated[Principal, Depends(require(Role.clerk, Role.admin))]


FORM = (lifecycle.UNKNOWN_DOSSIER, forms.NO_SUCH_FORM, forms.FORM_NOT_APPLICABLE)


class PrintRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    counter: int | None = Field(None, ge=1, le=999, description="administrators: the counter whose printer prints it "
                                "(a clerk prints at the counter of their sign-in)")


def _desk(context, centre) -> Desk:
    return Desk.from_context(context, centre.centre.id)


@api.get("/procedures")
def list_procedures(context: Context, centre: Centre, _: Staff, field: str | None = None) -> list[dict]:
    with context.db.read() as session:
        rows = catalogue.procedures(session, centre.centre.id, field)
        return [{"key": p.key, "code": p.code, "name_vi": p.name_vi, "name_en": p.name_en, "field": p.field_code,
                 "limit": str(catalogue.limit_of(p)), "limit_vi": catalogue.limit_of(p).label_vi,
                 "agency_id": p.agency_id, "agency_name": p.agency_name,
                 "fee": p.fee, "fee_note": p.fee_note, "documents": p.documents} for p in rows]


@api.get("/procedures/{key}/appointment")
@raises(catalogue.UNKNOWN_PROCEDURE)
def appointment_now(context: Context, centre: Centre, _: Staff, key: str) -> dict:
    """The appointment a dossier of this procedure accepted now would get (the console shows it before saving)."""
    received, due = due_if_accepted_now(_desk(context, centre), key)
    return {"procedure": key, "received": received.astimezone(centre.zone).isoformat(),
            "due": due.astimezone(centre.zone).isoformat()}


@api.post("/dossiers", status_code=201)
@raises(catalogue.UNKNOWN_PROCEDURE, BAD_INTAKE)
def take_in(context: Context, centre: Centre, principal: Staff, body: IntakeRequest) -> dict:
    desk = _desk(context, centre)
    dossier = intake(desk, body, principal)
    with context.db.read() as session:
        return staff_view(session, lifecycle.find(session, centre.centre.id, dossier.code), desk.zone, desk.now())


@api.get("/dossiers/reports/due-today")
def due_today(context: Context, centre: Centre, _: Staff) -> list[dict]:
    desk = _desk(context, centre)
    with context.db.read() as session:
        return [reports.brief(d, desk.zone, desk.now()) for d in reports.due_today(session, desk)]


@api.get("/dossiers/reports/overdue")
def overdue(context: Context, centre: Centre, _: Staff) -> list[dict]:
    desk = _desk(context, centre)
    with context.db.read() as session:
        return [reports.brief(d, desk.zone, desk.now()) for d in reports.overdue(session, desk)]


@api.get("/dossiers/reports/rates")
def rates(context: Context, centre: Centre, _: Leader, start: Annotated[Day, Query(alias="from")],
          end: Annotated[Day, Query(alias="to")], by: Literal["field", "agency", "procedure"] = "field") -> dict:
    with context.db.read() as session:
        return reports.rates(session, centre.centre.id, centre.zone, start, end, by)


@api.get("/dossiers/tracking-book", response_class=HTMLResponse)
def book(context: Context, centre: Centre, _: Staff, start: Annotated[Day, Query(alias="from")],
         end: Annotated[Day, Query(alias="to")]) -> HTMLResponse:
    with context.db.read() as session:
        return HTMLResponse(forms.tracking_book(session, _desk(context, centre), start, end))


@api.get("/dossiers/{code}")
@raises(lifecycle.UNKNOWN_DOSSIER)
def show(context: Context, centre: Centre, _: Staff, code: str) -> dict:
    desk = _desk(context, centre)
    with context.db.read() as session:
        return staff_view(session, lifecycle.find(session, centre.centre.id, code), desk.zone, desk.now())


@api.post("/dossiers/{code}/actions/{action}")
@raises(lifecycle.UNKNOWN_DOSSIER, lifecycle.UNKNOWN_ACTION, lifecycle.ROLE_NOT_ALLOWED, lifecycle.TRANSITION_NOT_ALLOWED,
        lifecycle.MISSING, lifecycle.APOLOGY_LIMIT, lifecycle.BAD_NEW_DATE)
def act(context: Context, centre: Centre, principal: Staff, code: str, action: str, body: ActionRequest | None = None) -> dict:
    desk = _desk(context, centre)
    lifecycle.apply(desk, code, action, principal, body)
    with context.db.read() as session:
        return staff_view(session, lifecycle.find(session, centre.centre.id, code), desk.zone, desk.now())


@api.get("/dossiers/{code}/forms/{form}", response_class=HTMLResponse)
@raises(*FORM)
def form(context: Context, centre: Centre, _: Staff, code: str, form: str) -> HTMLResponse:
    return HTMLResponse(_form_html(context, centre, code, form))


@api.get("/dossiers/{code}/forms/{form}/pdf", response_class=Response,
         responses={200: {"description": "the form printed to PDF (its own paper: A5 or A4)",
                          "content": {PDF_TYPE: {"schema": {"type": "string", "format": "binary"}}}}})
@raises(*FORM)
async def form_pdf(context: Context, centre: Centre, _: Staff, code: str, form: str) -> Response:
    """The same form as its HTML page, made into a PDF on the server with the service's embedded fonts."""
    html = await run_in_threadpool(_form_html, context, centre, code, form)
    pdf = await run_in_threadpool(html_to_pdf, html)
    return Response(pdf, media_type=PDF_TYPE, headers={"Content-Disposition": f'inline; filename="{form}-{code}.pdf"'})


def _form_html(context, centre, code: str, form: str) -> str:
    with context.db.read() as session:
        dossier = lifecycle.find(session, centre.centre.id, code)
        return forms.render_form(session, _desk(context, centre), dossier, form)


@api.get("/dossiers/{code}/receipt")
@raises(*FORM)
def receipt(context: Context, centre: Centre, _: Staff, code: str) -> dict:
    """Form 01 as a printer-neutral print document (wire.printing.PrintDocument); the agent renders it."""
    return printing.slip(context, centre.centre.id, code, "receipt").model_dump(mode="json")


@api.post("/dossiers/{code}/receipt/print", status_code=202)
@raises(*FORM, COUNTER_NEEDED, WRONG_COUNTER, BRIDGE_OFF, NO_PRINTER)
async def print_receipt(context: Context, centre: Centre, principal: Printer, code: str,
                        body: Annotated[PrintRequest | None, Body()] = None) -> dict:
    """Send the receipt to the printing agent at the clerk's counter: 202 with the command id (the agent's ack says
    whether it printed); 409 without a printing agent there; 503 when the service is not connected to devices."""
    counter = printing_counter(principal, body.counter if body else None)
    command_id, device = await printing.print_form(context, centre.centre.id, counter, code, "receipt")
    return {"command_id": command_id, "device": device, "counter": counter}


@api.get("/calendar/due")
@raises(BAD_LIMIT)
def calendar_due(context: Context, centre: Centre, _: Staff, received: Moment, limit: Annotated[str, Query(pattern=LIMIT_PATTERN, description=LIMIT_HELP)]) -> dict:
    received = received if received.tzinfo else received.replace(tzinfo=centre.zone)
    with context.db.read() as session:
        calendar = calendar_store.calendar_for(session, centre)
    rules = rules_for(received.astimezone(centre.zone).date())
    due = appointment(calendar, received, Limit.parse(limit), same_day_cutoff=rules.same_day_cutoff)
    return {"received": received.astimezone(centre.zone).isoformat(), "limit": limit, "rules": rules.id, "due": due.isoformat()}


@api.put("/calendar/overrides/{day}")
def put_override(context: Context, centre: Centre, principal: Admin, day: Day, working: bool = False, note: str = "") -> dict:
    with context.db.write() as session:
        calendar_store.set_override(session, centre.centre.id, day, working, note=note, by=principal.actor, now=context.clock())
    return {"day": day.isoformat(), "working": working, "note": note}


@api.delete("/calendar/overrides/{day}", status_code=204)
def delete_override(context: Context, centre: Centre, _: Admin, day: Day) -> Response:
    with context.db.write() as session:
        calendar_store.remove_override(session, centre.centre.id, day)
    return Response(status_code=204)


@api.get("/sms-outbox")
def sms_outbox(context: Context, centre: Centre, _: Annotated[Principal, Depends(require(Role.admin, Role.device))], limit: Annotated[int, Query(ge=1, le=500)] = 20) -> list[dict]:
    with context.db.read() as session:
        return [outbox.view(m) for m in outbox.pending(session, centre.centre.id, limit)]


router.include_router(api)
router.include_router(public_router)
