"""`motcua demo`: a working demo centre on the embedded defaults: SQLite store, the sample centre, the centre's broker
(Mosquitto, or where it cannot be installed the embedded Python broker), the real device agents on emulated hardware
(motcua.demo_agents), simulated citizens taking numbers and simulated clerks pressing the counters' keypads."""

from __future__ import annotations

import argparse
import secrets
import signal
import threading
import time
from pathlib import Path

from motcua.commands.common import migrated_store

DEMO_DB = "sqlite:///var/demo/motcua.db"
DEMO_CONFIG = Path("examples/centre-demo.yaml")
DEMO_BROKER_DIR = Path("var/demo/broker")
EMBEDDED_NOTICE = (
    "  !! Broker MQTT nhúng viết bằng Python, CHỈ DÙNG CHO BẢN DEMO (máy này không có và không cài được Mosquitto).\n"
    "     Trung tâm thật chạy Mosquitto: apt-get install mosquitto; motcua broker.\n"
    "  !! This is an embedded Python MQTT broker FOR THE DEMO ONLY (Mosquitto is missing and cannot be installed here).\n"
    "     A real centre runs Mosquitto: apt-get install mosquitto; motcua broker.\n"
)


class DemoDevices:
    """The demo centre's own broker (project configuration) and its agents: a kiosk, the hall display, the SMS agent
    and a counter agent per counter, on emulated hardware. The broker is Mosquitto, installed when we may; otherwise the embedded
    Python broker on the same files."""

    def __init__(self, centre_id: str, counters: list[int], port: int) -> None:
        self.centre_id, self.counters, self.port = centre_id, counters, port
        self.broker = None
        self.agents = None
        self.clerks = None
        self.layout = None
        self.embedded = False

    def start_broker(self, db) -> bool:
        """Provision and start the broker: Mosquitto, or the embedded Python broker when Mosquitto is missing and
        cannot be installed here. True once it listens."""
        from broker_config.process import (EmbeddedBrokerProcess, MosquittoProcess, find_mosquitto, free_port,
                                           install_mosquitto)
        from broker_config.render import BrokerLayout, write_conf
        from queue_service.devices.provisioning import ensure_service_credential, sync_broker
        from queue_service.devices.registry import DeviceRegistry

        self.embedded = (find_mosquitto() or install_mosquitto()) is None
        if self.embedded:
            print("Mosquitto is not installed and cannot be installed here: the demo runs its embedded Python MQTT "
                  "broker instead (demo only).", flush=True)
        port = self.port if _port_free(self.port) else free_port()
        self.layout = BrokerLayout(self.centre_id, DEMO_BROKER_DIR.resolve(), "127.0.0.1", port)
        registry = DeviceRegistry(db, self.centre_id)
        ensure_service_credential(registry, self.layout)
        self.secrets = {}
        for kind, device, counter in self.devices():
            existing = registry.get(device)
            if existing is not None and existing.active:
                self.secrets[device] = (kind, registry.rotate(device))  # secrets are shown once, so make new ones
            else:
                self.secrets[device] = (kind, registry.add(kind, device, counter=counter)[1])
        sync_broker(registry, self.layout)
        write_conf(self.layout)
        process = EmbeddedBrokerProcess if self.embedded else MosquittoProcess
        self.broker = process(self.layout.conf, "127.0.0.1", port, self.layout.log_file).start()
        return True

    def devices(self) -> list[tuple[str, str, int | None]]:
        return [("kiosk", "kiosk-1", None), ("display", "display-hall", None), ("sms", "sms-1", None)] + [
            ("counter", f"counter-{n:02d}", n) for n in self.counters]

    def start_devices(self) -> list[str]:
        """The agents as processes on their emulated hardware; returns their device ids."""
        from motcua.demo_agents import DemoAgents

        counters = {device: counter for _kind, device, counter in self.devices() if counter is not None}
        self.agents = DemoAgents(self.centre_id, "127.0.0.1", self.layout.port, self.secrets, counters,
                                 Path("var/demo"))
        return self.agents.start()

    def start_clerks(self, api: str, tokens: dict[int, str], service_seconds: tuple[float, float]) -> None:
        """Simulated clerks at the counters' emulated keypads, citizens at their rating pads."""
        from motcua.demo_agents import KeypadClerks

        self.clerks = KeypadClerks(self.agents, api, tokens, service_seconds=service_seconds)
        self.clerks.start()

    def stop(self) -> None:
        if self.clerks is not None:
            self.clerks.stop()
        if self.agents is not None:
            self.agents.stop()
        if self.broker is not None:
            self.broker.stop()


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="run a demo centre: service, simulated citizens and clerks")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--counters", type=int, default=8, help="how many counters simulated clerks open")
    parser.add_argument("--arrival-seconds", type=float, default=4.0, help="mean time between two citizens")
    parser.add_argument("--service-seconds", type=float, nargs=2, default=(8.0, 35.0), metavar=("MIN", "MAX"),
                        help="how long a clerk serves one citizen")
    parser.add_argument("--mqtt-port", type=int, default=1883, help="port of the demo's broker (a free one if taken)")
    parser.add_argument("--no-devices", action="store_true", help="run without a broker and emulated devices")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import httpx
    import uvicorn

    from queue_service.settings import Settings

    from motcua.simulation import CentreSimulation
    from queue_service.api.app import create_app
    from queue_service.auth.passwords import set_password
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
    # The board and the screen mirrors open with this token in the link (#token=..., never sent in a request line).
    admin = create_token(db, Role.admin, centre=centre_id, label="demo admin (board, screen mirrors)")
    # The clerk console: every staff member of the sample centre signs in with one password made for this run (a
    # real centre sets each one with `motcua staff password ID`, changed at first sign-in).
    console_password = secrets.token_urlsafe(9)
    for member in centre.staff:
        set_password(db, centre_id, member.id, console_password, context.clock(), must_change=False)
    devices = DemoDevices(centre_id, counters, args.mqtt_port)
    try:
        broker_up = False if args.no_devices else devices.start_broker(db)
    except Exception as exc:  # the demo still shows the queue without devices; say why plainly
        print(f"The MQTT broker could not start ({exc}); running without devices.", flush=True)
        devices.stop()
        broker_up = False
    db.stop()
    if broker_up:
        settings = settings.model_copy(update={"mqtt_credentials": devices.layout.service_credentials})
        context = ServiceContext.from_settings(settings)

    server = uvicorn.Server(uvicorn.Config(create_app(context), host="127.0.0.1", port=args.port, log_level="warning"))
    # With devices, the clerks work the counters' keypads (through the agents); without, they use the API.
    simulation = CentreSimulation(base, centre, kiosk, {} if broker_up else clerk_tokens,
                                  arrival_seconds=args.arrival_seconds, service_seconds=tuple(args.service_seconds))

    def start_people() -> None:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        simulation.start()
        if broker_up:
            started = devices.start_devices()
            devices.start_clerks(f"{base}/api/v1/centres/{centre_id}", clerk_tokens, tuple(args.service_seconds))
            mirrors = "".join(f"    {device:<12} {base}/devices/{device}/mirror?centre={centre_id}#token={admin}\n"
                              for device in started if not device.startswith(("counter-", "sms-")))
            mqtt = (f"  MQTT broker (devices):       mqtt://127.0.0.1:{devices.layout.port}  (files in "
                    f"{devices.layout.directory})\n"
                    f"  Device agents:               {len(started)} agents on emulated hardware: "
                    f"{', '.join(started)} (files and logs in var/demo/agents, var/demo/logs)\n"
                    f"  Their screens, to see and touch from the browser (take a number on the kiosk):\n{mirrors}"
                    f"  SMS:                         after a number, the kiosk offers \"Nhắn tin khi sắp đến lượt?\"; "
                    f"sms-1 sends on an emulated SIM800 (var/demo/logs/sms-1.log)\n")
            if devices.embedded:
                mqtt += EMBEDDED_NOTICE
        elif args.no_devices:
            mqtt = "  Devices: off (--no-devices).\n"
        else:
            mqtt = ("  Devices: OFF. The MQTT broker could not start, so the demo runs without devices (thiết bị tắt).\n"
                    "  A real centre runs Mosquitto: apt-get install mosquitto; motcua broker.\n")
        print(
            f"\nmotcua demo centre '{centre.centre.name_vi}' is running.\n"
            f"  Live board (bảng theo dõi):  {base}/board/{centre_id}#token={admin}\n"
            f"  Clerk console (bàn làm việc): {base}/console/{centre_id}/sign-in  staff {clerks[0]} (or any staff id "
            f"of {DEMO_CONFIG}), password {console_password}\n"
            f"  Online booking (đặt lịch):   {base}/dat-lich/{centre_id}  (check in on the kiosk: Đã đặt lịch hẹn?)\n"
            f"  API documentation:           {base}/docs\n"
            f"  Board as JSON:               {base}/api/v1/centres/{centre_id}/board\n"
            f"  A manager token for the API: {manager}\n"
            f"{mqtt}"
            f"Simulated citizens arrive every ~{args.arrival_seconds:g} s; clerks serve at counters {counters}"
            f"{' with their keypads' if broker_up else ''}.\n"
            f"Press Ctrl+C to stop.\n",
            flush=True,
        )

    threading.Thread(target=start_people, daemon=True).start()
    # `kill`, systemd and `docker stop` send SIGTERM; its default action would end us at once and leave the broker,
    # which runs in its own session, behind. Unwind as Ctrl+C does instead.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn has shut down gracefully and raises the Ctrl+C (or SIGTERM) again
        pass
    finally:
        simulation.stop()
        devices.stop()
        print("motcua demo stopped.", flush=True)
    return 0
