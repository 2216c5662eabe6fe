"""The floors: a bare FastAPI endpoint (bench_calls) and one that does one SQLite insert with motcua's pragmas
(bench_queue)."""

from __future__ import annotations

import os
import sqlite3
import threading

from fastapi import FastAPI

app = FastAPI()
_local = threading.local()
PATH = os.environ.get("FLOOR_DB", "/tmp/floor.db")


def _db() -> sqlite3.Connection:
    if not hasattr(_local, "db"):
        db = sqlite3.connect(PATH, isolation_level=None, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, field TEXT, at REAL)")
        _local.db = db
    return _local.db


@app.post("/insert")
def insert(body: dict) -> dict:
    cursor = _db().execute("INSERT INTO t (field, at) VALUES (?, julianday('now'))", (body.get("field"),))
    return {"id": cursor.lastrowid}


@app.post("/ping")
def ping() -> dict:
    return {"ok": True}
