"""Month report at a centre's and a province's scale: bulk-load two months of tickets (3,000 and 50,000 a day), their
ratings and the dossiers of nearly three years, then time the whole report of the second month (every figure, every
grouping: what the page, the API and the exports build), against a baseline measured in the same run: one plain pass
over the same month's tickets (`SELECT count(*), avg(...)`), the least any report of that month must read.

Run: .venv/bin/python bench/bench_reports.py [--scale centre|province|both] [--backend sqlite|postgres|both]
Loads into throwaway databases (a temp SQLite file; a fresh PostgreSQL database, dropped afterwards), prints a
table and writes bench/results/reports.json. Rows go in by executemany (SQLite) or COPY (PostgreSQL), not the
engine: the engine's speed is bench_queue's subject; what is timed here is the report's SQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import sys
import time
import uuid
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from bench.bench_dossiers import load as load_dossiers, throwaway_store  # noqa: E402
from queue_service.calendar.workdays import WorkCalendar  # noqa: E402
from queue_service.config import load_centre  # noqa: E402
from queue_service.queue.tables import Ticket  # noqa: E402
from queue_service.reports.build import report  # noqa: E402
from queue_service.reports.period import Period  # noqa: E402
from queue_service.store import Database  # noqa: E402

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.timezone.utc
MONTH = dt.date(2026, 10, 1)  # the report's month; September is loaded too, so the month is picked out of more
SCALES = {"centre": (3_000, 425_000), "province": (50_000, 1_000_000)}  # tickets a day; dossiers over 2024–10/2026
TICKET_COLS = ("id", "public_id", "centre_id", "service_day", "field_code", "issued_field", "seq", "number", "channel",
               "priority_group", "booking_slot", "state", "queue_key", "issued_at", "called_at", "started_at",
               "finished_at", "counter", "target_counter", "staff_id", "recalls", "estimated_wait_s")
RATING_COLS = ("id", "centre_id", "ticket_id", "service_day", "counter", "staff_id", "field_code", "dossier_id", "device",
               "value", "reason", "rated_at", "received_at")
EVENT_COLS = ("centre_id", "ticket_id", "counter", "kind", "at", "actor", "device", "data")


def tickets(per_day: int, seed: int = 11):
    """Yield (ticket, rating or None, voided event or None) for every working day of September and October 2026:
    90 % served, 6 % no-shows, 4 % cancelled (a third of those voided); waits and service times drawn per field."""
    rnd = random.Random(seed)
    centre = load_centre(ROOT / "examples" / "centre-demo.yaml")
    calendar = WorkCalendar()
    fields = [f.code for f in centre.fields]
    counters = {f: [c.number for c in centre.counters if any(s.field == f for s in c.fields)] for f in fields}
    clerks = [s.id for s in centre.staff if s.role == "clerk"]
    day, ident, rating_id = MONTH.replace(month=9), 0, 0
    while day < MONTH.replace(month=11):
        if calendar.is_working_day(day):
            seq = {f: 0 for f in fields}
            for n in range(per_day):
                ident += 1
                field = fields[rnd.randrange(len(fields))]
                seq[field] += 1
                issued = dt.datetime.combine(day, dt.time(7), tzinfo=VN) + dt.timedelta(seconds=n * 34_200 // per_day)
                estimate = rnd.randrange(0, 3_600)
                wait = max(5.0, rnd.gauss(estimate, 600))
                called = issued + dt.timedelta(seconds=wait)
                roll = rnd.random()
                state = "done" if roll < 0.90 else "no_show" if roll < 0.96 else "cancelled"
                counter, clerk = rnd.choice(counters[field]), rnd.choice(clerks)
                started = called + dt.timedelta(seconds=rnd.randrange(10, 90)) if state == "done" else None
                finished = (started + dt.timedelta(seconds=rnd.expovariate(1 / 480))) if started else called + dt.timedelta(minutes=2)
                if state == "cancelled":
                    called = counter = clerk = None
                row = (ident, uuid.uuid4().hex[:12], "hcc-demo", day, field, field, seq[field], f"{seq[field]:04d}",
                       "kiosk", None, None, state, issued, issued, called, started, finished, counter, None, clerk,
                       0, estimate)
                rating = voided = None
                if state == "done" and rnd.random() < 0.6:
                    rating_id += 1
                    value = rnd.choices((4, 3, 2, 1), (60, 30, 7, 3))[0]
                    rating = (rating_id, "hcc-demo", ident, day, counter, clerk, field, None, f"counter-{counter:02d}",
                              value, None, finished, finished)
                if state == "cancelled" and rnd.random() < 1 / 3:
                    voided = ("hcc-demo", ident, None, "voided", finished, "kiosk", "kiosk-1", "{}")
                yield row, rating, voided
        day += dt.timedelta(days=1)


def load_tickets(db: Database, per_day: int, batch: int = 50_000) -> tuple[float, int]:
    began, count = time.perf_counter(), 0
    raw = db.engine.raw_connection()
    try:
        rows, ratings, events = [], [], []
        for row, rating, voided in tickets(per_day):
            rows.append(row)
            count += 1
            if rating:
                ratings.append(rating)
            if voided:
                events.append(voided)
            if len(rows) >= batch:
                _flush(db, raw, rows, ratings, events)
                rows, ratings, events = [], [], []
        _flush(db, raw, rows, ratings, events)
        cursor = raw.cursor()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
    return time.perf_counter() - began, count


def _flush(db: Database, raw, rows: list, ratings: list, events: list) -> None:
    cursor = raw.cursor()
    tables = (("tickets", TICKET_COLS, rows), ("ratings", RATING_COLS, ratings), ("ticket_events", EVENT_COLS, events))
    if db.is_sqlite:
        def conv(v):
            if isinstance(v, dt.datetime):
                return v.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
            return v.isoformat() if isinstance(v, dt.date) else v

        cursor.execute("BEGIN")
        for table, cols, data in tables:
            cursor.executemany(f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                               [tuple(conv(v) for v in r) for r in data])
        cursor.execute("COMMIT")
    else:
        for table, cols, data in tables:
            with cursor.copy(f"COPY {table} ({','.join(cols)}) FROM STDIN") as copy:
                for r in data:
                    copy.write_row(r)
        raw.commit()


def measure(db: Database, repeats: int = 3) -> dict:
    centre = load_centre(ROOT / "examples" / "centre-demo.yaml")
    period = Period.around("month", MONTH, VN)
    baseline, full = [], []
    result = None
    for _ in range(repeats):
        began = time.perf_counter()
        with db.read() as session:
            session.execute(select(func.count(), func.avg(Ticket.estimated_wait_s)).where(
                Ticket.centre_id == "hcc-demo", Ticket.service_day >= period.first, Ticket.service_day <= period.last)).one()
        baseline.append(time.perf_counter() - began)
        began = time.perf_counter()
        with db.read() as session:
            result = report(session, centre, period)
        full.append(time.perf_counter() - began)
    base, took = min(baseline), min(full)
    return {"baseline_s": round(base, 3), "report_s": round(took, 3), "ratio": round(took / base, 1),
            "month_tickets": result.total.issued, "month_dossiers_completed": result.total.dossiers_completed,
            "wait_p90_min": round(result.total.wait_p90_s / 60, 1)}


def run(backend: str, scale: str, pg_admin: str) -> dict:
    per_day, dossiers = SCALES[scale]
    url, cleanup = throwaway_store(backend, pg_admin, "bench-reports-")
    db = Database(url).start()
    try:
        db.upgrade()
        dossier_s, _ = load_dossiers(db, dossiers)
        ticket_s, count = load_tickets(db, per_day)
        gc.collect()
        gc.freeze()
        return {"backend": backend, "scale": scale, "tickets_a_day": per_day, "tickets_loaded": count,
                "dossiers_loaded": dossiers, "load_s": round(dossier_s + ticket_s, 1), **measure(db)}
    finally:
        db.stop()
        cleanup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=("centre", "province", "both"), default="both")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--pg-admin", default=os.environ.get("MOTCUA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "reports.json")
    args = parser.parse_args()
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    scales = ("centre", "province") if args.scale == "both" else (args.scale,)
    results = [run(b, s, args.pg_admin) for s in scales for b in backends]
    print(f"{'backend':<9} {'scale':<9} {'tickets/day':>11} {'month tickets':>14} {'load s':>7} {'baseline s':>10} "
          f"{'report s':>9} {'ratio':>6}")
    for r in results:
        print(f"{r['backend']:<9} {r['scale']:<9} {r['tickets_a_day']:>11,} {r['month_tickets']:>14,} {r['load_s']:>7} "
              f"{r['baseline_s']:>10} {r['report_s']:>9} {r['ratio']:>6}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "results": results},
                                   ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
