"""The agent base: one way to build a device agent (kiosk, counter, calling display, rating tablet).

An agent is its YAML file, one MQTT session, the drivers of the hardware it binds, a command table, and the shared
state topics it follows. It holds no business rules: it renders what the service says and reports what its hardware
sees. What it does while the broker or the service is away is a rule, not an accident:
- `report()` sends an event that keeps its meaning later (a rating, paper out): it waits in the durable outbox and
  is delivered once;
- `act()` sends an action that would surprise someone later (a clerk's Next): only while the service is reachable,
  expiring within seconds on the service's clock; otherwise it raises `Offline` and the agent shows that instead.
"""

from __future__ import annotations

import logging
import signal
import threading
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, ClassVar

from devicekit.agent.config import AgentConfig, Role, bind_hardware, load_agent_config
from devicekit.agent.health import link_part
from devicekit.agent.printer import PrinterStation
from devicekit.device_config import build_driver
from devicekit.mqtt.commands import CommandTable
from devicekit.mqtt.config import SessionConfig
from devicekit.mqtt.requests import NotConnected, RequestError, RequestTimeout
from devicekit.mqtt.session import DeviceSession
from devicekit.profiles import ProfileLibrary
from devicekit.worker import Worker
from wire.codec import WireError, decode
from wire.messages import Event, Health, Part, WireModel
from wire.topics import counter_id

log = logging.getLogger(__name__)


class Offline(Exception):
    """The broker or the service is away: the action was not sent, and will not be sent later."""


def _software() -> str:
    try:
        return f"motcua-{metadata.version('motcua')}"
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "motcua-dev"


