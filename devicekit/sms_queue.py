"""SMS outbox in a small SQLite file: nothing is lost without a modem, failures retry with backoff, a daily cap."""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

from devicekit.worker import Worker


log = logging.getLogger(__name__)

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")  # the cap is per local day, like ticket numbers

SCHEMA = """
CREATE TABLE IF NOT EXISTS sms_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',   -- pending, sent, failed
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    last_error TEXT,
    sent_day TEXT                              -- local date it was sent, for the cap
)"""


def _ts(moment: datetime) -> str:
    """UTC ISO text, so that SQLite compares times as strings correctly."""
    return moment.astimezone(timezone.utc).isoformat()


@dataclass(frozen=True)
class Outgoing:
    id: int
    number: str
    text: str
    status: str
    attempts: int
    last_error: str | None


class SmsQueue:
    """`enqueue()` always succeeds; `pump()` sends what is due through `send(number, text)` (e.g. AtModem.send_sms).

    A failed send is retried after `retry_base` · 2^(attempts-1), up to `max_attempts`; at most `daily_cap`
    messages go out per local day (the SIM's plan is paid per SMS), the rest wait for tomorrow.
    """

    def __init__(self, path: str | Path, send: Callable[[str, str], object], *, daily_cap: int = 200,
                 max_attempts: int = 5, retry_base: timedelta = timedelta(seconds=30),
                 now: Callable[[], datetime] = lambda: datetime.now(LOCAL), interval: float = 5.0) -> None:
        self.path = str(path)
        self.send = send
        self.daily_cap = daily_cap
        self.max_attempts = max_attempts
        self.retry_base = retry_base
        self.now = now
        self.interval = interval
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._worker = Worker("sms-queue", self._loop, join_timeout=10)
        self._stop = self._worker.stopping

    def open(self) -> "SmsQueue":
        if self._db is None:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(SCHEMA)
        return self

    def start(self) -> "SmsQueue":
        self.open()
        self._worker.start()
        return self

    def stop(self) -> None:
        self._worker.stop()
        if self._db is not None:
            self._db.close()
            self._db = None

    def enqueue(self, number: str, text: str) -> int:
        now = _ts(self.now())
        with self._lock:
            cur = self._db.execute("INSERT INTO sms_outbox (number, text, created_at, next_try_at) VALUES (?,?,?,?)",
                                   (number, text, now, now))
            return cur.lastrowid

    def get(self, sms_id: int) -> Outgoing:
        row = self._db.execute("SELECT id, number, text, status, attempts, last_error FROM sms_outbox WHERE id=?",
                               (sms_id,)).fetchone()
        return Outgoing(*row)

    def sent_today(self) -> int:
        day = self.now().astimezone(LOCAL).date().isoformat()
        return self._db.execute("SELECT count(*) FROM sms_outbox WHERE status='sent' AND sent_day=?",
                                (day,)).fetchone()[0]

    def pending(self) -> int:
        return self._db.execute("SELECT count(*) FROM sms_outbox WHERE status='pending'").fetchone()[0]

    def pump(self) -> int:
        """Sends every due message the cap allows; returns how many went out."""
        sent = 0
        while True:
            now = self.now()
            if self.sent_today() >= self.daily_cap:
                if self.pending():
                    log.warning("sms daily cap of %s reached; %s message(s) wait", self.daily_cap, self.pending())
                return sent
            row = self._db.execute(
                "SELECT id, number, text, attempts FROM sms_outbox WHERE status='pending' AND next_try_at<=? "
                "ORDER BY next_try_at, id LIMIT 1", (_ts(now),)).fetchone()
            if row is None:
                return sent
            sent += self._try(now, *row)

    def _try(self, now: datetime, sms_id: int, number: str, text: str, attempts: int) -> int:
        try:
            self.send(number, text)
        except Exception as exc:  # the modem's error, a vanished port, a bad number: all retried, then failed
            attempts += 1
            status = "failed" if attempts >= self.max_attempts else "pending"
            retry = now + self.retry_base * (2 ** (attempts - 1))
            log.warning("sms %s attempt %s failed (%s); %s", sms_id, attempts, exc, status)
            with self._lock:
                self._db.execute("UPDATE sms_outbox SET attempts=?, status=?, next_try_at=?, last_error=? WHERE id=?",
                                 (attempts, status, _ts(retry), str(exc)[:200], sms_id))
            return 0
        with self._lock:
            self._db.execute("UPDATE sms_outbox SET attempts=?, status='sent', sent_day=? WHERE id=?",
                             (attempts + 1, now.astimezone(LOCAL).date().isoformat(), sms_id))
        return 1

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.pump()
            except Exception:  # the outbox thread must outlive any one bad message
                log.exception("sms queue: pump failed")
