"""The SMS outbox in the store, the single source of truth of what was sent: queue a message; claim what is due
(within the centre's daily cap); record what the SMS agent answered, or that it did not answer.

A claim (status `sending`) lapses at `next_try_at`: a message whose answer was lost is claimed again and sent under
the same key, which the agent recognises (sms_agent/sent.py), so it is never sent twice."""

from __future__ import annotations

import datetime as dt
import logging
import zlib
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from queue_service.config.models import CentreConfig
from queue_service.sms.tables import SmsMessage
from queue_service.store import Database
from wire.sms import SmsResult, mask_phone

log = logging.getLogger(__name__)

RETRY_MAX = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str  # the id the agent remembers: the row id and its creation time, unique even across a store reset
    phone: str
    body: str


def queue(session: Session, centre_id: str, kind: str, phone: str, body: str, now: dt.datetime,
          dossier_id: int | None = None) -> SmsMessage:
    message = SmsMessage(centre_id=centre_id, dossier_id=dossier_id, kind=kind, phone=phone, body=body,
                         status="pending", attempts=0, created_at=now, last_error="", next_try_at=now, reference="")
    session.add(message)
    session.flush()
    log.info("sms %s (%s) queued for %s", message.id, kind, mask_phone(phone))
    return message


def day_start(config: CentreConfig, now: dt.datetime) -> dt.datetime:
    """Local midnight of `now`'s day, in UTC: the cap and the purge count local days, like ticket numbers."""
    local = now.astimezone(config.zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(dt.timezone.utc)


def used_today(session: Session, config: CentreConfig, now: dt.datetime) -> int:
    """Messages sent since local midnight, and those in the agent's hands now (they may be sent)."""
    return session.scalar(select(func.count()).select_from(SmsMessage).where(
        SmsMessage.centre_id == config.centre.id,
        or_(SmsMessage.status == "sending",
            (SmsMessage.status == "sent") & (SmsMessage.sent_at >= day_start(config, now))))) or 0


def claim(db: Database, config: CentreConfig, now: dt.datetime, limit: int = 10) -> list[Claimed]:
    """Due messages, oldest first, marked `sending` until their claim lapses (twice sms.answer_s); none beyond the
    daily cap. A row another service process claimed first is skipped (a conditional update)."""
    lease = dt.timedelta(seconds=2 * config.sms.answer_s)
    with db.write() as session:
        if not db.is_sqlite:  # SQLite's writers already queue (BEGIN IMMEDIATE); on PostgreSQL two claimers would
            # each count the same messages in the agent's hands and together pass the cap: they take turns instead
            session.execute(select(func.pg_advisory_xact_lock(_claim_lock(config.centre.id))))
        left = config.sms.daily_cap - used_today(session, config, now)
        if left <= 0:
            return []
        due = (SmsMessage.centre_id == config.centre.id, SmsMessage.status.in_(("pending", "sending")),
               or_(SmsMessage.next_try_at.is_(None), SmsMessage.next_try_at <= now))
        rows = session.execute(select(SmsMessage.id, SmsMessage.status, SmsMessage.created_at, SmsMessage.phone,
                                      SmsMessage.body).where(*due).order_by(SmsMessage.id).limit(min(limit, left))).all()
        claimed = []
        for row in rows:
            took = session.execute(update(SmsMessage).where(SmsMessage.id == row.id, *due)
                                   .values(status="sending", next_try_at=now + lease)).rowcount
            if took:
                if row.status == "sending":
                    log.info("sms %s: its answer never came; asking the agent again under the same key", row.id)
                claimed.append(Claimed(row.id, f"{row.id}-{row.created_at:%y%m%d%H%M%S}", row.phone, row.body))
        return claimed


def _claim_lock(centre_id: str) -> int:
    """The advisory lock of one centre's SMS claims: a stable number from its id."""
    return zlib.crc32(f"motcua.sms.claim:{centre_id}".encode())


def retry_delay(config: CentreConfig, tries: int) -> dt.timedelta:
    """sms.retry_s, doubling with each refusal, at most RETRY_MAX."""
    return min(dt.timedelta(seconds=config.sms.retry_s * 2 ** max(0, tries - 1)), RETRY_MAX)


def record(db: Database, config: CentreConfig, message_id: int, result: SmsResult, now: dt.datetime) -> str:
    """What the agent answered: sent (with the modem's references), or refused: retried with backoff, then failed.
    Returns the message's new status."""
    with db.write() as session:
        message = session.get(SmsMessage, message_id)
        if message is None or message.status == "sent":
            return message.status if message else "gone"
        message.attempts += 1
        if result.state == "sent":
            message.status, message.sent_at, message.last_error = "sent", now, ""
            message.reference = ",".join(map(str, result.references))[:64]
            message.next_try_at = None
        else:
            message.last_error = (result.error or "refused")[:500]
            if message.attempts >= config.sms.max_attempts:
                message.status, message.next_try_at = "failed", None
                log.warning("sms %s to %s failed %s times: %s", message.id, mask_phone(message.phone),
                            message.attempts, message.last_error)
            else:
                message.status, message.next_try_at = "pending", now + retry_delay(config, message.attempts)
        return message.status


def unanswered(db: Database, config: CentreConfig, message_ids: list[int], error: str, now: dt.datetime) -> None:
    """The agent or the broker is away: nothing is lost and no attempt is counted; the messages wait sms.retry_s."""
    if not message_ids:
        return
    with db.write() as session:
        session.execute(update(SmsMessage).where(SmsMessage.id.in_(message_ids), SmsMessage.status == "sending")
                        .values(status="pending", last_error=error[:500], next_try_at=now + retry_delay(config, 1)))


def pending(session: Session, centre_id: str | None = None, limit: int = 20) -> list[SmsMessage]:
    """Messages not sent yet (pending or in the agent's hands), oldest first."""
    query = select(SmsMessage).where(SmsMessage.status.in_(("pending", "sending")))
    if centre_id:
        query = query.where(SmsMessage.centre_id == centre_id)
    return list(session.scalars(query.order_by(SmsMessage.id).limit(limit)))


def view(message: SmsMessage) -> dict:
    """A message as staff may see it: the number masked (Decree 13/2023)."""
    return {"id": message.id, "kind": message.kind, "phone": mask_phone(message.phone), "body": message.body,
            "status": message.status, "attempts": message.attempts, "last_error": message.last_error,
            "next_try_at": message.next_try_at.isoformat() if message.next_try_at else None,
            "sent_at": message.sent_at.isoformat() if message.sent_at else None, "reference": message.reference}