class Agent:
    """Quiet constructor (the file is checked, nothing is opened); start()/stop(); run() until SIGTERM or Ctrl+C."""

    kind: ClassVar[str] = ""
    roles: ClassVar[dict[str, Role]] = {}
    config_model: ClassVar[type[AgentConfig]] = AgentConfig
    ACTION_TIMEOUT_S: ClassVar[float] = 3.0  # a press not answered by then is reported offline, and expires
    HEALTH_INTERVAL_S: ClassVar[float] = 1.0
    PRINTER_POLL_S: ClassVar[float] = 10.0

    def __init__(self, config: AgentConfig, *, library: ProfileLibrary | None = None,
                 driver_options: dict[str, dict] | None = None, source: str = "") -> None:
        self.config = config
        self.source = source  # the file it was read from (an agent may read it again: the kiosk's admin reload)
        self.profiles = bind_hardware(config, self.roles, library, source)
        self.driver_options = driver_options or {}  # role → extra driver options (tests: a fast reconnect backoff)
        self.commands = CommandTable()
        self.drivers: dict[str, Any] = {}
        self.printers: dict[str, PrinterStation] = {}
        self.session = DeviceSession(self._session_config(), self.commands,
                                     on_connection=self._link_changed, on_service=self._link_changed)
        self._online = False
        self._parts: dict[str, Part] | None = None
        self._health = Worker(f"health-{config.device}", self._health_loop)
        self._stopping = threading.Event()

    @classmethod
    def from_file(cls, path: str | Path, **options) -> "Agent":
        return cls(load_agent_config(path, cls.config_model), source=str(path), **options)

    # ---- what a kind of agent fills in
    def build(self) -> None:
        """Create drivers (`self.driver`, `self.printer`), register commands, `self.follow` shared state."""

    def capabilities(self) -> list[str]:
        """What the service may ask of this device (print, rating, screen ...), from what it binds (self.profiles)."""
        return []

    def on_online(self, online: bool) -> None:
        """The service became reachable (True) or not (False); runs on the session's state thread."""

    def on_health(self, parts: dict[str, Part]) -> None:
        """The hardware's health changed (a printer ran out of paper, or got it back); runs on the health thread."""

    def extra_parts(self) -> dict[str, Part]:
        """Health of parts that are not drivers (a rating pad that does not match the centre's scale)."""
        return {}

    # ---- building blocks
    def driver(self, role: str, **options):
        """The driver of a bound role (None when the file binds nothing to it)."""
        profile = self.profiles.get(role)
        if profile is None:
            return None
        options = {**options, **self.driver_options.get(role, {})}
        self.drivers[role] = build_driver(self.config.hardware[role], profile, **options)
        return self.drivers[role]

    def printer(self, role: str) -> PrinterStation | None:
        profile = self.profiles.get(role)
        if profile is None:
            return None
        driver = build_driver(self.config.hardware[role], profile, **self.driver_options.get(role, {}))
        self.printers[role] = PrinterStation(role, driver, self.report)
        return self.printers[role]

    def follow(self, topic: str, model: type[WireModel], handler: Callable[[WireModel, bool], None],
               cleared: Callable[[str], None] | None = None) -> None:
        """Apply every message of a shared state topic (retained ones too) as a typed model; a bad one is logged.
        An empty payload is the retained state cleared (a counter taken out): `cleared(topic)`, when given."""
        def apply(topic_: str, payload: bytes, retained: bool) -> None:
            if not payload:
                if cleared is not None:
                    cleared(topic_)
                return
            try:
                message = decode(model, payload)
            except WireError as exc:
                log.warning("%s: bad %s on %s dropped: %s", self.config.device, model.__name__, topic_, exc)
                return
            handler(message, retained)

        self.session.watch(topic, apply)

    # ---- lifecycle
    def start(self, wait: float = 5.0) -> "Agent":
        self.build()
        for role, driver in self.drivers.items():
            log.info("%s: starting %s (%s on %s)", self.config.device, role, self.profiles[role].id,
                     self.config.hardware[role].port)
            driver.start()
        for station in self.printers.values():
            station.start()
        connected = self.session.start(wait)
        # After the session opened its outbox: the first poll may find paper out and report it at once.
        self._health.start()
        if not connected:
            log.warning("%s: broker %s:%s not reachable yet; retrying in the background", self.config.device,
                        self.config.broker.host, self.config.broker.port)
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._health.stop()
        self.session.stop()
        for driver in self.drivers.values():
            driver.stop()
        for station in self.printers.values():
            station.stop()

    def run(self) -> int:
        """Run until SIGTERM (systemd, docker stop) or Ctrl+C; both stop cleanly (a retained `disconnected`)."""
        self._install_signals(self._stopping.set)
        self.start()
        try:
            while not self._stopping.wait(0.5):
                pass
        finally:
            self.stop()
        return 0

    @staticmethod
    def _install_signals(stop: Callable[[], None]) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda _s, _f: stop())

    # ---- the two ways out
    @property
    def online(self) -> bool:
        return self.session.service_ready

    def act(self, verb: str, fields: dict, timeout: float | None = None) -> WireModel:
        """An interactive request that must not act later; Offline when it cannot act now. A refusal by the
        service raises RequestError with its code and message."""
        if not self.session.service_ready:
            raise Offline("the broker is away" if not self.session.connected else "the service is away")
        try:
            return self.session.request(verb, fields, timeout=timeout or self.ACTION_TIMEOUT_S)
        except (NotConnected, RequestTimeout) as exc:
            raise Offline(str(exc)) from exc
        except RequestError as exc:
            if exc.code == "expired":  # it reached the service too late: the same as not reaching it
                raise Offline(str(exc)) from exc
            raise

    def report(self, name: str, data: WireModel) -> Event:
        """An event that keeps its meaning later: stored, then delivered once, now or when the broker is back."""
        return self.session.raise_event(name, data)

    # ---- internals
    def _session_config(self) -> SessionConfig:
        c = self.config
        return SessionConfig(
            centre=c.centre, device=c.device, password=c.broker.secret(), kind=self.kind, host=c.broker.host,
            port=c.broker.port, state_dir=c.state_dir, software=_software(),
            profiles=tuple(sorted(p.id for p in self.profiles.values())), capabilities=tuple(self.capabilities()),
            keepalive=c.broker.keepalive, cafile=c.broker.cafile,
            counter=counter_id(c.counter) if c.counter is not None else None)

    def _link_changed(self, _state: bool) -> None:
        online = self.session.service_ready
        if online != self._online:
            self._online = online
            log.info("%s: %s", self.config.device, "online" if online else "offline (broker or service away)")
            self.on_online(online)

    def _health_loop(self) -> None:
        polls = 0
        while not self._health.stopping.wait(self.HEALTH_INTERVAL_S if polls else 0):
            if polls % max(1, round(self.PRINTER_POLL_S / self.HEALTH_INTERVAL_S)) == 0:
                for station in self.printers.values():
                    try:
                        station.poll()
                    except Exception:  # a printer that throws is a printer fault, not an agent crash
                        log.exception("%s: polling %s failed", self.config.device, station.role)
            polls += 1
            try:
                self._publish_health()
            except Exception:
                log.exception("%s: health check failed", self.config.device)

    def _publish_health(self) -> None:
        parts = {role: link_part(d.health, self.profiles[role].kind) for role, d in self.drivers.items()}
        parts.update({role: station.part() for role, station in self.printers.items()})
        parts.update(self.extra_parts())
        if parts == self._parts:
            return
        self._parts = parts
        self.on_health(parts)
        self.session.set_health(Health(parts=parts))
        self.session.set_state("ready" if all(p.status == "ok" for p in parts.values()) else "alert")
