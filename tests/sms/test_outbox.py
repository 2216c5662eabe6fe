"""The SMS outbox as a store, on SQLite and PostgreSQL: claims within the daily cap, one claimer per message however
many race, a lapsed claim claimed again under the same key, refusals retried with backoff then failed, and the purge
of past days' numbers with the near-turn alerts."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import select

from queue_service.config import load_centre
from queue_service.sms import outbox, privacy
from queue_service.sms.tables import SmsMessage
from tests.queue.conftest import DEMO
from tests.support.clock import local
from wire.sms import SmsResult

CENTRE = load_centre(DEMO).model_copy(deep=True)
CONFIG = CENTRE.model_copy(update={"sms": CENTRE.sms.model_copy(update={"daily_cap": 3, "max_attempts": 2,
                                                                        "retry_s": 30, "answer_s": 60})})
NOW = local(2026, 12, 7, 9, 0)


def queue(db, count: int, at: dt.datetime = NOW) -> list[int]:
    with db.write() as session:
        return [outbox.queue(session, "hcc-demo", "near_turn", f"09123456{i:02d}", f"Tin {i}", at).id
                for i in range(count)]


def statuses(db) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(SmsMessage.status).order_by(SmsMessage.id)))


def test_claims_race_once_and_respect_the_daily_cap(db):
    queue(db, 5)
    claimed: list[list[outbox.Claimed]] = []
    threads = [threading.Thread(target=lambda: claimed.append(outbox.claim(db, CONFIG, NOW))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ids = [c.id for batch in claimed for c in batch]
    assert len(ids) == len(set(ids)) == 3, "each message claimed once; no more than the cap in the agent's hands"
    for message_id in ids:
        assert outbox.record(db, CONFIG, message_id, SmsResult(id="k", state="sent", references=[7]), NOW) == "sent"
    assert outbox.claim(db, CONFIG, NOW + dt.timedelta(hours=1)) == [], "the cap holds until local midnight"
    tomorrow = outbox.claim(db, CONFIG, local(2026, 12, 8, 0, 1))
    assert len(tomorrow) == 2


def test_a_lapsed_claim_is_claimed_again_under_the_same_key_and_refusals_back_off(db):
    [message_id] = queue(db, 1)
    [first] = outbox.claim(db, CONFIG, NOW)
    assert outbox.claim(db, CONFIG, NOW + dt.timedelta(seconds=119)) == []  # still in the agent's hands
    [again] = outbox.claim(db, CONFIG, NOW + dt.timedelta(seconds=121))  # its answer was lost
    assert again.key == first.key and again.id == message_id
    refused = SmsResult(id=again.key, state="failed", error="+CMS ERROR: 500")
    assert outbox.record(db, CONFIG, message_id, refused, NOW) == "pending"
    assert outbox.claim(db, CONFIG, NOW + dt.timedelta(seconds=29)) == []  # retry_s later, not before
    [third] = outbox.claim(db, CONFIG, NOW + dt.timedelta(seconds=31))
    assert outbox.record(db, CONFIG, third.id, refused, NOW) == "failed"  # max_attempts: 2
    outbox.unanswered(db, CONFIG, [message_id], "no answer", NOW)  # a failed message stays failed
    assert statuses(db) == ["failed"]


def test_past_days_lose_their_numbers_and_texts(db):
    yesterday = local(2026, 12, 6, 16, 0)
    sent, pending = queue(db, 2, yesterday)
    outbox.record(db, CONFIG, sent, SmsResult(id="k", state="sent"), yesterday)
    [today] = queue(db, 1)
    assert privacy.purge(db, CONFIG, NOW) == (0, 2)
    with db.read() as session:
        rows = list(session.scalars(select(SmsMessage).order_by(SmsMessage.id)))
    assert [(m.phone, m.body, m.status) for m in rows[:2]] == [("", "", "sent"), ("", "", "failed")]
    assert (rows[2].id, rows[2].phone, rows[2].status) == (today, "0912345600", "pending")
