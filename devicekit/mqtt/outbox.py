"""A device's durable local state in one SQLite file: the outbox of unsent messages, counters, and seen command ids."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (row INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL,
                                   payload BLOB NOT NULL, retain INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS seen_commands (id TEXT PRIMARY KEY, ts REAL NOT NULL);
"""
# Command ids are remembered this long: longer than any command's expiry and any broker session, so a
# redelivered command is recognised, while the table stays small.
SEEN_TTL_S = 7 * 24 * 3600


@dataclass(frozen=True)
class Pending:
    row: int
    topic: str
    payload: bytes
    retain: bool


class Outbox:
    """Thread-safe (paho's network thread and the agent's own threads both use it); opened by open(), not here."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def open(self) -> "Outbox":
        if self._db is None:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: an event the device has reported as raised must survive a power cut.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
            self._db.execute("DELETE FROM seen_commands WHERE ts < ?", (time.time() - SEEN_TTL_S,))
        return self

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def bump(self, name: str) -> int:
        """Increment and return a persistent counter (boot, event seq)."""
        with self._lock, self._tx() as db:
            db.execute("INSERT INTO counters(name, value) VALUES (?, 1) "
                       "ON CONFLICT(name) DO UPDATE SET value = value + 1", (name,))
            return db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()[0]

    def put(self, topic: str, payload: bytes, retain: bool = False) -> int:
        with self._lock, self._tx() as db:
            cur = db.execute("INSERT INTO outbox(topic, payload, retain, created) VALUES (?, ?, ?, ?)",
                             (topic, payload, int(retain), time.time()))
            return cur.lastrowid

    def put_numbered(self, name: str, topic: str, build) -> tuple[int, bytes]:
        """Take the next value of counter `name` and store build(value) in the outbox in one transaction,
        so a sequence number is never used twice nor skipped by a crash in between."""
        with self._lock, self._tx() as db:
            db.execute("INSERT INTO counters(name, value) VALUES (?, 1) "
                       "ON CONFLICT(name) DO UPDATE SET value = value + 1", (name,))
            value = db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()[0]
            payload = build(value)
            db.execute("INSERT INTO outbox(topic, payload, retain, created) VALUES (?, ?, 0, ?)",
                       (topic, payload, time.time()))
            return value, payload

    def pending(self, limit: int = 500) -> list[Pending]:
        with self._lock:
            rows = self._conn().execute(
                "SELECT row, topic, payload, retain FROM outbox ORDER BY row LIMIT ?", (limit,)).fetchall()
        return [Pending(r, t, bytes(p), bool(k)) for r, t, p, k in rows]

    def done(self, row: int) -> None:
        with self._lock:
            self._conn().execute("DELETE FROM outbox WHERE row = ?", (row,))

    def count(self) -> int:
        with self._lock:
            return self._conn().execute("SELECT count(*) FROM outbox").fetchone()[0]

    def first_sight(self, command_id: str) -> bool:
        """Record a command id; False if it was seen before (a duplicate that must not run again)."""
        with self._lock:
            cur = self._conn().execute("INSERT OR IGNORE INTO seen_commands(id, ts) VALUES (?, ?)",
                                       (command_id, time.time()))
            return cur.rowcount == 1

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError("Outbox.open() was not called")
        return self._db

    def _tx(self):
        return _Transaction(self._conn())


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, *_):
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
        return False
