"""The public tracking page `/tra-cuu` and its JSON twins: rate-limited per client IP, no personal data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from queue_service.api.declared_errors import raises
from queue_service.api.deps import Context
from queue_service.dossiers.templates import render
from queue_service.dossiers.tracking import LOOKUP_NEEDS_SECRET, NOT_FOUND_OR_MISMATCH, RATE_LIMITED, lookup
from queue_service.errors import DomainError

router = APIRouter(tags=["tracking"])
LOOKUP = (NOT_FOUND_OR_MISMATCH, RATE_LIMITED)
# The page answers its refusals as the page itself, with the message in it.
PAGE_REFUSALS = {kind.status: {"description": f"`{kind.code}`: {kind.en} (the page, with the message)",
                               "content": {"text/html": {"schema": {"type": "string"}}}} for kind in LOOKUP}


def _lookup(context, request: Request, code: str, id4: str | None, token: str | None) -> dict:
    context.lookup_limiter.check(request.client.host if request.client else "unknown")
    return lookup(context.db, code, id_last4=id4, token=token, clock=context.clock, zone_of=lambda c: context.centre(c).zone)


@router.get("/api/v1/tracking/{code}")
@raises(*LOOKUP)
def track_json(context: Context, request: Request, code: str,
               id4: Annotated[str, Query(pattern="^[0-9]{4}$", description="last 4 digits of the ID number")]) -> dict:
    return _lookup(context, request, code, id4, None)


@router.get("/api/v1/tracking/{code}/token/{token}")
@raises(*LOOKUP)
def track_json_by_token(context: Context, request: Request, code: str,
                        token: Annotated[str, Path(description="the token of the receipt's QR code (its `t=`)")]) -> dict:
    return _lookup(context, request, code, None, token)


@router.get("/tra-cuu", response_class=HTMLResponse, responses=PAGE_REFUSALS)
def track_page(context: Context, request: Request, ma: str = "", id4: str | None = None, t: str | None = None) -> HTMLResponse:
    """The form, and the dossier once the code and the last 4 ID digits (or the receipt QR's token) are given."""
    view, error, status = None, None, 200
    if ma:
        try:
            view = _lookup(context, request, ma, id4, t)
        except DomainError as exc:
            error = {"vi": exc.message_vi, "en": exc.message_en}
            # A form sent without its secret is shown again, asking for it; any other refusal keeps its status.
            status = 200 if exc.kind is LOOKUP_NEEDS_SECRET else exc.kind.status
    return HTMLResponse(render("tracking.html", code=ma, v=view, error=error), status_code=status)
