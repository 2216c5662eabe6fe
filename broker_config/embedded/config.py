"""The parts of a mosquitto.conf the demo broker honours (a real centre runs Mosquitto); the rest is named in
`ignored`, so the log says plainly what this broker does not do (TLS, websockets, bridges, persistence)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Options that only matter to a real Mosquitto and change nothing a client can see here.
HARMLESS = {"per_listener_settings", "user", "log_type", "autosave_interval", "persistence_location",
            "set_tcp_nodelay", "socket_domain"}
INTEGER = {"max_packet_size", "message_size_limit", "max_inflight_messages", "max_queued_messages", "max_keepalive"}
TLS_OPTIONS = {"cafile", "capath", "certfile", "keyfile", "psk_hint", "tls_version", "require_certificate"}
# Options of a bridge section (after `connection`); any other option there is still a broker-wide one.
BRIDGE_OPTIONS = {"address", "addresses", "topic", "cleansession", "restart_timeout", "try_private", "notifications",
                  "keepalive_interval", "start_type", "round_robin", "idle_timeout", "threshold"}
BRIDGE_PREFIXES = ("bridge_", "remote_", "local_", "notification")


class ConfigError(ValueError):
    """A mosquitto.conf line this broker cannot run with; it names the file and line."""


@dataclass
class Listener:
    port: int
    host: str | None = None  # None: every interface, as Mosquitto's `listener PORT`
    protocol: str = "mqtt"
    tls: bool = False
    use_username_as_clientid: bool = False

    @property
    def supported(self) -> bool:
        return self.protocol == "mqtt" and not self.tls


@dataclass
class BrokerConfig:
    path: Path
    listeners: list[Listener] = field(default_factory=list)
    allow_anonymous: bool = False  # Mosquitto 2's default
    password_file: Path | None = None
    acl_file: Path | None = None
    pid_file: Path | None = None
    log_dest: str = "stderr"  # "stderr", "stdout", "none" or a file path
    log_timestamp_format: str | None = None
    connection_messages: bool = True
    persistence: bool = False
    max_packet_size: int = 0  # 0: MQTT's own limit
    message_size_limit: int = 0
    max_inflight_messages: int = 20
    max_queued_messages: int = 1000
    max_keepalive: int = 65535
    ignored: list[str] = field(default_factory=list)

    @property
    def served(self) -> list[Listener]:
        return [listener for listener in self.listeners if listener.supported]


def load_config(path: Path) -> BrokerConfig:
    path = Path(path)
    return parse_config(path.read_text(encoding="utf-8"), path)


def parse_config(text: str, path: Path) -> BrokerConfig:
    config = BrokerConfig(path)
    default_clientid = False  # options before any `listener` belong to the default listener (`port`)
    listener: Listener | None = None
    bridge: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(" ")
        value = value.strip()
        where = f"{path} line {number}"
        if key == "connection":
            bridge = value
            config.ignored.append(f"bridge {value!r} (bridges need Mosquitto)")
            continue
        if key == "listener":
            bridge = None
            port, _, host = value.partition(" ")
            listener = Listener(_int(port, where), host.strip() or None)
            config.listeners.append(listener)
        elif bridge is not None and (key in BRIDGE_OPTIONS or key.startswith(BRIDGE_PREFIXES)):
            continue  # of a bridge this broker does not run
        elif key == "port":
            config.listeners.append(Listener(_int(value, where), None, use_username_as_clientid=default_clientid))
        elif key == "protocol" and listener is not None:
            listener.protocol = value
        elif key in TLS_OPTIONS and listener is not None:
            listener.tls = True
        elif key == "use_username_as_clientid":
            if listener is None:
                default_clientid = _bool(value, where)
            else:
                listener.use_username_as_clientid = _bool(value, where)
        elif key in ("password_file", "acl_file", "pid_file"):
            setattr(config, key, Path(value))
        elif key in ("allow_anonymous", "connection_messages", "persistence"):
            setattr(config, key, _bool(value, where))
        elif key in INTEGER:
            setattr(config, key, _int(value, where))
        elif key == "log_dest":
            kind, _, target = value.partition(" ")
            config.log_dest = target.strip() if kind == "file" else kind
        elif key == "log_timestamp_format":
            config.log_timestamp_format = value
        elif key not in HARMLESS:
            config.ignored.append(f"{key} (line {number})")
    for listener in config.listeners:
        if not listener.supported:
            what = "TLS" if listener.tls else listener.protocol
            config.ignored.append(f"{what} listener on port {listener.port}")
    if not config.served:
        raise ConfigError(f"{path}: no plain MQTT listener to serve (the embedded broker does no TLS or websockets)")
    return config


def _int(value: str, where: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a number") from None


def _bool(value: str, where: str) -> bool:
    if value not in ("true", "false"):
        raise ConfigError(f"{where}: {value!r} is neither true nor false")
    return value == "true"
