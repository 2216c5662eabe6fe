"""Dossier codes `{agency id}-{yyMMdd}-{NNNN}`: a per-agency, per-day sequence from one atomic upsert (DOMAIN.md §3)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from queue_service.dossiers.tables import CodeCounter


def next_code(session: Session, agency_id: str, day: dt.date) -> str:
    """Take the next number of the day. INSERT … ON CONFLICT DO UPDATE … RETURNING is one atomic statement on
    SQLite ≥ 3.35 and PostgreSQL, so concurrent intakes never get the same number; the row lock is held to
    commit, and a rolled-back intake gives its number back unused, so no printed code is ever issued twice."""
    table = CodeCounter.__table__
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    statement = (
        dialect.insert(table)
        .values(agency_id=agency_id, day=day, last=1)
        .on_conflict_do_update(index_elements=[table.c.agency_id, table.c.day], set_={"last": table.c.last + 1})
        .returning(table.c.last)
    )
    number = session.execute(statement).scalar_one()
    # Four digits per TH GenerateMaHoSo; a 10,000th dossier in a day widens instead of wrapping (never reused).
    return f"{agency_id}-{day:%y%m%d}-{number:04d}"
