"""The audit log of one local day: the queue's events and the dossier journal as one list, newest first, filtered by
actor, device, counter and kind, a page at a time. Both sources are merged in the database (UNION ALL), so a page
costs one query and the count another, whatever the day holds. Dossier notes are left out: a clerk's free text may
name the citizen; the dossier's code is enough to open it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field
from sqlalchemy import Integer, String, cast, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from queue_service.audit.wording import SOURCES, kind_name
from queue_service.config import CentreConfig
from queue_service.dossiers.tables import Dossier, DossierEvent
from queue_service.queue.tables import Ticket, TicketEvent

PER_PAGE, MAX_PER_PAGE = 50, 200


class Filters(BaseModel):
    actor: str | None = Field(None, description="staff id, `device:<id>` or `<role>:<token>`, exactly")
    device: str | None = Field(None, description="the device the action came from (kiosk-1, counter-05, …)")
    counter: int | None = Field(None, description="the counter acted on (queue events only)")
    kind: str | None = Field(None, description="the event kind (issued, called, …) or dossier action (accept, …)")


class Entry(BaseModel):
    at: dt.datetime
    source: str = Field(description="queue or dossier")
    kind: str
    kind_vi: str
    kind_en: str
    actor: str = Field(description="who: a staff id, `device:<id>`, `<role>:<token>` or system")
    device: str | None = Field(None, description="from which device, when it came from one")
    counter: int | None = None
    ticket: str | None = Field(None, description="the ticket's number")
    dossier: str | None = Field(None, description="the dossier's code")
    from_status: int | None = None
    to_status: int | None = None


class Choices(BaseModel):
    """What the day's log holds, for the page's filter lists."""

    actors: list[str]
    devices: list[str]
    counters: list[int]
    kinds: list[str]


class AuditPage(BaseModel):
    day: dt.date
    filters: Filters
    entries: list[Entry]
    total: int
    page: int
    per_page: int
    pages: int
    choices: Choices


def _day(centre: CentreConfig, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    begin = dt.datetime.combine(day, dt.time(), tzinfo=centre.zone)
    return begin, begin + dt.timedelta(days=1)


def _union(centre: CentreConfig, day: dt.date):
    begin, end = _day(centre, day)
    queue = (
        select(TicketEvent.id.label("id"), TicketEvent.at.label("at"), literal("queue").label("source"),
               TicketEvent.kind.label("kind"), TicketEvent.actor.label("actor"), TicketEvent.device.label("device"),
               TicketEvent.counter.label("counter"), Ticket.number.label("ticket"),
               cast(null(), String).label("dossier"), cast(null(), Integer).label("from_status"),
               cast(null(), Integer).label("to_status"))
        .outerjoin(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.centre_id == centre.centre.id, TicketEvent.at >= begin, TicketEvent.at < end)
    )
    dossier = (
        select(DossierEvent.id, DossierEvent.at, literal("dossier"), DossierEvent.action, DossierEvent.actor,
               cast(null(), String), cast(null(), Integer), cast(null(), String), Dossier.code,
               DossierEvent.from_status, DossierEvent.to_status)
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .where(Dossier.centre_id == centre.centre.id, DossierEvent.at >= begin, DossierEvent.at < end)
    )
    return union_all(queue, dossier).subquery("audit")


def read(session: Session, centre: CentreConfig, day: dt.date, filters: Filters, page: int = 1,
         per_page: int = PER_PAGE) -> AuditPage:
    log = _union(centre, day)
    where = [getattr(log.c, name) == value for name, value in filters.model_dump().items() if value is not None]
    total = session.scalar(select(func.count()).select_from(log).where(*where))
    rows = session.execute(
        select(log).where(*where).order_by(log.c.at.desc(), log.c.source, log.c.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    entries = []
    for row in rows:
        vi, en = kind_name(row.source, row.kind)
        entries.append(Entry(at=row.at, source=row.source, kind=row.kind, kind_vi=vi, kind_en=en, actor=row.actor,
                             device=row.device, counter=row.counter, ticket=row.ticket, dossier=row.dossier,
                             from_status=row.from_status, to_status=row.to_status))
    return AuditPage(day=day, filters=filters, entries=entries, total=total, page=page, per_page=per_page,
                     pages=max(1, -(-total // per_page)), choices=_choices(session, log))


def _choices(session: Session, log) -> Choices:
    def distinct(column) -> list:
        return sorted(v for v in session.scalars(select(column).distinct()) if v is not None)

    return Choices(actors=distinct(log.c.actor), devices=distinct(log.c.device), counters=distinct(log.c.counter),
                   kinds=distinct(log.c.kind))


def source_name(source: str) -> tuple[str, str]:
    return SOURCES[source]
