"""The report page (server-rendered, Vietnamese first, `?lang=en`): period picker, SVG charts, tables, exports and a
print stylesheet. For managers and administrators signed in to the console; anyone else is refused."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from queue_service.api.deps import Centre, Context
from queue_service.api.params import CalendarDay
from queue_service.auth.roles import Role
from queue_service.console.web import HEADERS, language, refusal, staff_only
from queue_service.errors import FORBIDDEN, DomainError
from queue_service.reports.build import build
from queue_service.reports.document import report_html

router = APIRouter(include_in_schema=False)


@router.get("/reports/{centre}")
def report_page(request: Request, context: Context, centre: Centre,
                kind: Annotated[Literal["day", "week", "month"], Query()] = "month",
                day: Annotated[CalendarDay | None, Query()] = None) -> Response:
    found = staff_only(context, request, centre.centre.id)
    if isinstance(found, Response):
        return found
    if found.role not in (Role.manager, Role.admin):
        return refusal(request, DomainError(FORBIDDEN))
    lang = language(request)
    html = report_html(build(context, centre, kind, day), centre, lang)
    response = HTMLResponse(html, headers=HEADERS)
    if request.query_params.get("lang") in ("vi", "en"):
        response.set_cookie("motcua_lang", lang, max_age=365 * 86400, path="/", samesite="strict")
    return response
