"""The administrators' calendar overrides (its migration lives in the dossiers branch, where it was born)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from queue_service.store.base import Base


class CalendarOverride(Base):
    """An administrator's extra day off (working=False) or extra working day (working=True) for a centre."""

    __tablename__ = "calendar_overrides"

    centre_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool]
    note: Mapped[str] = mapped_column(String(300), default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
