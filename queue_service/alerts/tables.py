"""The alerts table: one row per alert, open (ended_at null) until what raised it is resolved."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from queue_service.queue.tables import BigId
from queue_service.store.base import Base


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (
        Index("ix_alerts_centre_open", "centre_id", "ended_at"),
        # One open alert per (kind, subject): two service instances evaluating at once cannot both open it.
        Index("uq_alerts_open", "centre_id", "kind", "subject", unique=True,
              sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(24))  # queue_service.alerts.rules.KINDS
    subject: Mapped[str] = mapped_column(String(64))  # a field code, a counter number or a device id
    detail: Mapped[str | None] = mapped_column(String(200))  # what the device said, how long it has been
    began_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
