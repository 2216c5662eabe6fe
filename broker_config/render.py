"""Renders a centre's Mosquitto configuration, password file and ACL into the broker directory."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from broker_config.passwd import render_passwd
from wire.topics import Topics


@dataclass(frozen=True)
class TLSFiles:
    """A TLS listener: the port and the PEM files (CA, server certificate, server key)."""

    port: int
    cafile: Path
    certfile: Path
    keyfile: Path


@dataclass(frozen=True)
class Bridge:
    """A bridge from this centre's broker to the provincial broker; topics are remapped under remote_prefix."""

    remote_host: str
    remote_port: int
    username: str
    password: str
    connection: str = "province"
    remote_prefix: str | None = None  # default: the same root as the centre (motcua/v1/{centre}/)
    cafile: Path | None = None  # TLS to the province when set


@dataclass(frozen=True)
class AuthEntry:
    """One credential: username (= device id), its `$7$` hash and whether it is a service user."""

    username: str
    secret_hash: str
    service: bool = False


@dataclass(frozen=True)
class BrokerLayout:
    """Where a centre broker keeps its files, and how it listens."""

    centre: str
    directory: Path
    host: str = "127.0.0.1"
    port: int = 1883
    tls: TLSFiles | None = None
    ws_port: int | None = None
    bridges: tuple[Bridge, ...] = field(default_factory=tuple)
    log_to_file: bool = True

    @property
    def topics(self) -> Topics:
        return Topics(self.centre)

    conf = property(lambda self: self.directory / "mosquitto.conf")
    passwd = property(lambda self: self.directory / "passwd")
    acl = property(lambda self: self.directory / "acl")
    pid_file = property(lambda self: self.directory / "mosquitto.pid")
    log_file = property(lambda self: self.directory / "mosquitto.log")
    data_dir = property(lambda self: self.directory / "data")
    service_credentials = property(lambda self: self.directory / "service.json")


def _template(name: str) -> Template:
    # Beside this module (shipped as package data); importlib.resources trips over editable installs here.
    return Template((Path(__file__).with_name("templates") / name).read_text(encoding="utf-8"))


def render_conf(layout: BrokerLayout) -> str:
    # Started as root, Mosquitto drops to user `mosquitto` and then cannot read our 0600 files (TECH-NOTES §4);
    # running as the invoking user keeps the broker directory private to it.
    user_line = f"user {getpass.getuser()}" if os.geteuid() == 0 else ""
    tls = ""
    if layout.tls:
        tls = _template("tls_listener.tmpl").substitute(
            tls_port=layout.tls.port, host=layout.host, cafile=layout.tls.cafile,
            certfile=layout.tls.certfile, keyfile=layout.tls.keyfile,
        )
    ws = _template("websockets_listener.tmpl").substitute(ws_port=layout.ws_port, host=layout.host) if layout.ws_port else ""
    bridges = "\n".join(render_bridge(layout.topics, b) for b in layout.bridges)
    return _template("mosquitto.conf.tmpl").substitute(
        centre=layout.centre, password_file=layout.passwd, acl_file=layout.acl, user_line=user_line,
        persistence_dir=layout.data_dir, log_dest=f"file {layout.log_file}" if layout.log_to_file else "stderr",
        port=layout.port, host=layout.host, tls_block=tls, websockets_block=ws, bridge_block=bridges,
    ) + f"pid_file {layout.pid_file}\n"


def render_bridge(topics: Topics, bridge: Bridge) -> str:
    local = topics.root + "/"
    remote = (bridge.remote_prefix or topics.root).rstrip("/") + "/"
    lines = [f"topic {pattern} {direction} 1 {local} {remote}" for pattern, direction in topics.bridge_rules()]
    tls = f"bridge_cafile {bridge.cafile}\nbridge_insecure false" if bridge.cafile else ""
    return _template("bridge.conf.tmpl").substitute(
        centre=topics.centre, connection=bridge.connection, remote_host=bridge.remote_host,
        remote_port=bridge.remote_port, remote_clientid=f"bridge-{topics.centre}",
        remote_username=bridge.username, remote_password=bridge.password,
        notification_topic=topics.bridge_state(bridge.connection), bridge_tls=tls, topic_lines="\n".join(lines),
    )


def render_acl(topics: Topics, service_users: list[str], extra: str = "") -> str:
    out = [f"# motcua ACL for centre {topics.centre}. Generated from the device store; edits are overwritten.",
           "# Patterns apply to every authenticated client; %u = username = device id = client id.",
           "# (Plain `topic` lines before any `user` line would apply to anonymous clients only.)"]
    out += [f"pattern {access} {pattern}" for access, pattern in topics.acl_device_rules()]
    for user in sorted(service_users):
        out += ["", f"user {user}"] + [f"topic {access} {pattern}" for access, pattern in topics.acl_service_rules()]
    return "\n".join(out) + "\n" + extra


def write_private(path: Path, text: str) -> None:
    """Write atomically with mode 0600, so a reloading broker never reads half a file."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def write_conf(layout: BrokerLayout) -> Path:
    layout.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    layout.data_dir.mkdir(exist_ok=True, mode=0o700)
    write_private(layout.conf, render_conf(layout))
    return layout.conf


def write_auth(layout: BrokerLayout, entries: list[AuthEntry], extra_acl: str = "") -> None:
    """The password file and ACL for these credentials (revoked ones are simply absent)."""
    layout.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_private(layout.passwd, render_passwd([(e.username, e.secret_hash) for e in entries]))
    write_private(layout.acl, render_acl(layout.topics, [e.username for e in entries if e.service], extra_acl))
