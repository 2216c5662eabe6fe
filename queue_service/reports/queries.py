"""Every figure of a report, as SQL aggregates over the stored rows (tickets, the projection of the ticket event log;
ratings; dossiers and their event log): the database counts, sums and ranks; Python never sees a row per ticket.

Each function returns {group value: {figure: value}}; `by` names the grouping (the *_GROUPS keys), "all" the whole centre."""

from __future__ import annotations

from sqlalchemy import and_, case, exists, func, literal, select
from sqlalchemy.orm import Session

from queue_service.dossiers import reports as dossier_reports
from queue_service.dossiers.status import Status
from queue_service.dossiers.tables import Dossier, DossierEvent
from queue_service.queue.projection import CANCELLED, DONE, NO_SHOW
from queue_service.queue.tables import Ticket, TicketEvent
from queue_service.ratings.tables import Rating
from queue_service.reports.period import Period

ALL = "all"
# What a ticket is counted under: the queue it ended in (a transfer moves it), the counter and clerk that called it
# last, its local day. Ratings carry the same three on their own row.
TICKET_GROUPS = {"field": Ticket.field_code, "counter": Ticket.counter, "clerk": Ticket.staff_id, "day": Ticket.service_day}
RATING_GROUPS = {"field": Rating.field_code, "counter": Rating.counter, "clerk": Rating.staff_id, "day": Rating.service_day}
DOSSIER_GROUPS = {"field": Dossier.field_code, "agency": Dossier.agency_id}
CLOSE_ENOUGH_S = 300  # a printed estimate within 5 minutes of the real wait counts as "close"


def seconds(session: Session, start, end):
    """end − start in seconds, in SQL: SQLite keeps UTC text (julianday), PostgreSQL timestamps (epoch)."""
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 86400.0
    return func.extract("epoch", end - start)


def _wait(session):
    """From issue to the call that brought the citizen to the counter (the last call, after a return)."""
    return seconds(session, Ticket.issued_at, Ticket.called_at)


def _service(session):
    """From Start (or the call, when Start was never pressed) to Finish, served tickets only: the estimator's rule."""
    return case((Ticket.state == DONE, seconds(session, func.coalesce(Ticket.started_at, Ticket.called_at), Ticket.finished_at)))


def _in_period(centre_id: str, period: Period):
    return (Ticket.centre_id == centre_id, Ticket.service_day >= period.first, Ticket.service_day <= period.last)


def _key(groups: dict, by: str):
    return literal(ALL) if by == ALL else groups[by]


def _ticket_rows(session: Session, centre_id: str, period: Period, key):
    """One row per ticket of the period with its group and its times in seconds, computed once per ticket (SQLite
    parses each timestamp text again at every use)."""
    voided = and_(Ticket.state == CANCELLED, exists().where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind == "voided"))
    return (
        select(key.label("g"), Ticket.state.label("state"), case((voided, 1), else_=0).label("voided"),
               _wait(session).label("wait"), _service(session).label("service"), Ticket.estimated_wait_s.label("estimate"))
        .where(*_in_period(centre_id, period))
        .subquery()
    )


def tickets(session: Session, centre_id: str, period: Period, by: str = ALL) -> dict:
    """Issued (a voided number, never printed, does not count), served, no-shows, cancelled; waits and service
    times (mean, p90, max); how far the printed estimate was from the real wait."""
    rows = _ticket_rows(session, centre_id, period, _key(TICKET_GROUPS, by))
    error = rows.c.wait - rows.c.estimate  # null without an estimate or without a call
    # PostgreSQL ranks in the same pass (percentile_disc is the nearest rank); SQLite has no such aggregate: p90s().
    ordered = session.get_bind().dialect.name == "postgresql"
    percentiles = [func.percentile_disc(0.9).within_group(column) for column in (rows.c.wait, rows.c.service)] if ordered else []
    query = (
        select(
            rows.c.g, func.count(), func.sum(rows.c.voided),
            func.sum(case((rows.c.state == DONE, 1), else_=0)), func.sum(case((rows.c.state == NO_SHOW, 1), else_=0)),
            func.sum(case((rows.c.state == CANCELLED, 1), else_=0)),
            func.avg(rows.c.wait), func.max(rows.c.wait), func.avg(rows.c.service),
            func.count(error), func.avg(error), func.avg(func.abs(error)),
            # rounded: SQLite's julianday is not exact to the microsecond, and 300 s must count as within 5 minutes
            func.sum(case((func.round(func.abs(error)) <= CLOSE_ENOUGH_S, 1), else_=0)),
            *percentiles,
        )
        .group_by(rows.c.g)
    )
    out = {}
    for row in session.execute(query):
        group, total, n_voided, served, no_show, cancelled, wait_mean, wait_max, service_mean, n_est, bias, abs_err, close = row[:13]
        n_voided = int(n_voided or 0)
        out[group] = {
            "issued": total - n_voided, "served": int(served or 0), "no_shows": int(no_show or 0),
            "cancelled": int(cancelled or 0) - n_voided, "wait_mean_s": _s(wait_mean), "wait_max_s": _s(wait_max),
            "service_mean_s": _s(service_mean), "estimated": n_est, "estimate_bias_s": _s(bias),
            "estimate_abs_error_s": _s(abs_err), "estimate_close_share": _share(close, n_est),
        }
        if ordered:
            out[group].update(wait_p90_s=_s(row[13]), service_p90_s=_s(row[14]))
    for name, column in () if ordered else (("wait_p90_s", rows.c.wait), ("service_p90_s", rows.c.service)):
        for group, p90 in p90s(session, rows.c.g, column, whole=by == ALL).items():
            out.setdefault(group, {})[name] = _s(p90)
    return out


