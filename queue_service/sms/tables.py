"""The SMS outbox (one row per message, its delivery state) and the phone numbers kiosks took for "your turn is near"."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from queue_service.queue.tables import BigId
from queue_service.store.base import Base


class SmsMessage(Base):
    """One SMS: pending → sending (handed to the SMS agent) → sent, or back to pending with a next try, or failed
    after `sms.max_attempts` refusals by the modem. After its day, a sent or failed message keeps its state but not
    its number nor its text (queue_service/sms/privacy.py)."""

    __tablename__ = "sms_outbox"
    __table_args__ = (Index("ix_sms_outbox_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    kind: Mapped[str] = mapped_column(String(32))  # receipt, supplement, apology, result, near_turn
    phone: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, sending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # sends the modem answered (sent or refused)
    created_at: Mapped[dt.datetime]
    sent_at: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_try_at: Mapped[dt.datetime | None]  # pending: not before; sending: the claim lapses then (a lost answer)
    reference: Mapped[str] = mapped_column(String(64), default="")  # the modem's message reference(s), once sent


class TurnAlert(Base):
    """A citizen's phone number for the "your turn is near" SMS of one ticket; `sms_id` is set in the same
    transaction that queues the message, so it is queued exactly once. Deleted after the service day."""

    __tablename__ = "turn_alerts"
    __table_args__ = (UniqueConstraint("ticket_id"), Index("ix_turn_alerts_centre_day", "centre_id", "service_day"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    centre_id: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int] = mapped_column(BigId, ForeignKey("tickets.id"))
    service_day: Mapped[dt.date] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(20))
    device: Mapped[str] = mapped_column(String(63))  # the kiosk where it was typed
    created_at: Mapped[dt.datetime]
    sms_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("sms_outbox.id"))
