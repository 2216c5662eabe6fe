"""`motcua simulate devices`: provisions and connects N emulated devices of each kind to the centre broker."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

from motcua.commands.device import add_common, open_registry


def register(subparsers) -> None:
    parser = subparsers.add_parser("simulate", help="emulated devices on real MQTT sessions")
    sub = parser.add_subparsers(dest="simulate_command", required=True, metavar="WHAT")
    devices = sub.add_parser("devices", help="connect N emulated devices of each kind")
    devices.add_argument("--count", type=int, default=1, help="devices of each kind (default %(default)s)")
    devices.add_argument("--broker", help="host:port (default: from the broker dir's service.json, else 127.0.0.1:1883)")
    devices.add_argument("--state-dir", type=Path, default=Path("var/sim"), help="device outboxes (default %(default)s)")
    devices.add_argument("--seconds", type=float, default=0, help="stop after this long (default: until Ctrl-C)")
    add_common(devices)
    devices.set_defaults(func=_devices)


def provision(registry, layout, count: int, host: str, port: int, state_dir: Path) -> list:
    """Provision (or re-key) sim devices in the store, refresh the broker's auth files, return their configs."""
    from devicekit.mqtt.config import SessionConfig
    from devicekit.mqtt.simulator import SIM_KINDS, sim_id
    from queue_service.devices.provisioning import sync_broker

    configs = []
    for kind in SIM_KINDS:
        for index in range(1, count + 1):
            device_id = sim_id(kind, index)
            existing = registry.get(device_id)
            if existing is not None and existing.active:
                secret = registry.rotate(device_id)
            else:
                _, secret = registry.add(kind, device_id)
            configs.append(SessionConfig(centre=registry.centre, device=device_id, password=secret, kind=kind,
                                         host=host, port=port, state_dir=state_dir))
    sync_broker(registry, layout)
    return configs


def _devices(args) -> int:
    from devicekit.mqtt.simulator import Simulator
    from queue_service.devices.provisioning import Credentials

    with open_registry(args) as (registry, layout):
        host, port = "127.0.0.1", 1883
        if args.broker:
            host, _, port_text = args.broker.rpartition(":")
            port = int(port_text)
        elif layout.service_credentials.exists():
            creds = Credentials.load(layout.service_credentials)
            host, port = creds.host, creds.port
        configs = provision(registry, layout, args.count, host, port, args.state_dir)
    import time

    time.sleep(0.3)  # let the broker finish rereading its password file
    sim = Simulator(configs)
    connected = sim.start()
    print(f"{connected} of {len(configs)} simulated devices connected to {host}:{port}", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait(args.seconds or None)
    except KeyboardInterrupt:
        pass
    sim.stop()
    return 0 if connected == len(configs) else 1
