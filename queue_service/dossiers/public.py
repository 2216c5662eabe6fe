"""The public tracking page `/tra-cuu` and its JSON twin: rate-limited per client IP, no personal data."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from queue_service.api.deps import Context
from queue_service.dossiers.templates import render
from queue_service.dossiers.tracking import lookup
from queue_service.errors import DomainError

router = APIRouter(tags=["tracking"])


def _lookup(context, request: Request, code: str, id4: str | None, token: str | None) -> dict:
    context.lookup_limiter.check(request.client.host if request.client else "unknown")
    return lookup(context.db, code, id_last4=id4, token=token, clock=context.clock, zone_of=lambda c: context.centre(c).zone)


@router.get("/api/v1/tracking/{code}")
def track_json(context: Context, request: Request, code: str, id4: str | None = None, t: str | None = None) -> dict:
    return _lookup(context, request, code, id4, t)


@router.get("/tra-cuu", response_class=HTMLResponse)
def track_page(context: Context, request: Request, ma: str = "", id4: str | None = None, t: str | None = None) -> HTMLResponse:
    view, error, status = None, None, 200
    if ma:
        try:
            view = _lookup(context, request, ma, id4, t)
        except DomainError as exc:
            error, status = {"vi": exc.message_vi, "en": exc.message_en}, exc.kind.status
    return HTMLResponse(render("tracking.html", code=ma, v=view, error=error), status_code=status)
