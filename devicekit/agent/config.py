"""One YAML file per agent: who it is, where its broker is, and the hardware it binds (role → profile + port).

Checked once at start-up: the schema (unknown keys refused, with the file's line), then every role against the
agent's roles and the hardware profiles, with errors that name the role, the port and what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from devicekit.device_config import HardwareBinding, bind
from devicekit.profiles import ProfileLibrary
from yaml_config import ConfigError, load_yaml

SLUG = r"^[a-z0-9][a-z0-9_-]{0,62}$"
C = TypeVar("C", bound="AgentConfig")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BrokerConfig(_Strict):
    """The centre's Mosquitto as this agent reaches it."""

    host: str = Field("127.0.0.1", description="broker address")
    port: int = Field(1883, ge=1, le=65535, description="broker port (8883 is usual for TLS)")
    secret_file: Path = Field(description="file holding this device's MQTT secret (`motcua device add` shows it "
                              "once); keep it readable by the agent's user only")
    cafile: Path | None = Field(None, description="CA certificate of the broker, to connect over TLS")
    keepalive: int = Field(30, ge=5, le=600, description="seconds between keepalive pings; a lost agent is seen "
                           "after 1.5 times this")

    def secret(self) -> str:
        try:
            return self.secret_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"broker.secret_file: cannot read {self.secret_file} ({exc.strerror})") from None


class AgentConfig(_Strict):
    """What every agent's file holds; an agent kind adds its own section (a screen, its fields)."""

    version: Literal[1] = Field(description="format version of this file; this release reads 1")
    centre: str = Field(pattern=SLUG, description="centre id, as in the centre file")
    device: str = Field(pattern=SLUG, description="this device's id: its MQTT username and client id")
    counter: int | None = Field(None, ge=1, le=999, description="the counter it serves (counter agents, rating "
                                "tablets); must match `motcua device add ... --counter N`")
    broker: BrokerConfig = Field(description="the centre's broker")
    state_dir: Path = Field(Path("/var/lib/motcua"), description="where the agent keeps its outbox and boot "
                            "counter; survives restarts and power cuts")
    hardware: dict[str, HardwareBinding] = Field(default_factory=dict, description="role → the device bound to it "
                                                  "(profile id from hardware_profiles/, port URL, overrides)")


@dataclass(frozen=True)
class Role:
    """A piece of hardware an agent can drive: which profile kind it takes, and whether the agent needs it."""

    kind: str
    description: str
    required: bool = False


def load_agent_config(path: str | Path, model: type[C]) -> C:
    return load_yaml(path, model, shape="'version: 1', 'centre:', 'device:', 'broker:'",
                     example="examples/agents/")


def bind_hardware(config: AgentConfig, roles: dict[str, Role], library: ProfileLibrary | None = None,
                  source: str = "") -> dict[str, object]:
    """role → its profile (overrides applied); ConfigError lists every problem, one line each."""
    library = library or ProfileLibrary()
    prefix = f"{source}: " if source else ""
    errors: list[str] = []
    bound: dict[str, object] = {}
    ports: dict[str, str] = {}
    for role, binding in config.hardware.items():
        where = f"hardware.{role} (port {binding.port})"
        spec = roles.get(role)
        if spec is None:
            known = ", ".join(sorted(roles)) or "none"
            errors.append(f"{where}: this agent has no role {role!r} (expected one of: {known})")
            continue
        if binding.port in ports:
            errors.append(f"{where}: port already used by hardware.{ports[binding.port]} (expected one device per port)")
        ports.setdefault(binding.port, role)
        profile = bind(where, binding, library, errors)
        if profile is None:
            continue
        if profile.kind != spec.kind:
            errors.append(f"{where}: profile {profile.id} is a {profile.kind}, but {role} takes a {spec.kind} "
                          f"profile ({spec.description})")
            continue
        bound[role] = profile
    for role, spec in roles.items():
        if spec.required and role not in config.hardware:
            errors.append(f"hardware.{role}: required ({spec.description}), but missing")
    if errors:
        raise ConfigError("\n".join(prefix + e for e in errors))
    return bound
