"""`motcua demo`: a working demo centre on the embedded defaults (SQLite store, sample centre, simulated people)."""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

import httpx

from motcua.commands.common import migrated_store
from queue_service.settings import Settings

DEMO_DB = "sqlite:///var/demo/motcua.db"
DEMO_CONFIG = Path("examples/centre-demo.yaml")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="run a demo centre: service, simulated citizens and clerks")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--counters", type=int, default=8, help="how many counters simulated clerks open")
    parser.add_argument("--arrival-seconds", type=float, default=4.0, help="mean time between two citizens")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from motcua.simulation import CentreSimulation
    from queue_service.api.app import create_app
    from queue_service.auth.roles import Role
    from queue_service.auth.tokens import create_token
    from queue_service.context import ServiceContext

    base = f"http://127.0.0.1:{args.port}"
    # The demo runs at any hour, so the opening hours of the sample centre are not enforced here.
    settings = Settings(database_url=DEMO_DB, centre_files=[DEMO_CONFIG], public_url=base, port=args.port, enforce_hours=False)
    db = migrated_store(settings)
    context = ServiceContext.from_settings(settings)
    centre = next(iter(context.centres.values()))
    centre_id = centre.centre.id
    clerks = [s.id for s in centre.staff if s.role == "clerk"] or ["demo"]
    kiosk = create_token(db, Role.device, centre=centre_id, label="demo kiosk")
    counters = [c.number for c in centre.counters][: args.counters]
    clerk_tokens = {
        n: create_token(db, Role.clerk, centre=centre_id, counter=n, staff_id=clerks[i % len(clerks)], label="demo clerk")
        for i, n in enumerate(counters)
    }
    manager = create_token(db, Role.manager, centre=centre_id, label="demo manager")
    db.stop()

    server = uvicorn.Server(uvicorn.Config(create_app(context), host="127.0.0.1", port=args.port, log_level="warning"))
    simulation = CentreSimulation(base, centre, kiosk, clerk_tokens, arrival_seconds=args.arrival_seconds)

    def start_people() -> None:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        simulation.start()
        print(
            f"\nmotcua demo centre '{centre.centre.name_vi}' is running.\n"
            f"  Live board (bảng theo dõi):  {base}/board/{centre_id}\n"
            f"  API documentation:           {base}/docs\n"
            f"  Board as JSON:               {base}/api/v1/centres/{centre_id}/board\n"
            f"  A manager token for the API: {manager}\n"
            f"Simulated citizens arrive every ~{args.arrival_seconds:g} s; clerks serve at counters {counters}.\n"
            f"Press Ctrl+C to stop.\n",
            flush=True,
        )

    threading.Thread(target=start_people, daemon=True).start()
    try:
        server.run()
    finally:
        simulation.stop()
    return 0