def p90s(session: Session, group, value, *, whole: bool) -> dict:
    """The 90th percentile of `value` per `group` (columns of one subquery), nearest-rank: the smallest value with at
    least 90 % of the values at or below it, rank ⌈0.9·n⌉ (what PostgreSQL's percentile_disc(0.9) gives), ranked by
    the database's window functions."""
    partition = None if whole else group
    ranked = (
        select(group.label("g"), value.label("x"), func.row_number().over(partition_by=partition, order_by=value).label("rn"),
               func.count().over(partition_by=partition).label("n"))
        .where(value.is_not(None))
        .subquery()
    )
    # rn = ⌈0.9·n⌉ in integers: 10·rn ≥ 9·n > 10·(rn − 1)
    query = select(ranked.c.g, ranked.c.x).where(ranked.c.rn * 10 >= ranked.c.n * 9, (ranked.c.rn - 1) * 10 < ranked.c.n * 9)
    return {g: x for g, x in session.execute(query)}


def ratings(session: Session, centre_id: str, period: Period, by: str = ALL) -> dict:
    """Ratings given in the period (by the local day they were given): count per value of the scale."""
    key = _key(RATING_GROUPS, by)
    query = (
        select(key, Rating.value, func.count())
        .where(Rating.centre_id == centre_id, Rating.service_day >= period.first, Rating.service_day <= period.last)
        .group_by(key, Rating.value)
    )
    out: dict = {}
    for group, value, n in session.execute(query):
        out.setdefault(group, {})[value] = n
    return out


def dossiers(session: Session, centre_id: str, period: Period, by: str = ALL) -> dict:
    """Dossiers received (accepted: the clock started) and returned (status 10) in the period, and the Decision 766
    classes of those completed in it (dossiers/reports.rates, the portal formula as SQL)."""
    key = _key(DOSSIER_GROUPS, by)
    begin, end = period.begin, period.end
    out: dict = {}
    received = (
        select(key, func.count())
        .where(Dossier.centre_id == centre_id, Dossier.received_at >= begin, Dossier.received_at < end)
        .group_by(key)
    )
    for group, n in session.execute(received):
        out.setdefault(group, {})["received"] = n
    returned = (
        select(key, func.count(func.distinct(Dossier.id)))
        .join(DossierEvent, DossierEvent.dossier_id == Dossier.id)
        .where(Dossier.centre_id == centre_id, DossierEvent.to_status == int(Status.DONE),
               DossierEvent.at >= begin, DossierEvent.at < end)
        .group_by(key)
    )
    for group, n in session.execute(returned):
        out.setdefault(group, {})["returned"] = n
    # The whole centre is the total of the per-field rows (grouping by the centre id makes a slower plan).
    rates = dossier_reports.rates(session, centre_id, period.zone, period.first, period.last, "field" if by == ALL else by)
    for group, row in ([(ALL, rates["total"])] if by == ALL else [(row[by], row) for row in rates["rows"]]):
        out.setdefault(group, {}).update({k: row[k] for k in (
            "completed", "early", "on_time", "late", "open_in_time", "open_overdue", "in_time_rate")})
    return out


def _s(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _share(part, whole) -> float | None:
    return round(int(part or 0) / whole, 4) if whole else None
