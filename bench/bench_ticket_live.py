"""Clerk's call → update received by N live ticket pages (the QR on the ticket), with 50 staff feeds (boards) open
too, against the bare API call in the same run; and the ticket page's weight.

`motcua service` runs in its own process on SQLite, as in a centre. N tickets wait in one field, so every call moves
every page (the worst case: N different payloads per call). Each page is a raw socket reading exactly what the
browser's EventSource reads (GET /api/v1/tickets/public/{id}/live); 50 more sockets follow the staff feed, as the
manager's boards do. For each call, the time from sending the clerk's Next to each page's update is a sample, and so
is the time until the last page has it. The baseline is the clerk's own call (POST .../next, its HTTP round trip)
and one read of the ticket's state (GET /api/v1/tickets/public/{id}, what one poll of the old page cost).

    .venv/bin/python bench/bench_ticket_live.py [--pages 500] [--boards 50] [--calls 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.bench_calls import pct, write_results  # noqa: E402
from bench.bench_queue import start as start_process  # noqa: E402
from broker_config.process import free_port  # noqa: E402

CENTRE = "hcc-demo"
DEMO = ROOT / "examples" / "centre-demo.yaml"
FIELD, COUNTER = "DD", 6  # counter 6 serves only DD
GAP_S = 0.5


def summary(ms: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(ms), 2), "p99_ms": round(pct(ms, 99), 2), "max_ms": round(max(ms), 2),
            "n": len(ms)}


class Stream:
    """One server-sent event stream over a raw socket; `updates` gets the arrival time of every event."""

    def __init__(self, port: int, path: str, headers: str = "") -> None:
        self.port, self.path, self.headers = port, path, headers
        self.arrivals: list[float] = []
        self.closed = False
        self.bytes = 0

    async def run(self, ready: asyncio.Event, ready_count: list[int], total: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(f"GET {self.path} HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n{self.headers}\r\n".encode())
        await writer.drain()
        first = True
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                self.bytes += len(line)
                if line.startswith(b"data:"):
                    self.arrivals.append(time.perf_counter())
                    if first:
                        first = False
                        ready_count[0] += 1
                        if ready_count[0] == total:
                            ready.set()
        finally:
            self.closed = True
            writer.close()


def centre_file(tmp: str, field: str = FIELD, cap: int = 999) -> Path:
    """The demo centre with room for the run's tickets in `field` (the demo caps each field's day at 200-500)."""
    text = DEMO.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith(f"- {{code: {field},"))
    path = Path(tmp) / "centre.yaml"
    path.write_text(text.replace(line, re.sub(r"daily_cap: \d+", f"daily_cap: {cap}", line)), encoding="utf-8")
    return path


def prepare(url: str, centre: Path, pages: int) -> tuple[str, str, list[str]]:
    """A migrated store with tokens, counter 6 open and `pages` tickets waiting in DD (before the service starts)."""
    from queue_service.api.app import create_app
    from queue_service.auth.roles import Role
    from queue_service.auth.tokens import create_token
    from queue_service.context import ServiceContext
    from queue_service.queue.recorder import Actor
    from queue_service.settings import Settings
    from fastapi.testclient import TestClient

    context = ServiceContext.from_settings(Settings(database_url=url, centre_files=[centre], enforce_hours=False))
    with TestClient(create_app(context)):
        clerk = create_token(context.db, Role.clerk, centre=CENTRE, counter=COUNTER, staff_id="nv06")
        manager = create_token(context.db, Role.manager, centre=CENTRE)
        from queue_service.queue.engine import QueueEngine

        engine = QueueEngine(context)
        engine.open_counter(CENTRE, COUNTER, Actor("nv06"), staff_id="nv06")
        ids = [engine.issue(CENTRE, FIELD, actor=Actor("bench")).public_id for _ in range(pages + 1)]
    return clerk, manager, ids


async def measure(port: int, clerk: str, manager: str, ids: list[str], pages: int, boards: int, calls: int) -> dict:
    base = f"http://127.0.0.1:{port}"
    ready, count = asyncio.Event(), [0]
    streams = [Stream(port, f"/api/v1/tickets/public/{pid}/live") for pid in ids[1:pages + 1]]
    feeds = [Stream(port, f"/api/v1/centres/{CENTRE}/live", f"Authorization: Bearer {manager}\r\n") for _ in range(boards)]
    tasks = [asyncio.create_task(s.run(ready, count, pages + boards)) for s in streams + feeds]
    began = time.perf_counter()
    await asyncio.wait_for(ready.wait(), 120)
    opened_s = time.perf_counter() - began
    headers = {"Authorization": f"Bearer {clerk}"}
    per_page, last_page, call_ms, read_ms = [], [], [], []
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as http:
        for i in range(calls):
            await asyncio.sleep(GAP_S)
            seen = {id(s): len(s.arrivals) for s in streams}
            sent = time.perf_counter()
            reply = await http.post(f"/api/v1/centres/{CENTRE}/counters/{COUNTER}/next")
            call_ms.append((time.perf_counter() - sent) * 1000)
            reply.raise_for_status()
            waiting = [s for s in streams if not s.closed or len(s.arrivals) > seen[id(s)]]
            deadline = time.perf_counter() + 10
            while time.perf_counter() < deadline and any(len(s.arrivals) <= seen[id(s)] and not s.closed for s in waiting):
                await asyncio.sleep(0.002)
            got = [(s.arrivals[seen[id(s)]] - sent) * 1000 for s in waiting if len(s.arrivals) > seen[id(s)]]
            per_page += got
            if got:
                last_page.append(max(got))
            await asyncio.sleep(0.05)
            read_began = time.perf_counter()
            (await http.get(f"/api/v1/tickets/public/{ids[-1]}")).raise_for_status()
            read_ms.append((time.perf_counter() - read_began) * 1000)
        served = await http.get(f"/t/{ids[-1]}", headers={"Accept-Encoding": "gzip"})
        page, wire = served.content, served.num_bytes_downloaded
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"opened_s": round(opened_s, 2), "per_page": summary(per_page), "all_pages": summary(last_page),
            "call": summary(call_ms), "public_read": summary(read_ms),
            "page_bytes": len(page), "page_wire_bytes": wire,
            "stream_bytes_per_page": round(statistics.mean(s.bytes for s in streams))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--boards", type=int, default=50)
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/motcua.db"
        centre = centre_file(tmp)
        clerk, manager, ids = prepare(url, centre, args.pages)
        port = free_port()
        env = {"MOTCUA_TICKET_STREAMS_PER_ADDRESS": str(args.pages + 10), "MOTCUA_ENFORCE_HOURS": "false"}
        service = start_process([sys.executable, "-m", "motcua", "service", "--db", url, "--config", str(centre),
                                 "--port", str(port)], env, port)
        try:
            result = asyncio.run(measure(port, clerk, manager, ids, args.pages, args.boards, args.calls))
        finally:
            service.terminate()
            try:
                service.wait(15)
            except subprocess.TimeoutExpired:
                service.kill()
    result.update(pages=args.pages, boards=args.boards, calls=args.calls, cpus=os.cpu_count())
    p, a, c, r = result["per_page"], result["all_pages"], result["call"], result["public_read"]
    print(f"{args.pages} live ticket pages + {args.boards} staff feeds open in {result['opened_s']} s")
    print(f"call → a page's update:   p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms ({p['n']} samples)")
    print(f"call → every page has it: p50 {a['p50_ms']} ms, p99 {a['p99_ms']} ms")
    print(f"baseline, the clerk's call (POST next): p50 {c['p50_ms']} ms, p99 {c['p99_ms']} ms")
    print(f"baseline, one public ticket read (GET): p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms")
    print(f"ratio, a page's update p50 / the call p50: {p['p50_ms'] / c['p50_ms']:.2f}")
    print(f"page weight (HTML+CSS+JS in one file): {result['page_bytes']} bytes, {result['page_wire_bytes']} on the wire "
          f"gzip'd; stream: {result['stream_bytes_per_page']} bytes per page for the run")
    write_results("ticket_live", result)


if __name__ == "__main__":
    main()
