"""Console routes for finding a dossier (code, phone or name: staff only) and reading its timeline: who did what,
when, from which state to which. Server-rendered; the rules are queue_service/dossiers' own."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from queue_service.api.deps import Centre, Context
from queue_service.console.web import refusal, render, staff_only
from queue_service.dossiers import lifecycle
from queue_service.dossiers.search import SHOWN, find_dossiers
from queue_service.dossiers.status import Status, label
from queue_service.dossiers.views import staff_view
from queue_service.errors import DomainError
from queue_service.queue.tables import Ticket

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/{centre}/dossiers")
def find_page(request: Request, context: Context, centre: Centre, q: str = "") -> Response:
    found = staff_only(context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    now = context.clock()
    with context.db.read() as session:
        rows = [staff_view(session, d, centre.zone, now) for d in find_dossiers(session, centre.centre.id, q[:200])]
    return render(request, "dossiers.html", signed=found, centre=centre, query=q, rows=rows, shown=SHOWN)


@router.get("/{centre}/dossiers/{code}")
def dossier_page(request: Request, context: Context, centre: Centre, code: str) -> Response:
    found = staff_only(context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    try:
        with context.db.read() as session:
            view = staff_view(session, lifecycle.find(session, centre.centre.id, code), centre.zone, context.clock())
            ticket = session.get(Ticket, view["ticket_id"]) if view["ticket_id"] else None
            number = ticket.number if ticket else None
    except DomainError as refused:
        return refusal(request, refused)
    receipt = f"/api/v1/centres/{centre.centre.id}/dossiers/{code}/forms/receipt"
    statuses = {int(s): label(s) for s in Status}
    return render(request, "dossier.html", signed=found, centre=centre, d=view, receipt=receipt, statuses=statuses,
                  ticket=number)
