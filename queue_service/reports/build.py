"""Assembles a report from the queries: figures per group, the groups' names, the period and its working days."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.calendar.store import calendar_for
from queue_service.config import CentreConfig
from queue_service.context import ServiceContext
from queue_service.dossiers.tables import Procedure
from queue_service.reports import queries
from queue_service.reports.model import Figures, Level, PeriodView, Report, Row
from queue_service.reports.period import Period

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
SATISFIED_LEVELS = 2  # "satisfied" = the scale's two best levels (Rất hài lòng, Hài lòng on the default scale)


def build(context: ServiceContext, centre: CentreConfig, kind: str, day: dt.date | None) -> Report:
    """The one way the API, the exports, the page and its PDF get a report: the period of `kind` around `day`
    (default: today in the centre's time zone)."""
    day = day or context.clock().astimezone(centre.zone).date()
    with context.db.read() as session:
        return report(session, centre, Period.around(kind, day, centre.zone))


def report(session: Session, centre: CentreConfig, period: Period) -> Report:
    centre_id = centre.centre.id
    scale = sorted(centre.rating_scale, key=lambda level: level.value, reverse=True)
    satisfied = {level.value for level in scale[:SATISFIED_LEVELS]}

    def figures(by: str, *, with_dossiers: bool, with_tickets: bool = True) -> dict:
        merged: dict = {}
        if with_tickets:
            for group, values in queries.tickets(session, centre_id, period, by).items():
                merged.setdefault(group, {}).update(values)
            for group, counts in queries.ratings(session, centre_id, period, by).items():
                merged.setdefault(group, {}).update(_ratings(counts, scale, satisfied))
        if with_dossiers:
            for group, values in queries.dossiers(session, centre_id, period, by).items():
                merged.setdefault(group, {}).update({_dossier_name(k): v for k, v in values.items()})
        return {group: Figures(**values) for group, values in merged.items() if group is not None}

    names = _Names(session, centre)
    total = figures(queries.ALL, with_dossiers=True).get(queries.ALL, Figures())
    return Report(
        centre=centre_id, centre_name_vi=centre.centre.name_vi, centre_name_en=centre.centre.name_en,
        period=PeriodView(kind=period.kind, first=period.first.isoformat(), last=period.last.isoformat(),
                          timezone=centre.centre.timezone, working_days=period.working_days(calendar_for(session, centre))),
        scale=[Level(value=level.value, name_vi=level.name_vi, name_en=level.name_en) for level in scale],
        total=total,
        by_field=names.rows("field", figures("field", with_dossiers=True)),
        by_counter=names.rows("counter", figures("counter", with_dossiers=False)),
        by_clerk=names.rows("clerk", figures("clerk", with_dossiers=False)),
        by_agency=names.rows("agency", figures("agency", with_dossiers=True, with_tickets=False)),
        by_day=names.rows("day", figures("day", with_dossiers=False)),
    )


def _ratings(counts: dict, scale, satisfied: set[int]) -> dict:
    total = sum(counts.values())
    return {"ratings_total": total, "ratings": {str(level.value): counts.get(level.value, 0) for level in scale},
            "satisfied_share": round(sum(n for v, n in counts.items() if v in satisfied) / total, 4) if total else None}


def _dossier_name(figure: str) -> str:
    return figure if figure == "in_time_rate" else f"dossiers_{figure}"


class _Names:
    """Vietnamese and English names of each group, in the order a manager reads them."""

    def __init__(self, session: Session, centre: CentreConfig) -> None:
        self.centre = centre
        self.staff = {s.id: s.name for s in centre.staff}
        query = select(Procedure.agency_id, Procedure.agency_name).where(Procedure.centre_id == centre.centre.id).distinct()
        self.agencies = dict(session.execute(query).all())

    def rows(self, by: str, groups: dict) -> list[Row]:
        order = {"field": [f.code for f in self.centre.fields], "counter": [c.number for c in self.centre.counters]}.get(by)
        keys = sorted(groups, key=(lambda k: (order.index(k) if k in order else len(order), str(k))) if order else str)
        return [Row(key=str(key), **self.name(by, key), figures=groups[key]) for key in keys]

    def name(self, by: str, key) -> dict:
        if by == "field":
            field = self.centre.field(key)
            return {"name_vi": field.name_vi, "name_en": field.name_en} if field else {"name_vi": key, "name_en": key}
        if by == "counter":
            return {"name_vi": f"Quầy số {key}", "name_en": f"Counter {key}"}
        if by == "clerk":
            name = self.staff.get(key, key)
            return {"name_vi": name, "name_en": name}
        if by == "agency":
            name = self.agencies.get(key, key)
            return {"name_vi": name, "name_en": name}
        day: dt.date = key
        return {"name_vi": f"{WEEKDAYS_VI[day.weekday()]} {day:%d/%m/%Y}", "name_en": f"{day:%a %d/%m/%Y}"}
