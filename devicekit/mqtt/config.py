"""What a device session needs to know: broker address, its credentials, where its local state lives."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SessionConfig:
    centre: str
    device: str = field(metadata={"doc": "device id = MQTT username = client id"})
    password: str = field(repr=False, default="")
    kind: str = "kiosk"
    host: str = "127.0.0.1"
    port: int = 1883
    state_dir: Path = Path("var/device")
    software: str = "motcua-0.1.0"
    profiles: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    keepalive: int = 30
    session_expiry_s: int = 3600
    reconnect_min_s: int = 1
    reconnect_max_s: int = 30
    cafile: Path | None = None
    counter: str | None = None  # counter id the device serves (counter agents, rating tablets), in its meta

    @property
    def outbox_path(self) -> Path:
        return Path(self.state_dir) / f"{self.device}.sqlite3"
