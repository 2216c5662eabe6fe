"""Keeps a centre broker's password file and ACL equal to the device store, and the service's own credential."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from broker_config.process import signal_reload
from broker_config.render import BrokerLayout, write_auth, write_private
from queue_service.devices.registry import DeviceError, DeviceRegistry

log = logging.getLogger(__name__)

SERVICE_USER = "service"


@dataclass(frozen=True)
class Credentials:
    """How a client reaches the centre broker: what the service bridge and the simulator read."""

    centre: str
    host: str
    port: int
    username: str
    password: str

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2) + "\n"

    @classmethod
    def load(cls, path: Path) -> "Credentials":
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def sync_broker(registry: DeviceRegistry, layout: BrokerLayout) -> bool:
    """Rewrite the password file and ACL from the store; SIGHUP a running broker. True if one was reloaded."""
    write_auth(layout, registry.auth_entries())
    reloaded = signal_reload(layout.pid_file)
    if not reloaded:
        log.info("no running broker for %s; the files take effect when it starts", layout.directory)
    return reloaded


def ensure_service_credential(registry: DeviceRegistry, layout: BrokerLayout, user: str = SERVICE_USER) -> Credentials:
    """The central service's credential, kept in a 0600 file in the broker dir (never committed); made or
    re-made when the file is missing or no longer matches the store."""
    path = layout.service_credentials
    if path.exists():
        try:
            creds = Credentials.load(path)
            if creds.username == user and registry.verify(user, creds.password):
                if (creds.host, creds.port) != (layout.host, layout.port):
                    creds = Credentials(layout.centre, layout.host, layout.port, user, creds.password)
                    write_private(path, creds.to_json())
                return creds
        except (ValueError, TypeError, KeyError) as exc:
            log.warning("ignoring unreadable %s: %s", path, exc)
    existing = registry.get(user)
    if existing is not None and existing.active:
        secret = registry.rotate(user)
    else:
        try:
            _, secret = registry.add("service", user)
        except DeviceError as exc:
            raise DeviceError(f"cannot create the service credential: {exc}") from None
    creds = Credentials(layout.centre, layout.host, layout.port, user, secret)
    layout.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_private(path, creds.to_json())
    log.info("service credential for %s written to %s", user, path)
    return creds
