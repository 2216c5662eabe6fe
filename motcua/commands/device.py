"""`motcua device add|list|revoke`: provision a centre's devices; each change rewrites the broker's auth files."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

DEFAULT_CENTRE = "hcc-demo"


def default_broker_dir(centre: str) -> Path:
    return Path(os.environ.get("MOTCUA_BROKER_DIR") or f"var/broker/{centre}")


def add_common(parser) -> None:
    parser.add_argument("--centre", default=os.environ.get("MOTCUA_CENTRE", DEFAULT_CENTRE),
                        help="centre id (default %(default)s)")
    parser.add_argument("--dir", type=Path, default=None,
                        help="broker directory (default $MOTCUA_BROKER_DIR or var/broker/CENTRE)")


def register(subparsers) -> None:
    parser = subparsers.add_parser("device", help="provision the centre's devices (MQTT credentials)")
    sub = parser.add_subparsers(dest="device_command", required=True, metavar="ACTION")
    add = sub.add_parser("add", help="provision a device and print its secret once")
    add.add_argument("kind", help="kiosk, counter, display, rating_tablet, sms or service")
    add.add_argument("id", help="device id (slug), also its MQTT username and client id")
    add.add_argument("--counter", type=int, default=None,
                     help="for kinds counter and rating_tablet: the counter number it is installed at (its LED shows "
                          "that counter's state; its rating pad or tablet rates that counter's tickets)")
    add_common(add)
    add.set_defaults(func=_add)
    lst = sub.add_parser("list", help="list the centre's devices")
    lst.add_argument("--active", action="store_true", help="hide revoked devices")
    add_common(lst)
    lst.set_defaults(func=_list)
    rev = sub.add_parser("revoke", help="revoke a device: the broker refuses it from now on")
    rev.add_argument("id")
    add_common(rev)
    rev.set_defaults(func=_revoke)


@contextlib.contextmanager
def open_registry(args):
    """The registry (on the migrated store) and broker layout of args.centre / args.dir; the store closes after."""
    from broker_config.render import BrokerLayout
    from queue_service.devices.registry import DeviceRegistry
    from queue_service.settings import Settings
    from queue_service.store import Database

    db = Database(Settings.from_env().database_url).start()
    try:
        db.upgrade()
        yield DeviceRegistry(db, args.centre), BrokerLayout(args.centre, args.dir or default_broker_dir(args.centre))
    finally:
        db.stop()


def _add(args) -> int:
    from queue_service.devices.provisioning import sync_broker
    from queue_service.devices.registry import DeviceError

    with open_registry(args) as (registry, layout):
        try:
            device, secret = registry.add(args.kind, args.id, counter=args.counter)
        except DeviceError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        reloaded = sync_broker(registry, layout)
    where = f" at counter {device.counter}" if device.counter is not None else ""
    print(f"device {device.id} ({device.kind}) added to centre {device.centre}{where}")
    print(f"secret (shown once, store it on the device): {secret}")
    print("broker reloaded" if reloaded else f"broker files written to {layout.directory}")
    return 0


def _list(args) -> int:
    with open_registry(args) as (registry, _):
        devices = registry.list(include_revoked=not args.active)
    print(f"{'id':<24} {'kind':<14} {'state':<13} {'created':<20} revoked")
    for d in devices:
        created = d.created_at.strftime("%Y-%m-%d %H:%M:%S")
        revoked = d.revoked_at.strftime("%Y-%m-%d %H:%M:%S") if d.revoked_at else "-"
        print(f"{d.id:<24} {d.kind:<14} {d.state or '-':<13} {created:<20} {revoked}")
    return 0


def _revoke(args) -> int:
    from queue_service.devices.provisioning import sync_broker
    from queue_service.devices.registry import DeviceError

    with open_registry(args) as (registry, layout):
        try:
            registry.revoke(args.id)
        except DeviceError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        reloaded = sync_broker(registry, layout)
    print(f"device {args.id} revoked" + ("; broker reloaded" if reloaded else ""))
    return 0
