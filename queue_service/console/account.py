"""Console routes for signing in, the forced (or chosen) password change, and signing out."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from queue_service.api.deps import Centre, Context
from queue_service.auth import csrf
from queue_service.auth.passwords import MIN_LENGTH, change_password
from queue_service.auth.sessions import COOKIE, close_session, open_session, update_session
from queue_service.auth.signin import sign_in
from queue_service.config import CentreConfig
from queue_service.console.web import (SIGN_IN_CSRF_COOKIE, Form, go, next_page, refusal, render, say,
                                       set_cookie, signed_in, staff_only, word)
from queue_service.errors import DomainError

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("")
def console(context: Context) -> RedirectResponse:
    return go(f"/console/{sorted(context.centres)[0]}/sign-in")


@router.get("/{centre}/sign-in")
def sign_in_page(request: Request, context: Context, centre: Centre) -> Response:
    found = signed_in(context, request, centre.centre.id)
    return go(next_page(found)) if found is not None else _sign_in_form(request, centre)


@router.post("/{centre}/sign-in")
def sign_in_submit(request: Request, context: Context, centre: Centre, fields: Form) -> Response:
    try:
        csrf.check(request.cookies.get(SIGN_IN_CSRF_COOKIE), fields.get(csrf.FIELD))
    except DomainError as refused:
        return refusal(request, refused)
    staff_id, now = fields.get("staff_id", "").strip(), context.clock()
    address = request.client.host if request.client else "unknown"
    try:
        verified = sign_in(context.db, centre, staff_id, fields.get("password", ""), address, now)
    except DomainError as refused:
        return _sign_in_form(request, centre, refused.kind.status, say(request, refused), staff_id)
    lifetime = dt.timedelta(hours=context.settings.session_hours)
    secret = open_session(context.db, centre.centre.id, staff_id, verified.must_change, now, lifetime)
    response = go(f"/console/{centre.centre.id}/sign-in")  # which sends the new session on to its next page
    set_cookie(request, response, COOKIE, secret, max_age=int(lifetime.total_seconds()))
    response.delete_cookie(SIGN_IN_CSRF_COOKIE, path="/")
    return response


@router.get("/{centre}/password")
def password_page(request: Request, context: Context, centre: Centre) -> Response:
    found = staff_only(context, request, centre.centre.id, ready=False)
    if isinstance(found, Response):
        return found
    return render(request, "password.html", signed=found, first=found.must_change, min_length=MIN_LENGTH, error=None)


@router.post("/{centre}/password")
def password_submit(request: Request, context: Context, centre: Centre, fields: Form) -> Response:
    found = staff_only(context, request, centre.centre.id, ready=False)
    if isinstance(found, Response):
        return found
    try:
        csrf.check(found.csrf_token, fields.get(csrf.FIELD))
    except DomainError as refused:
        return refusal(request, refused)
    new = fields.get("new_password", "")
    error = word(request, "passwords_differ") if new != fields.get("repeat_password") else None
    if error is None:
        try:
            change_password(context.db, centre.centre.id, found.staff_id, fields.get("current_password", ""), new,
                            context.clock())
        except DomainError as refused:
            error = say(request, refused)
    if error is not None:
        return render(request, "password.html", 422, signed=found, first=found.must_change, min_length=MIN_LENGTH,
                      error=error)
    return go(next_page(update_session(context.db, found, must_change=False)))


@router.post("/{centre}/sign-out")
def sign_out(request: Request, context: Context, centre: Centre, fields: Form) -> Response:
    found = signed_in(context, request, centre.centre.id)
    if found is not None:
        try:
            csrf.check(found.csrf_token, fields.get(csrf.FIELD))
        except DomainError as refused:
            return refusal(request, refused)
        close_session(context.db, found)
    response = go(f"/console/{centre.centre.id}/sign-in")
    response.delete_cookie(COOKIE, path="/")
    return response


def _sign_in_form(request: Request, centre: CentreConfig, status: int = 200, error: str | None = None,
                  staff_id: str = "") -> HTMLResponse:
    token = request.cookies.get(SIGN_IN_CSRF_COOKIE) or csrf.new_token()
    response = render(request, "sign_in.html", status, centre=centre, token=token, error=error, staff_id=staff_id)
    set_cookie(request, response, SIGN_IN_CSRF_COOKIE, token)
    return response
