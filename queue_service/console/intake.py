"""Console route for taking in a dossier (tiếp nhận hồ sơ) for the ticket being served at the clerk's counter. The
page is a form over the dossier API: the catalogue, the appointment before saving, the intake itself and Form 01
on the counter's printer (or as the A5 page in the browser); every rule stays in queue_service/dossiers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from queue_service.api.deps import Centre, Context
from queue_service.console.web import at_counter, language, render
from queue_service.console.wording import table
from queue_service.queue.board import counters

router = APIRouter(prefix="/console", include_in_schema=False)
CODE = "{code}"  # filled in by the page's script once the dossier has one


@router.get("/{centre}/intake")
def intake_page(request: Request, context: Context, centre: Centre) -> Response:
    found = at_counter(context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    with context.db.read() as session:
        counter = next(view for view in counters(session, centre) if view.number == found.counter)
    ticket = counter.current
    api, lang = f"/api/v1/centres/{centre.centre.id}", language(request)
    page = {"lang": lang, "words": table(lang), "desk": f"/console/{centre.centre.id}/desk",
            "ticket": {"id": ticket.id, "number": ticket.number} if ticket else None,
            "procedures": f"{api}/procedures", "appointment": f"{api}/procedures/{{key}}/appointment",
            "dossiers": f"{api}/dossiers", "print": f"{api}/dossiers/{CODE}/receipt/print",
            "receipt": f"{api}/dossiers/{CODE}/forms/receipt"}
    return render(request, "intake.html", signed=found, centre=centre, ticket=ticket, page=page)
