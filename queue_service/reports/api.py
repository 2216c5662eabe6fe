"""Report routes (thin: the figures are queries.py, the table columns.py): the JSON report and its CSV, XLSX and PDF
exports, for managers and administrators, by token or by the console's session."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from queue_service.api.deps import Centre, Context, require
from queue_service.api.params import CALENDAR_DAY_PATTERN, CalendarDay
from queue_service.auth.roles import Principal, Role
from queue_service.pdf import PDF_TYPE, html_to_pdf
from queue_service.reports import export
from queue_service.reports.build import build
from queue_service.reports.document import report_html
from queue_service.reports.model import Report
from queue_service.reports.period import Kind

router = APIRouter(prefix="/api/v1/centres/{centre}/reports", tags=["reports"])
Leader = Annotated[Principal, Depends(require(Role.manager, Role.admin))]
PeriodKind = Annotated[Kind, Path(description="day, its ISO week (Monday to Sunday) or its calendar month")]
AroundDay = Annotated[CalendarDay | None, Query(description="a local day within the period (default: today)",
                                                 json_schema_extra={"pattern": CALENDAR_DAY_PATTERN})]
Lang = Annotated[Literal["vi", "en"], Query(description="language of the headers and names")]


@router.get("/{kind}", response_model=Report)
def report_json(context: Context, centre: Centre, _: Leader, kind: PeriodKind, day: AroundDay = None) -> Report:
    """Tickets, waits, service times, no-shows, ratings, dossiers (Decision 766) and printed-estimate accuracy, for the
    whole centre and per field, counter, clerk, agency and day; every figure computed in the database."""
    return build(context, centre, kind, day)


def _file(content: bytes, media_type: str, name: str) -> Response:
    return Response(content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _binary(media_type: str, what: str) -> dict:
    return {200: {"description": what, "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}


@router.get("/{kind}/csv", response_class=Response, responses=_binary("text/csv", "the report as one CSV table (UTF-8)"))
def report_csv(context: Context, centre: Centre, _: Leader, kind: PeriodKind, day: AroundDay = None,
               lang: Lang = "vi") -> Response:
    result = build(context, centre, kind, day)
    return _file(export.to_csv(result, lang), export.CSV_TYPE, export.filename(result, "csv"))


@router.get("/{kind}/xlsx", response_class=Response, responses=_binary(export.XLSX_TYPE, "the report as an Excel workbook"))
def report_xlsx(context: Context, centre: Centre, _: Leader, kind: PeriodKind, day: AroundDay = None,
                lang: Lang = "vi") -> Response:
    result = build(context, centre, kind, day)
    return _file(export.to_xlsx(result, lang), export.XLSX_TYPE, export.filename(result, "xlsx"))


@router.get("/{kind}/pdf", response_class=Response, responses=_binary(PDF_TYPE, "the report page printed to PDF (A4 landscape)"))
async def report_pdf(context: Context, centre: Centre, _: Leader, kind: PeriodKind, day: AroundDay = None,
                     lang: Lang = "vi") -> Response:
    """The report page as it prints (charts, tables, its A4 landscape print stylesheet), made on the server."""
    result = await run_in_threadpool(build, context, centre, kind, day)
    pdf = await run_in_threadpool(html_to_pdf, report_html(result, centre, lang))
    return _file(pdf, PDF_TYPE, export.filename(result, "pdf"))
