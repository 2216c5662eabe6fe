"""A clerk's call → the managers' boards see it: the board's figures showing the call reach each of 50 open board
streams while 500 citizens' live ticket pages are open too, against the bare API call measured in the same run.

`motcua service` runs in its own process on SQLite, as a centre runs it. Each board stream is what the board page
opens: GET /api/v1/centres/{c}/live?with=board with a manager's credentials, read as server-sent events; the service
computes the figures once per change and sends them to every board as a `board` event, which the page renders as it
is. The baseline is the bare API call (POST .../counters/2/next, to its reply) from a plain HTTP client. The streams
are populations (POPULATIONS below): another kind of page following its own stream (e.g. the citizens' live ticket
pages, here) is one more entry there, with its URL, how many are open, how it recognises the call's event and, if it reads
something after the event, what; each population's figures are reported apart.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import platform
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench.bench_calls import CENTRE, GAP_S, WARMUP, summary, write_results  # noqa: E402
from bench.bench_queue import start as start_process  # noqa: E402
from bench.bench_ticket_live import centre_file  # noqa: E402
from broker_config.process import free_port  # noqa: E402

CALLS = 100
BOARDS = 50
TICKET_PAGES = 500  # citizens following their ticket in the same field (issue 14's benchmark: 50 boards, 500 pages)
COUNTER = 2


@dataclass
class Population:
    """`count` streams of one kind of page: `path` to follow, `headers` to send, `match(event, data)` says whether
    an event is the call being timed (given the called number); `reads` the page's read after the event, if any."""

    name: str
    path: str
    count: int
    headers: dict = field(default_factory=dict)
    match: Callable[[str, dict, str], bool] = lambda event, data, number: False
    reads: str | None = None
    paths: list[str] | None = None  # one path per stream, where each follows its own (a ticket page its ticket)
    event_ms: list[float] = field(default_factory=list)
    read_ms: list[float] = field(default_factory=list)


def board_population(count: int, token: str) -> Population:
    def match(event: str, data: dict, number: str) -> bool:
        return event == "board" and any(c["number"] == COUNTER and c["number_now"] == number for c in data["counters"])

    return Population("board", f"/api/v1/centres/{CENTRE}/live?with=board", count, {"Authorization": f"Bearer {token}"},
                      match)


def ticket_population(public_ids: list[str]) -> Population:
    """The citizens' live ticket pages (the QR on each slip), each following its own ticket, all waiting in the field
    being called: every call moves each page (the number now called, the people ahead)."""
    def match(event: str, data: dict, number: str) -> bool:
        return event in ("ticket", "final") and (data.get("now_called") or {}).get("number") == number

    return Population("ticket_page", "", len(public_ids), match=match,
                      paths=[f"/api/v1/tickets/public/{public_id}/live" for public_id in public_ids])


# Each takes what the run prepared: its tokens and the public ids of the tickets whose pages are open.
POPULATIONS: list[Callable[[dict], Population]] = [
    lambda given: board_population(BOARDS, given["manager"]),
    lambda given: ticket_population(given["ticket_pages"]),
]


class Stream:
    """One open stream: parses server-sent events and records, for the call being timed, when its event arrived."""

    def __init__(self, client: httpx.AsyncClient, population: Population, index: int = 0) -> None:
        self.client, self.population = client, population
        self.path = population.paths[index] if population.paths else population.path
        self.opened = asyncio.Event()
        self.waiting: tuple[str, float, asyncio.Future] | None = None

    async def run(self) -> None:
        async with self.client.stream("GET", self.path, headers=self.population.headers, timeout=None) as r:
            r.raise_for_status()
            self.opened.set()
            event, data = "message", ""
            async for line in r.aiter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data += line[5:].strip()
                elif line == "":
                    if data:
                        self._seen(event, json.loads(data))
                    event, data = "message", ""

    def _seen(self, event: str, data: dict) -> None:
        if self.waiting is None:
            return
        number, began, done = self.waiting
        if self.population.match(event, data, number) and not done.done():
            done.set_result(time.perf_counter())
            self.population.event_ms.append((time.perf_counter() - began) * 1e3)
            if self.population.reads:
                asyncio.ensure_future(self._read(began))

    async def _read(self, began: float) -> None:
        (await self.client.get(self.population.reads, headers=self.population.headers)).raise_for_status()
        self.population.read_ms.append((time.perf_counter() - began) * 1e3)

    def expect(self, number: str, began: float) -> asyncio.Future:
        done = asyncio.get_running_loop().create_future()
        self.waiting = (number, began, done)
        return done


def prepare(tmp: Path) -> tuple[str, dict]:
    from queue_service.auth.roles import Role
    from queue_service.auth.tokens import create_token
    from queue_service.store import Database

    url = f"sqlite:///{tmp / 'motcua.db'}"
    db = Database(url).start()
    db.upgrade()
    tokens = {"kiosk": create_token(db, Role.device, centre=CENTRE, label="kiosk-bench"),
              "clerk": create_token(db, Role.clerk, centre=CENTRE, counter=COUNTER, staff_id="nv02"),
              "manager": create_token(db, Role.manager, centre=CENTRE, staff_id="gd01")}
    db.stop()
    return url, tokens


