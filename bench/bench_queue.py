"""Queue service throughput and latency over real HTTP (uvicorn, keep-alive), against a bare FastAPI+SQLite floor.

Run: .venv/bin/python bench/bench_queue.py [--requests N]
Prints a table and writes bench/results/queue.json with each figure's ratio to the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "centre-demo.yaml"
CENTRE = "hcc-demo"
FIELDS = ["HT", "CT", "LLTP", "DD", "XD", "DKKD", "THUE", "BHXH", "BTXH", "CCCD", "GT", "YTE"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                time.sleep(0.3)
                return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{cmd} did not start")


async def load(url: str, bodies, headers: dict, concurrency: int, total: int) -> dict:
    """`total` POSTs from `concurrency` keep-alive connections; each task sends one request at a time."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, headers=headers, timeout=30) as client:

        async def worker(slot: int):
            for i in counter:
                path, body = bodies(i, slot)
                began = time.perf_counter()
                reply = await client.post(url + path, json=body)
                latencies.append(time.perf_counter() - began)
                statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(worker(s) for s in range(concurrency)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    return {
        "per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
        "statuses": statuses,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    results: dict[str, dict] = {}

    floor_port = free_port()
    floor = start([sys.executable, "-m", "uvicorn", "bench.floor_app:app", "--port", str(floor_port), "--log-level", "warning"], {"FLOOR_DB": str(tmp / "floor.db")}, floor_port)
    try:
        for c in (1, 16):
            results[f"floor c={c}"] = asyncio.run(load(f"http://127.0.0.1:{floor_port}", lambda i, s: ("/insert", {"field": "HT"}), {}, c, args.requests))
    finally:
        floor.terminate()

    db_url = f"sqlite:///{tmp / 'motcua.db'}"
    env = {"MOTCUA_DATABASE_URL": db_url, "MOTCUA_ENFORCE_HOURS": "false", "MOTCUA_CENTRE_FILES": json.dumps([str(DEMO)])}
    subprocess.run([sys.executable, "-m", "motcua", "db", "upgrade", "--db", db_url], check=True, capture_output=True, cwd=ROOT)

    def token(*extra: str) -> str:
        out = subprocess.run([sys.executable, "-m", "motcua", "token", "create", "--db", db_url, *extra], check=True, capture_output=True, text=True, cwd=ROOT)
        return out.stdout.strip().splitlines()[-1]

    kiosk = {"Authorization": f"Bearer {token('--role', 'device', '--centre', CENTRE)}"}
    manager = {"Authorization": f"Bearer {token('--role', 'manager', '--centre', CENTRE)}"}
    port = free_port()
    service = start([sys.executable, "-m", "motcua", "service", "--port", str(port)], env, port)
    base = f"http://127.0.0.1:{port}/api/v1/centres/{CENTRE}"
    try:
        issue = lambda i, s: ("/tickets", {"field": FIELDS[i % len(FIELDS)]})  # noqa: E731
        for c in (1, 16):
            results[f"issue ticket c={c}"] = asyncio.run(load(base, issue, kiosk, c, args.requests))
        with httpx.Client(headers=manager) as client:
            for number in range(1, 13):
                client.post(f"{base}/counters/{number}/open")
        # 12 counters press Next, from 12 connections, on the 4,000 tickets issued above.
        results["call next c=12"] = asyncio.run(load(base, lambda i, s: (f"/counters/{s + 1}/next", None), manager, 12, args.requests))
    finally:
        service.terminate()

    floor_by_c = {1: results["floor c=1"]["per_s"], 16: results["floor c=16"]["per_s"], 12: results["floor c=16"]["per_s"]}
    print(f"{'what':<20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'× floor':>8}  statuses")
    for name, figures in results.items():
        c = int(name.rsplit("=", 1)[1])
        figures["ratio_to_floor"] = round(figures["per_s"] / floor_by_c[c], 2)
        print(f"{name:<20} {figures['per_s']:>8} {figures['p50_ms']:>8} {figures['p99_ms']:>8} {figures['ratio_to_floor']:>8}  {figures['statuses']}")
    out = ROOT / "bench" / "results" / "queue.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"requests": args.requests, "results": results}, indent=2))
    print(f"written {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
