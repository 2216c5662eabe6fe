"""The audit view's routes (thin: the reading is log.py): the JSON API for administrators (a token or the console's
session), and the page at /audit/{centre} for an administrator signed in to the console."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from queue_service.api.deps import Centre, Context, require
from queue_service.api.params import CALENDAR_DAY_PATTERN, CalendarDay
from queue_service.audit import log
from queue_service.audit.wording import SOURCES, any_kind_name
from queue_service.auth.roles import Principal, Role
from queue_service.config import CentreConfig
from queue_service.console.web import HEADERS, language, refusal, staff_only
from queue_service.context import ServiceContext
from queue_service.dossiers.status import LABELS, Status
from queue_service.errors import FORBIDDEN, DomainError

router = APIRouter(tags=["audit"])
Admin = Annotated[Principal, Depends(require(Role.admin))]
AuditDay = Annotated[CalendarDay | None, Query(description="the centre's local day (default: today)",
                                               json_schema_extra={"pattern": CALENDAR_DAY_PATTERN})]
Actor = Annotated[str | None, Query(max_length=80, description="who acted, exactly (a staff id, device:<id>, …)")]
Device = Annotated[str | None, Query(max_length=64, description="the device the action came from")]
Counter = Annotated[int | None, Query(ge=1, le=999, description="the counter acted on")]
Kind = Annotated[str | None, Query(max_length=32, description="an event kind or a dossier action")]
Page = Annotated[int, Query(ge=1, le=100_000, description="page number, from 1")]
PerPage = Annotated[int, Query(ge=1, le=log.MAX_PER_PAGE, description="entries per page")]


def _read(context: ServiceContext, centre: CentreConfig, day, page: int, per_page: int, **filters) -> log.AuditPage:
    day = day or context.clock().astimezone(centre.zone).date()
    with context.db.read() as session:
        return log.read(session, centre, day, log.Filters(**filters), page, per_page)


@router.get("/api/v1/centres/{centre}/audit", response_model=log.AuditPage)
def audit_json(context: Context, centre: Centre, _: Admin, day: AuditDay = None, actor: Actor = None,
               device: Device = None, counter: Counter = None, kind: Kind = None, page: Page = 1,
               per_page: PerPage = log.PER_PAGE) -> log.AuditPage:
    """Who did what, when and from which device, on a local day: the queue's events and the dossier journal, newest
    first. Administrators only; no citizen data (dossier notes are left out)."""
    return _read(context, centre, day, page, per_page, actor=actor, device=device, counter=counter, kind=kind)


@functools.cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("queue_service.audit", "templates"), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


# The page's form sends every list, "" for "all": a counter there is text.
FormCounter = Annotated[str | None, Query(pattern=r"^\d{0,3}$", description="the counter acted on, or empty")]


@router.get("/audit/{centre}", include_in_schema=False)
def audit_page(request: Request, context: Context, centre: Centre, day: AuditDay = None, actor: Actor = None,
               device: Device = None, counter: FormCounter = None, kind: Kind = None, page: Page = 1,
               per_page: PerPage = log.PER_PAGE) -> Response:
    found = staff_only(context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    if found.role is not Role.admin:
        return refusal(request, DomainError(FORBIDDEN))
    result = _read(context, centre, day, page, per_page, actor=actor or None, device=device or None,
                   counter=int(counter) if counter else None, kind=kind or None)
    query = {k: v for k, v in (("day", result.day.isoformat()), ("actor", actor), ("device", device),
                               ("counter", counter), ("kind", kind),
                               ("per_page", per_page if per_page != log.PER_PAGE else None)) if v}
    html = _environment().get_template("audit.html").render(
        centre=centre, result=result, query=query, sources=SOURCES, statuses=_statuses(), kind_name=any_kind_name,
        local=lambda at: at.astimezone(centre.zone).strftime("%H:%M:%S"),
        lang=language(request), previous=(result.day - dt.timedelta(days=1)).isoformat(),
        following=(result.day + dt.timedelta(days=1)).isoformat())
    return HTMLResponse(html, headers=HEADERS)


def _statuses() -> dict[int, tuple[str, str]]:
    return {int(status): LABELS[Status(status)] for status in Status}