async def measure(base: str, tokens: dict, numbers: list[str], n: int, gap: float) -> tuple[list[float], list[Population]]:
    """`numbers`: the waiting tickets in the order counter 2 calls them (one field, no priority: issue order)."""
    upcoming = iter(numbers[n + WARMUP:])  # the baseline's calls take the first ones
    populations = [make(tokens) for make in POPULATIONS]
    limits = httpx.Limits(max_connections=2000, max_keepalive_connections=2000)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        clerk = {"Authorization": f"Bearer {tokens['clerk']}"}
        (await client.post(f"/api/v1/centres/{CENTRE}/counters/{COUNTER}/open", headers=clerk)).raise_for_status()
        api = []
        for i in range(n + WARMUP):  # the baseline first, with no stream open
            await asyncio.sleep(gap)
            began = time.perf_counter()
            (await client.post(f"/api/v1/centres/{CENTRE}/counters/{COUNTER}/next", headers=clerk)).raise_for_status()
            if i >= WARMUP:
                api.append((time.perf_counter() - began) * 1e3)
        streams = [Stream(client, p, i) for p in populations for i in range(p.count)]
        tasks = [asyncio.create_task(s.run()) for s in streams]
        await asyncio.wait_for(asyncio.gather(*(s.opened.wait() for s in streams)), 60)
        await asyncio.sleep(1)
        for i in range(n + WARMUP):
            await asyncio.sleep(gap)
            if i == WARMUP:
                for p in populations:
                    p.event_ms.clear()
                    p.read_ms.clear()
            number = next(upcoming)
            began = time.perf_counter()
            waits = [s.expect(number, began) for s in streams]
            (await client.post(f"/api/v1/centres/{CENTRE}/counters/{COUNTER}/next", headers=clerk)).raise_for_status()
            await asyncio.wait_for(asyncio.gather(*waits), 30)
        await asyncio.sleep(gap)  # the last reads
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return api, populations


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("calls", type=int, nargs="?", default=CALLS, help="calls measured (after a warm-up)")
    parser.add_argument("--gap", type=float, default=GAP_S, help="idle seconds before every call")
    parser.add_argument("--pages", type=int, default=TICKET_PAGES, help="live ticket pages open beside the boards")
    args = parser.parse_args()
    n, gap = args.calls, args.gap
    results: dict = {"benchmark": "board", "machine": platform.platform(), "calls": n, "gap_s": gap,
                     "ticket_pages": args.pages}
    called = 2 * (n + WARMUP) + 1
    with tempfile.TemporaryDirectory() as tmp:
        url, tokens = prepare(Path(tmp))
        port = free_port()
        centre = centre_file(tmp, "HT", cap=called + args.pages)  # room in HT's day for the run's tickets
        env = {"MOTCUA_DATABASE_URL": url, "MOTCUA_CENTRE_FILES": json.dumps([str(centre)]),
               "MOTCUA_ENFORCE_HOURS": "false", "MOTCUA_TICKET_STREAMS_PER_ADDRESS": str(args.pages + 10)}
        service = start_process([sys.executable, "-m", "motcua", "service", "--port", str(port)], env, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens['kiosk']}"}) as http:
                issued = [http.post(f"/api/v1/centres/{CENTRE}/tickets", json={"field": "HT"}).raise_for_status().json()
                          for _ in range(called + args.pages)]
            numbers = [ticket["number"] for ticket in issued[:called]]
            tokens["ticket_pages"] = [ticket["public_id"] for ticket in issued[called:]]  # behind every call
            api, populations = asyncio.run(measure(base, tokens, numbers, n, gap))
        finally:
            service.terminate()
            service.wait(10)
    results["bare_api_next"] = base_line = summary(api)
    rows = [("bare_api_next", base_line)]
    for p in populations:
        for what, samples in ((f"call_to_{p.name}_event", p.event_ms), (f"call_to_{p.name}_read", p.read_ms)):
            if samples:
                figure = summary(samples)
                figure["streams"] = p.count
                figure["ratio_p50"] = round(figure["p50_ms"] / base_line["p50_ms"], 2)
                figure["ratio_p99"] = round(figure["p99_ms"] / base_line["p99_ms"], 2)
                results[what] = figure
                rows.append((what, figure))
    print(f"{'measurement':<26} {'n':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'p50/api':>8} {'p99/api':>8}")
    for key, value in rows:
        print(f"{key:<26} {value['n']:>6} {value['p50_ms']:>8.3f} {value['p99_ms']:>8.3f} {value['max_ms']:>8.3f} "
              f"{value.get('ratio_p50', '')!s:>8} {value.get('ratio_p99', '')!s:>8}")
    write_results("board", results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
