"""Console routes for the counter a clerk sits at: the picker (which opens it under their staff id) and the counter
screen, whose buttons call the counter API with the session and the CSRF header (no server-sent events yet)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from queue_service.api.deps import Centre, Context
from queue_service.api.engine_dep import Engine
from queue_service.auth import csrf
from queue_service.auth.sessions import SignedIn, update_session
from queue_service.console.web import Form, go, refusal, render, staff_only
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
def counter_screen(request: Request, context: Context, centre: Centre, engine: Engine) -> Response:
    found = staff_only(context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    if found.counter is None:
        return go(f"/console/{centre.centre.id}/counter")
    board = engine.board(centre.centre.id)
    state = next(view for view in board.counters if view.number == found.counter)
    served = {served.field for served in centre.counter(found.counter).fields}
    waiting = [field for field in board.fields if field.field.code in served]
    return render(request, "desk.html", signed=found, centre=centre, state=state, waiting=waiting,
                  api=f"/api/v1/centres/{centre.centre.id}/counters/{found.counter}")


def _sit_at(engine: Engine, signed: SignedIn) -> None:
    """Open the counter under the clerk's staff id, unless it already is theirs (a paused counter stays paused)."""
    principal = signed.principal()
    state = next(view for view in engine.board(signed.centre.centre.id).counters if view.number == signed.counter)
    if state.status == "closed" or state.staff_id != signed.staff_id:
        engine.open_counter(signed.centre.centre.id, signed.counter, Actor(principal.actor), staff_id=signed.staff_id)
