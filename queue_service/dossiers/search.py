"""Finding a dossier for staff (never public): by its code (or the code's tail), the applicant's phone, or a part of
the applicant's name. Newest first; a bounded list."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.dossiers.tables import Dossier

SHOWN = 20
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")
_CODE = re.compile(r"\d{6}-\d{4}$|^-\d{1,4}$|\.[A-Za-z]\d{2}")  # {agency}-{yyMMdd}-{NNNN}: its tail, or the agency part
_SEPARATORS = re.compile(r"[\s.\-()]")


def find_dossiers(session: Session, centre_id: str, query: str, limit: int = SHOWN) -> list[Dossier]:
    """A code (000.00.00.H00-261123-0001, or its tail: 261123-0001, -0001), a phone (spaces, dots and
    dashes ignored: 0905 123 456), else a part of the name."""
    query = query.strip()
    if not query:
        return []
    found = select(Dossier).where(Dossier.centre_id == centre_id)
    phone = _SEPARATORS.sub("", query)
    if _CODE.search(query):
        found = found.where(Dossier.code.endswith(query.upper(), autoescape=True))
    elif _PHONE.match(phone):
        found = found.where(Dossier.applicant_phone == phone)
    else:
        found = found.where(Dossier.applicant_name.ilike(f"%{_escape(query)}%", escape="\\"))
    return list(session.scalars(found.order_by(Dossier.id.desc()).limit(limit)))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
