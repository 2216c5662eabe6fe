"""The ratings table: one row per rated ticket, tied to where, by whom and for what it was served."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from queue_service.queue.tables import BigId
from queue_service.store.base import Base


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("ticket_id"),  # one rating per served ticket, whatever resends or second presses say
        Index("ix_ratings_centre_day", "centre_id", "service_day"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("tickets.id"))
    service_day: Mapped[dt.date] = mapped_column(Date)  # local day it was given, for the daily report
    counter: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[str | None] = mapped_column(String(64))  # the clerk who served (tickets.staff_id)
    field_code: Mapped[str] = mapped_column(String(16))
    dossier_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("dossiers.id"))  # taken in while serving
    device: Mapped[str] = mapped_column(String(63))  # the pad's counter agent or the tablet
    value: Mapped[int] = mapped_column(Integer)  # a value of the centre's scale; higher is better
    reason: Mapped[str | None] = mapped_column(String(200))
    rated_at: Mapped[dt.datetime]  # the event's ts: when the citizen pressed, on the service's clock
    received_at: Mapped[dt.datetime]  # when the service stored it (later when the device was offline)
