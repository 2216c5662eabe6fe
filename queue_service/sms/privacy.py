"""Phone numbers are kept for the service day only (Decree 13/2023/NĐ-CP: purpose limitation; Law 91/2025/QH15):
after it, the near-turn alerts are deleted, and the SMS of past days keep their delivery state but lose their
number and text. A near-turn SMS not sent by then is pointless: it is failed. Dossier SMS still pending are kept —
their number belongs to the dossier, which keeps it anyway."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import delete, update

from queue_service.config.models import CentreConfig
from queue_service.sms.outbox import day_start
from queue_service.sms.tables import SmsMessage, TurnAlert
from queue_service.store import Database

log = logging.getLogger(__name__)


def purge(db: Database, config: CentreConfig, now: dt.datetime) -> tuple[int, int]:
    """Forget the phone numbers of days before `now`'s local day; returns (alerts deleted, messages cleared)."""
    centre_id, start = config.centre.id, day_start(config, now)
    today = now.astimezone(config.zone).date()
    with db.write() as session:
        session.execute(update(SmsMessage).where(
            SmsMessage.centre_id == centre_id, SmsMessage.kind == "near_turn", SmsMessage.created_at < start,
            SmsMessage.status.in_(("pending", "sending"))).values(status="failed", last_error="the service day ended",
                                                                  next_try_at=None))
        alerts = session.execute(delete(TurnAlert).where(TurnAlert.centre_id == centre_id,
                                                         TurnAlert.service_day < today)).rowcount
        cleared = session.execute(update(SmsMessage).where(
            SmsMessage.centre_id == centre_id, SmsMessage.created_at < start, SmsMessage.phone != "",
            SmsMessage.status.in_(("sent", "failed"))).values(phone="", body="")).rowcount
    if alerts or cleared:
        log.info("%s: phone numbers of past days deleted (%s alerts, %s messages)", centre_id, alerts, cleared)
    return alerts, cleared
