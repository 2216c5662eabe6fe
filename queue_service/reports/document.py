"""The report as one HTML document (period, figures, inline SVG charts, tables, an A4 landscape print stylesheet):
the page shows it, and the PDF export (reports/api.py) prints it."""

from __future__ import annotations

import datetime as dt
import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from queue_service.config import CentreConfig
from queue_service.reports import charts, columns
from queue_service.reports.model import Report
from queue_service.reports.period import KINDS, Period
from queue_service.reports.wording import pick

WAIT, P90 = "#1565c0", "#90caf9"
EARLY, ON_TIME, LATE = "#2e7d32", "#81c784", "#c62828"
LEVEL_COLOURS = ("#2e7d32", "#7cb342", "#f9a825", "#ef6c00", "#c62828")


@functools.cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("queue_service.reports", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["vn_number"] = _number
    return env


def report_html(result: Report, centre: CentreConfig, lang: str) -> str:
    """The report page's HTML: the page itself and its PDF (reports/api.py) are the same document."""
    t = pick(lang)
    kind = result.period.kind
    period = Period.around(kind, dt.date.fromisoformat(result.period.first), centre.zone)
    base = f"/reports/{centre.centre.id}"
    api = f"/api/v1/centres/{centre.centre.id}/reports/{kind}"
    exports = {name: f"{api}/{name}?day={result.period.first}&lang={lang}" for name in ("pdf", "xlsx", "csv")}
    return _environment().get_template("report.html").render(
        t=t, lang=lang, report=result, kinds=KINDS, kind=kind, day=result.period.first,
        toggle=f"{base}?kind={kind}&day={result.period.first}&lang={'en' if lang == 'vi' else 'vi'}",
        previous=f"{base}?kind={kind}&day={period.shifted(-1).first}", following=f"{base}?kind={kind}&day={period.shifted(1).first}",
        **exports, charts=_charts(result, t, lang), columns=columns.columns(result), sections=columns.SECTIONS,
        rows=functools.partial(columns.section_rows, result), first_part=len(columns.FIXED),
        first=_day(result.period.first), last=_day(result.period.last), shown=_shown,
    )


def _charts(report: Report, t, lang: str) -> list:
    def name(row):
        return row.name_vi if lang == "vi" else row.name_en

    number = functools.partial(_number, lang=lang)
    minutes = lambda s: None if s is None else round(s / 60, 1)  # noqa: E731
    timed = [row for row in report.by_field if row.figures.wait_mean_s is not None]
    waits = charts.chart(t("waits_chart"), [charts.Series(t("wait_mean"), WAIT), charts.Series(t("wait_p90"), P90)], [
        charts.Bar(name(row), (minutes(row.figures.wait_mean_s), minutes(row.figures.wait_p90_s)),
                   (t("minutes", v=number(minutes(row.figures.wait_mean_s))), t("minutes", v=number(minutes(row.figures.wait_p90_s)))))
        for row in timed])
    total = report.total.ratings_total or 0
    counts = report.total.ratings or {}
    ratings = charts.chart(t("ratings_chart"), [charts.Series("", LEVEL_COLOURS[0])], [
        charts.Bar(level.name_vi if lang == "vi" else level.name_en, (counts.get(str(level.value), 0),),
                   (f"{counts.get(str(level.value), 0)} ({number(round(100 * counts.get(str(level.value), 0) / total, 1)) if total else 0}%)",),
                   colour=_level_colour(index, len(report.scale)))
        for index, level in enumerate(report.scale)])
    done = [row for row in report.by_field if row.figures.dossiers_completed]
    on_time = charts.chart(t("on_time_chart"), [charts.Series(t("early"), EARLY), charts.Series(t("on_time"), ON_TIME),
                                                charts.Series(t("late"), LATE)], [
        charts.Bar(name(row), tuple(n / row.figures.dossiers_completed for n in (
            row.figures.dossiers_early, row.figures.dossiers_on_time, row.figures.dossiers_late)),
            (t("in_time_of", pct=number(round(100 * row.figures.in_time_rate, 1)), n=row.figures.dossiers_completed),))
        for row in done], stacked=True)
    return [waits, ratings, on_time]


def _level_colour(index: int, levels: int) -> str:
    """Best level green, worst red, whatever the scale's length (3, 4 or 5 levels)."""
    return LEVEL_COLOURS[round(index * (len(LEVEL_COLOURS) - 1) / max(1, levels - 1))]


def _shown(rows, cols) -> bool:
    """A table part with no figure in any row (the agencies' queue part: tickets have no agency) is left out."""
    return any(c.value(row.figures) is not None for row in rows for c in cols)


def _number(value, lang: str = "vi") -> str:
    """A figure as people read it: in Vietnamese a decimal comma and a dot between thousands; "—" for nothing."""
    if value is None:
        return "—"
    text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
    if text.endswith(".0"):
        text = text[:-2]
    return text if lang == "en" else text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
