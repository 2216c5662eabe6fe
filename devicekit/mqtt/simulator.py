"""Emulated devices of every kind on real MQTT sessions: for `motcua simulate devices`, tests, demo and benchmarks."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace

from devicekit.mqtt.commands import CommandTable
from devicekit.mqtt.config import SessionConfig
from devicekit.mqtt.session import DeviceSession
from wire.messages import Health, Part

log = logging.getLogger(__name__)

SIM_KINDS = ("kiosk", "counter", "display", "rating_tablet")
# What each kind answers and reports; the real agents register their drivers' handlers the same way.
KIND_COMMANDS = {
    "kiosk": ("print.ticket", "display.show", "display.clear"),
    "counter": ("display.show", "display.clear", "print.receipt"),
    "display": ("display.show", "display.clear", "audio.announce"),
    "rating_tablet": ("display.show", "display.clear"),
}
KIND_PARTS = {
    "kiosk": ("printer", "touch", "camera"),
    "counter": ("led_display", "keypad", "receipt_printer"),
    "display": ("screen", "speaker"),
    "rating_tablet": ("touch",),
}


def sim_id(kind: str, index: int) -> str:
    return f"sim-{kind.replace('_', '-')}-{index:02d}"


class SimulatedDevice:
    """One emulated device: a real DeviceSession whose command handlers record what they were asked to do."""

    def __init__(self, config: SessionConfig) -> None:
        self.config = config
        self.executed: list[tuple[str, object]] = []
        self._lock = threading.Lock()
        table = CommandTable()
        for name in KIND_COMMANDS.get(config.kind, ()):
            table.register(name, self._handler(name))
        parts = KIND_PARTS.get(config.kind, ())
        self.session = DeviceSession(replace(config, capabilities=parts), table)
        self.health = Health(parts={p: Part(status="ok") for p in parts})

    def _handler(self, name: str):
        def handle(args):
            with self._lock:
                self.executed.append((name, args))
            return None
        return handle

    def start(self, wait: float = 5.0) -> bool:
        self.session.set_health(self.health)
        return self.session.start(wait)

    def stop(self) -> None:
        self.session.stop()


class Simulator:
    """N devices of each kind; start() connects them all (in parallel), stop() disconnects them cleanly."""

    def __init__(self, configs: list[SessionConfig]) -> None:
        self.devices = [SimulatedDevice(c) for c in configs]

    def start(self, wait: float = 10.0) -> int:
        """Start every device; returns how many are connected."""
        threads = [threading.Thread(target=d.start, args=(wait,), daemon=True) for d in self.devices]
        for t in threads:
            t.start()
        for t in threads:
            t.join(wait + 5)
        connected = sum(d.session.connected for d in self.devices)
        log.info("simulator: %s of %s devices connected", connected, len(self.devices))
        return connected

    def stop(self) -> None:
        for device in self.devices:
            device.stop()

    def by_id(self, device_id: str) -> SimulatedDevice:
        return next(d for d in self.devices if d.config.device == device_id)
