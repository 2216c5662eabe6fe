"""The managers' view of ratings: per local day, counts per value by clerk, by counter and by field. Counts only: no
ticket, no dossier, nothing about the citizen (Decree 13/2023)."""

from __future__ import annotations

import collections
import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from queue_service.config import CentreConfig
from queue_service.errors import DomainError, kind
from queue_service.ratings.prompt import REASONS
from queue_service.ratings.tables import Rating

MAX_DAYS = 366
BAD_RANGE = kind("bad_range", 422, "Khoảng ngày không hợp lệ: từ {start} đến {end} (tối đa {max} ngày)",
                 "Invalid date range: {start} to {end} (at most {max} days)")
OTHER_REASON = REASONS[-1]  # anything a tablet sends that is not one of the chips is counted as "other"


def _group(counts: dict) -> dict:
    total = sum(counts.values())
    mean = sum(value * n for value, n in counts.items()) / total if total else None
    return {"total": total, "counts": {str(v): n for v, n in sorted(counts.items(), reverse=True)},
            "average": round(mean, 2) if mean is not None else None}


def daily(session: Session, centre: CentreConfig, start: dt.date, end: dt.date) -> dict:
    if end < start or (end - start).days >= MAX_DAYS:
        raise DomainError(BAD_RANGE, start=start.isoformat(), end=end.isoformat(), max=MAX_DAYS)
    where = (Rating.centre_id == centre.centre.id, Rating.service_day >= start, Rating.service_day <= end)
    rows = session.execute(
        select(Rating.service_day, Rating.staff_id, Rating.counter, Rating.field_code, Rating.value, func.count())
        .where(*where).group_by(Rating.service_day, Rating.staff_id, Rating.counter, Rating.field_code, Rating.value)
    ).all()
    reasons = session.execute(
        select(Rating.service_day, Rating.reason, func.count()).where(*where, Rating.reason.is_not(None))
        .group_by(Rating.service_day, Rating.reason)
    ).all()
    days: dict[dt.date, dict] = collections.defaultdict(lambda: {
        "all": collections.Counter(), "clerk": collections.defaultdict(collections.Counter),
        "counter": collections.defaultdict(collections.Counter), "field": collections.defaultdict(collections.Counter),
        "reasons": collections.Counter()})
    for day, staff, counter, field, value, n in rows:
        d = days[day]
        d["all"][value] += n
        d["clerk"][staff][value] += n
        d["counter"][counter][value] += n
        d["field"][field][value] += n
    for day, reason, n in reasons:
        days[day]["reasons"][reason if reason in REASONS else OTHER_REASON] += n
    staff_names = {s.id: s.name for s in centre.staff}
    return {
        "centre": centre.centre.id, "from": start.isoformat(), "to": end.isoformat(),
        "scale": [{"value": r.value, "name_vi": r.name_vi, "name_en": r.name_en}
                  for r in sorted(centre.rating_scale, key=lambda r: r.value, reverse=True)],
        "days": [_day(day, days[day], centre, staff_names) for day in sorted(days)],
    }


def _day(day: dt.date, d: dict, centre: CentreConfig, staff_names: dict) -> dict:
    def names(code):
        field = centre.field(code)
        return {"name_vi": field.name_vi, "name_en": field.name_en} if field else {}

    return {
        "day": day.isoformat(), **_group(d["all"]),
        "by_clerk": [{"staff_id": s, "name": staff_names.get(s), **_group(c)}
                     for s, c in sorted(d["clerk"].items(), key=lambda item: item[0] or "")],
        "by_counter": [{"counter": n, **_group(c)} for n, c in sorted(d["counter"].items())],
        "by_field": [{"field": f, **names(f), **_group(c)} for f, c in sorted(d["field"].items())],
        "reasons": dict(d["reasons"].most_common()),
    }
