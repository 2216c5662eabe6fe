"""Console routes for the counter a clerk sits at: the picker (which opens it under their staff id), the counter
screen, its state as JSON and its script. The screen's buttons call the counter API with the session and the CSRF
header; it follows the centre's live feed (queue_service/live) and reads its state again on each change."""

from __future__ import annotations


from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from queue_service.api.deps import Centre, Context
from queue_service.api.engine_dep import Engine
from queue_service.auth import csrf
from queue_service.auth.sessions import SignedIn, update_session
from queue_service.console.desk_state import DeskState, desk_state
from queue_service.console.web import HEADERS, Form, at_counter, go, language, refusal, render, script, staff_only
from queue_service.console.wording import table
from queue_service.errors import NOT_FOUND, DomainError
from queue_service.queue.recorder import Actor

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/{centre}/counter")
def counter_picker(request: Request, context: Context, centre: Centre, engine: Engine) -> Response:
    found = staff_only(context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    states = {view.number: view for view in engine.board(centre.centre.id).counters}
    return render(request, "counters.html", signed=found, centre=centre, states=states)


@router.post("/{centre}/counter")
def choose_counter(request: Request, context: Context, centre: Centre, engine: Engine, fields: Form) -> Response:
    found = staff_only(context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    try:
        csrf.check(found.csrf_token, fields.get(csrf.FIELD))
        chosen = fields.get("counter", "")
        number = int(chosen) if chosen.isdigit() else None
        if number is None or centre.counter(number) is None:
            raise DomainError(NOT_FOUND)
        _sit_at(engine, update_session(context.db, found, counter=number))
    except DomainError as refused:
        return refusal(request, refused)
    return go(f"/console/{centre.centre.id}/desk")


@router.get("/{centre}/desk")
def counter_screen(request: Request, context: Context, centre: Centre) -> Response:
    found = at_counter(context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    centre_id, lang = centre.centre.id, language(request)
    page = {"api": f"/api/v1/centres/{centre_id}/counters/{found.counter}", "live": f"/api/v1/centres/{centre_id}/live",
            "state": f"/console/{centre_id}/desk/state", "lang": lang, "words": table(lang),
            "initial": _state(context, found, lang).model_dump(mode="json")}
    return render(request, "desk.html", signed=found, centre=centre, page=page)


@router.get("/{centre}/desk/state")
def counter_screen_state(request: Request, context: Context, centre: Centre) -> Response:
    """What the counter screen shows, read again after each change of the live feed."""
    found = staff_only(context, request, centre.centre.id)
    if isinstance(found, Response) or found.counter is None:
        return JSONResponse({"signed_in": False}, status_code=401, headers=HEADERS)
    return JSONResponse(_state(context, found, language(request)).model_dump(mode="json"), headers=HEADERS)


SCRIPTS = ("desk", "intake")  # queue_service/console/static/*.js, served as they are (no build step)


@router.get("/static/{name}.js")
def console_script(name: str) -> Response:
    return script("queue_service.console", name, SCRIPTS)


def _state(context: Context, signed: SignedIn, lang: str) -> DeskState:
    with context.db.read() as session:
        return desk_state(session, signed.centre, signed.counter, context.clock(), lang)


def _sit_at(engine: Engine, signed: SignedIn) -> None:
    """Open the counter under the clerk's staff id, unless it already is theirs (a paused counter stays paused)."""
    principal = signed.principal()
    state = next(view for view in engine.board(signed.centre.centre.id).counters if view.number == signed.counter)
    if state.status == "closed" or state.staff_id != signed.staff_id:
        engine.open_counter(signed.centre.centre.id, signed.counter, Actor(principal.actor), staff_id=signed.staff_id)
