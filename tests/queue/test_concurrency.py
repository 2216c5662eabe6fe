"""Two counters never get the same ticket: many simultaneous Next presses, in threads and in two service processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter as Tally
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from queue_service.queue.tables import Ticket, TicketEvent
from queue_service.store import Database
from tests.queue.conftest import CENTRE, CLERK, DEMO

COUNTERS = list(range(1, 13))
TICKETS = 120
FIELDS = ["HT", "CT", "LLTP", "DD", "XD", "DKKD", "THUE", "BHXH", "BTXH", "CCCD", "GT", "YTE"]


def assert_each_ticket_called_once(db, expected: int):
    with db.read() as session:
        calls = session.execute(select(TicketEvent.ticket_id).where(TicketEvent.kind == "called")).scalars().all()
        tickets = session.execute(select(Ticket)).scalars().all()
    per_ticket = Tally(calls)
    assert per_ticket and max(per_ticket.values()) == 1, "a ticket was called twice"
    assert len(per_ticket) == expected == len(tickets), "a ticket was never called or was lost"


def press_until_empty(call_next) -> None:
    idle = 0
    while idle < 2:  # a counter stops after finding nobody twice
        idle = idle + 1 if call_next() is None else 0


def run_together(targets) -> list[BaseException]:
    start = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def run(target):
        start.wait()
        try:
            target()
        except BaseException as exc:  # collected: a thread must not hide a failure
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    return errors


def test_simultaneous_next_presses_in_threads(engine, db):
    for number in COUNTERS:
        engine.open_counter(CENTRE, number, CLERK)
    for i in range(TICKETS):
        engine.issue(CENTRE, FIELDS[i % len(FIELDS)], priority_group="elderly" if i % 7 == 0 else None)
    # Every counter pressed from two threads at once: many counters, and double presses at one counter.
    targets = [
        (lambda n=n: press_until_empty(lambda: engine.call_next(CENTRE, n, CLERK).ticket)) for n in COUNTERS for _ in (0, 1)
    ]
    assert run_together(targets) == []
    assert_each_ticket_called_once(db, TICKETS)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(url: str, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "MOTCUA_DATABASE_URL": url, "MOTCUA_ENFORCE_HOURS": "false", "MOTCUA_CENTRE_FILES": f'["{DEMO}"]'}
    return subprocess.Popen(
        [sys.executable, "-m", "motcua", "service", "--port", str(port)], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def _wait_healthy(port: int, process: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(f"service exited: {log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"service did not start: {log.read_text()}")


@pytest.mark.postgres
@pytest.mark.slow
def test_two_service_processes_on_one_postgresql(pg_url, tmp_path):
    db = Database(pg_url).start()
    db.upgrade()
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / f"service-{i}.log" for i in range(2)]
    processes = [_serve(pg_url, port, log) for port, log in zip(ports, logs)]
    try:
        for port, process, log in zip(ports, processes, logs):
            _wait_healthy(port, process, log)
        manager = {"Authorization": f"Bearer {create_token(db, Role.manager, centre=CENTRE)}"}
        kiosk = {"Authorization": f"Bearer {create_token(db, Role.device, centre=CENTRE)}"}
        base = [f"http://127.0.0.1:{port}/api/v1/centres/{CENTRE}" for port in ports]
        with httpx.Client() as client:
            for i in range(TICKETS):
                assert client.post(f"{base[i % 2]}/tickets", json={"field": FIELDS[i % len(FIELDS)]}, headers=kiosk).status_code == 201
            for number in COUNTERS:
                assert client.post(f"{base[number % 2]}/counters/{number}/open", headers=manager).status_code == 200

        def clerk(number: int, which: int):
            with httpx.Client(base_url=base[which], headers=manager, timeout=30) as client:
                def call():
                    reply = client.post(f"/counters/{number}/next")
                    assert reply.status_code == 200, reply.text
                    return reply.json()["ticket"]

                press_until_empty(call)

        # The same counter pressed through both processes at once, and all twelve counters together.
        errors = run_together([(lambda n=n, w=w: clerk(n, w)) for n in COUNTERS for w in (0, 1)])
        assert errors == []
        assert_each_ticket_called_once(db, TICKETS)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        db.stop()
