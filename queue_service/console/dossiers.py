"""Console routes for finding a dossier (code, phone or name: staff only), reading its timeline (who did what, when,
from which state to which) and moving it through its lifecycle from its page, with the matching form printed.
Server-rendered; the rules are queue_service/dossiers' own (console/dossier_actions.py builds the forms)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from queue_service.api.deps import Centre, Context
from queue_service.auth import csrf
from queue_service.auth.sessions import SignedIn
from queue_service.console.dossier_actions import (FORM_AFTER, RETURN_HOW, WHY_UNPRINTED, action_request, actions,
                                                   print_after, printable)
from queue_service.console.web import form_lists, go, refusal, render, say, staff_only
from queue_service.dossiers import lifecycle
from queue_service.dossiers.desk import Desk
from queue_service.dossiers.rules import rules_by_id
from queue_service.dossiers.search import SHOWN, find_dossiers
from queue_service.dossiers.status import TRANSITIONS, Status, label
from queue_service.dossiers.tables import Procedure
from queue_service.dossiers.views import staff_view
from queue_service.errors import DomainError
from queue_service.queue.tables import Ticket

router = APIRouter(prefix="/console", include_in_schema=False)
MAX_BODY = 65536  # a reason of 2,000 Vietnamese letters and a long checklist, percent-encoded, fit many times over


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
    return show_dossier(request, context, centre, found, code)


@router.post("/{centre}/dossiers/{code}/actions/{action}")
async def take_action(request: Request, context: Context, centre: Centre, code: str, action: str) -> Response:
    """One lifecycle action from its form on the page: refused, the page again with the words and what was typed;
    done, back to the page (a reload does not act twice), which then offers the action's form."""
    found = staff_only(context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    try:
        fields = await form_lists(request, MAX_BODY)
        csrf.check(found.csrf_token, (fields.get(csrf.FIELD) or [""])[0])
    except DomainError as refused:
        return refusal(request, refused)
    try:
        body = action_request(action, fields, centre.zone)
        await run_in_threadpool(lifecycle.apply, Desk.from_context(context, centre.centre.id), code, action,
                                found.principal(), body)
    except DomainError as refused:
        typed = {name: values if name == "items" else values[0] for name, values in fields.items() if name != csrf.FIELD}
        return show_dossier(request, context, centre, found, code, problem=(action, refused), typed=typed)
    after = await print_after(context, centre.centre.id, found.counter, code, action)
    return go(f"/console/{centre.centre.id}/dossiers/{quote(code)}?{urlencode(after)}")


@router.get("/{centre}/dossiers/{code}/actions/{action}")
def action_address(request: Request, centre: Centre, code: str, action: str) -> Response:
    """A refused action's page sits at its form's address; its language toggle (a GET) goes back to the dossier."""
    lang = request.query_params.get("lang")
    return go(f"/console/{centre.centre.id}/dossiers/{quote(code)}" + (f"?lang={quote(lang)}" if lang else ""))


def show_dossier(request: Request, context: Context, centre: Centre, signed: SignedIn, code: str,
                 problem: tuple[str, DomainError] | None = None, typed: dict | None = None) -> Response:
    """The dossier's page: facts, the forms it has (page and PDF), the actions this staff member may take, the
    timeline; after a refused action, that action's form open with the refusal's words and what was typed."""
    try:
        with context.db.read() as session:
            dossier = lifecycle.find(session, centre.centre.id, code)
            view = staff_view(session, dossier, centre.zone, context.clock())
            ticket = session.get(Ticket, view["ticket_id"]) if view["ticket_id"] else None
            number = ticket.number if ticket else None
            checklist = session.get(Procedure, dossier.procedure_id).documents
    except DomainError as refused:
        return refusal(request, refused)
    api = f"/api/v1/centres/{centre.centre.id}/dossiers/{quote(code)}/forms"
    rules = rules_by_id(view["rules"])
    papers = [{"key": key, "form": rules.form(key), "page": f"{api}/{key}", "pdf": f"{api}/{key}/pdf"}
              for key in printable(view) if rules.form(key) is not None]
    query = request.query_params
    after = None
    if problem is None and query.get("done") in TRANSITIONS:
        form = rules.form(query["form"]) if query.get("form") in FORM_AFTER.values() else None
        why = WHY_UNPRINTED.get(query.get("why", ""))
        after = {"action": TRANSITIONS[query["done"]], "form": form, "printed": query.get("printed"),
                 "why": say(request, DomainError(why, counter=signed.counter)) if why else None,
                 "paper": next((p for p in papers if p["key"] == query.get("form")), None)}
    statuses = {int(s): label(s) for s in Status}
    status = view["status"]["code"]
    return render(request, "dossier.html", 200 if problem is None else problem[1].kind.status, signed=signed,
                  centre=centre, d=view, statuses=statuses, ticket=number, papers=papers, after=after,
                  actions=actions(status, signed.role), checklist=checklist, how=RETURN_HOW,
                  problem=(problem[0], say(request, problem[1])) if problem else None, typed=typed or {},
                  action_url=f"/console/{centre.centre.id}/dossiers/{quote(code)}/actions",
                  due_min=(view["due_at"] or "")[:16], csrf_token=signed.csrf_token)
