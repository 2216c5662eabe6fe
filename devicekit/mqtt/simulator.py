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
# What each kind answers, offers and reports, as the real agents do (devicekit.agent; see their capabilities()).
KIND_COMMANDS = {
    "kiosk": ("print.document", "screen.capture", "screen.touch"),
    "counter": ("print.document", "rating.open"),
    "display": ("screen.capture", "screen.touch"),
    "rating_tablet": ("rating.open", "screen.capture", "screen.touch"),
}
KIND_CAPABILITIES = {
    "kiosk": ("print", "screen"),
    "counter": ("led", "keypad", "rating", "print"),
    "display": ("screen",),
    "rating_tablet": ("rating", "screen"),
}
KIND_PARTS = {
    "kiosk": ("printer", "touch", "camera"),
    "counter": ("led", "keypad", "rating_pad", "receipt_printer"),
    "display": ("screen", "speaker"),
    "rating_tablet": ("touch",),
}


def sim_id(kind: str, index: int) -> str:
    return f"sim-{kind.replace('_', '-')}-{index:02d}"


class SimulatedDevice:
    """One emulated device: a real DeviceSession whose command handlers record what they were asked to do, and
    which follows what its kind shows: a counter its counter's retained state (the LED), a display the calls."""

    def __init__(self, config: SessionConfig) -> None:
        self.config = config
        self.executed: list[tuple[str, object]] = []
        self.shown: list[tuple[str, bytes]] = []  # (topic, payload) of followed state, in arrival order
        self._lock = threading.Lock()
        table = CommandTable()
        for name in KIND_COMMANDS.get(config.kind, ()):
            table.register(name, self._handler(name))
        self.session = DeviceSession(replace(config, capabilities=KIND_CAPABILITIES.get(config.kind, ())), table)
        self.health = Health(parts={p: Part(status="ok") for p in KIND_PARTS.get(config.kind, ())})
        topics = self.session.topics
        if config.kind == "counter" and config.counter is not None:
            self.session.watch(topics.counter_state(config.counter), self._shows)
        elif config.kind == "display":
            self.session.watch(topics.calls(), self._shows)

    def _shows(self, topic: str, payload: bytes, _retained: bool) -> None:
        with self._lock:
            self.shown.append((topic, payload))

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
