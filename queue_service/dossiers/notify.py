"""SMS outbox: Vietnamese messages to applicants who consented, kept until the GSM-modem driver sends them."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from queue_service.dossiers.tables import Dossier, SmsMessage

log = logging.getLogger(__name__)

# Short on purpose: with diacritics an SMS is UCS-2, 70 characters a segment.
TEMPLATES = {
    "receipt": "Hồ sơ {code} đã được tiếp nhận. Hẹn trả kết quả: {due}. Tra cứu: {url}",
    "supplement": "Hồ sơ {code} cần bổ sung giấy tờ. Vui lòng liên hệ Bộ phận Một cửa {agency}.",
    "apology": "{agency} xin lỗi vì hồ sơ {code} chậm trả kết quả. Ngày hẹn trả mới: {due}.",
    "result": "Hồ sơ {code} đã có kết quả. Mời ông/bà đến nhận tại Bộ phận Một cửa {agency}.",
}


def queue_sms(session: Session, desk, dossier: Dossier, kind: str, *, due: dt.datetime | None = None, now: dt.datetime) -> SmsMessage | None:
    """Add a message to the outbox if the applicant consented and gave a phone (Decree 13/2023: purpose limitation)."""
    if not (dossier.sms_consent and dossier.applicant_phone and desk.centre.dossiers.sms_enabled):
        return None
    local_due = due.astimezone(desk.zone).strftime("%H:%M %d/%m/%Y") if due else ""
    body = TEMPLATES[kind].format(
        code=dossier.code, due=local_due, agency=desk.agency_name, url=desk.tracking_url(dossier.code, dossier.token)
    )
    message = SmsMessage(
        centre_id=dossier.centre_id, dossier_id=dossier.id, kind=kind, phone=dossier.applicant_phone, body=body,
        status="pending", attempts=0, created_at=now, last_error="",
    )
    session.add(message)
    return message


def pending(session: Session, centre_id: str | None = None, limit: int = 20) -> list[SmsMessage]:
    """Oldest first; what a modem driver takes. Nothing is lost if no modem is attached: rows just wait."""
    query = select(SmsMessage).where(SmsMessage.status == "pending")
    if centre_id:
        query = query.where(SmsMessage.centre_id == centre_id)
    return list(session.scalars(query.order_by(SmsMessage.id).limit(limit)))


def mark_sent(session: Session, message_id: int, now: dt.datetime) -> None:
    message = session.get(SmsMessage, message_id)
    message.status, message.sent_at, message.attempts = "sent", now, message.attempts + 1


def mark_failed(session: Session, message_id: int, error: str, *, max_attempts: int = 5) -> None:
    """A failed send stays pending for a retry until max_attempts, then is parked as failed for a person to see."""
    message = session.get(SmsMessage, message_id)
    message.attempts += 1
    message.last_error = error[:500]
    if message.attempts >= max_attempts:
        message.status = "failed"
        log.warning("SMS %s to dossier %s failed %s times: %s", message.id, message.dossier_id, message.attempts, error)
