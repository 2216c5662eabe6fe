"""Dossier SMS: Vietnamese messages to applicants who consented, queued in the SMS outbox (queue_service/sms), which
the bridge sends through the centre's SMS agent."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

from queue_service.dossiers.tables import Dossier
from queue_service.sms import outbox, wording
from queue_service.sms.tables import SmsMessage

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
    text = wording.finish(desk.centre, body)
    return outbox.queue(session, dossier.centre_id, kind, dossier.applicant_phone, text, now, dossier_id=dossier.id)
