"""A real Mosquitto on a free loopback port with the project's own configuration and ACLs, for tests and benchmarks;
or, with kind="embedded", the demo's embedded Python broker on the very same files."""

from __future__ import annotations

import contextlib
import os
import queue
import socket
import threading
import time
from pathlib import Path
from typing import Iterator

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from broker_config.passwd import hash_secret, new_secret
from broker_config.process import BrokerProcess, EmbeddedBrokerProcess, MosquittoProcess, find_mosquitto, free_port
from broker_config.render import AuthEntry, BrokerLayout, write_auth, write_conf
from devicekit.mqtt.config import SessionConfig

SERVICE = "service"
KINDS = {"mosquitto": MosquittoProcess, "embedded": EmbeddedBrokerProcess}
# A test module runs against both brokers with `pytest.mark.parametrize("broker_kind", BROKER_KINDS)`: its
# `broker` fixture follows `broker_kind` (Mosquitto when not parametrized).
BROKER_KINDS = tuple(KINDS)


def require_mosquitto(kind: str = "mosquitto") -> None:
    """Skip without Mosquitto locally; in CI (CI=true) its absence is a failure. The embedded broker needs nothing."""
    import pytest

    if kind == "mosquitto" and find_mosquitto() is None:
        if os.environ.get("CI"):
            pytest.fail("mosquitto is required in CI (scripts/system-deps.sh installs it)")
        pytest.skip("mosquitto is not installed")


class TestBroker:
    """Credentials are kept in memory here (the store-backed path is tested through `motcua device`)."""

    __test__ = False  # not a pytest test class

    def __init__(self, directory: Path, centre: str = "test", port: int | None = None, kind: str = "mosquitto",
                 **layout_options) -> None:
        if kind not in KINDS:
            raise ValueError(f"broker kind {kind!r} is not one of {sorted(KINDS)}")
        self.kind = kind
        self.layout = BrokerLayout(centre, Path(directory), port=port or free_port(), **layout_options)
        self.host, self.port, self.centre = self.layout.host, self.layout.port, centre
        self._entries: dict[str, AuthEntry] = {}
        self.passwords: dict[str, str] = {}
        self.extra_acl = ""  # ACL lines appended to the generated ones (tests of the ACL rules themselves)
        self._process: BrokerProcess | None = None

    def start(self) -> "TestBroker":
        if SERVICE not in self._entries:
            self.add(SERVICE, kind="service")
        write_conf(self.layout)
        self._process = KINDS[self.kind](self.layout.conf, self.host, self.port, self.layout.log_file).start()
        return self

    def stop(self) -> None:
        if self._process is not None:
            self._process.stop()
            self._process = None

    def restart(self, down_s: float = 0.0, wipe: bool = False) -> None:
        """Stop and start again on the same port and persistence directory; `wipe` loses every session and
        subscription, as a broker replaced by a fresh one would (the embedded broker always does: memory only)."""
        self.stop()
        time.sleep(down_s)
        if wipe:
            for item in self.layout.data_dir.glob("*"):
                item.unlink()
        self.start()

    def running(self) -> bool:
        return self._process is not None and self._process.running()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def add(self, device: str, kind: str = "kiosk") -> str:
        secret = new_secret()
        self._entries[device] = AuthEntry(device, hash_secret(secret), service=kind == "service")
        self.passwords[device] = secret
        self._sync()
        return secret

    def revoke(self, device: str, reload: bool = True) -> None:
        """Remove the credential from the files; `reload=False` leaves the SIGHUP to the caller."""
        self._entries.pop(device, None)
        self._sync(reload)

    def _sync(self, reload: bool = True) -> None:
        write_auth(self.layout, list(self._entries.values()), self.extra_acl)
        if reload and self._process is not None:
            self._process.reload()
            time.sleep(0.2)  # the reload is asynchronous; give the broker a moment to reread the files

    def session_config(self, device: str, kind: str = "kiosk", **overrides) -> SessionConfig:
        if device not in self.passwords:
            self.add(device, kind)
        values = dict(centre=self.centre, device=device, password=self.passwords[device], kind=kind,
                      host=self.host, port=self.port, state_dir=self.layout.directory / "devices",
                      reconnect_min_s=1, reconnect_max_s=2)
        values.update(overrides)
        return SessionConfig(**values)

    def probe(self, username: str = SERVICE, password: str | None = None, subscribe: list[str] = (),
              persistent: bool = False) -> "Probe":
        secret = self.passwords.get(username, "") if password is None else password
        return Probe(self.host, self.port, username, secret, subscribe, persistent).start()

    def log(self) -> str:
        return self.layout.log_file.read_text(errors="replace") if self.layout.log_file.exists() else ""


@contextlib.contextmanager
def running_broker(directory: Path, centre: str = "test", kind: str = "mosquitto") -> Iterator[TestBroker]:
    broker = TestBroker(directory, centre, kind=kind).start()
    try:
        yield broker
    finally:
        broker.stop()


class Probe:
    """A plain paho v5 client for tests: collects what it receives, publishes and reports reason codes."""

    def __init__(self, host: str, port: int, username: str, password: str, subscribe: list[str],
                 persistent: bool = False) -> None:
        self.host, self.port, self.filters, self.persistent = host, port, list(subscribe), persistent
        self.messages: queue.Queue = queue.Queue()
        self.connack = None
        self._ready = threading.Event()
        self._suback = threading.Event()
        c = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=username, protocol=mqtt.MQTTv5)
        c.username_pw_set(username, password)
        c.on_socket_open = lambda _c, _u, s: s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        c.on_connect = self._on_connect
        c.on_subscribe = lambda *_a: self._suback.set()
        c.on_message = lambda _c, _u, m: self.messages.put(m)
        c.on_publish = self._on_publish
        self._acks: dict = {}
        self._acked = threading.Condition()
        self.client = c

    def start(self, timeout: float = 5.0) -> "Probe":
        props = None
        if self.persistent:  # keep subscriptions and queued messages across a broker restart
            props = Properties(PacketTypes.CONNECT)
            props.SessionExpiryInterval = 600
        self.client.reconnect_delay_set(1, 2)
        self.client.connect(self.host, self.port, 30, clean_start=not self.persistent, properties=props)
        self.client.loop_start()
        self._ready.wait(timeout)
        if self.filters and self.connected:
            self._suback.wait(timeout)
        return self

    @property
    def connected(self) -> bool:
        return self.connack is not None and not self.connack.is_failure

    def _on_connect(self, client, _u, _flags, reason, _props) -> None:
        self.connack = reason
        if not reason.is_failure and self.filters:
            client.subscribe([(f, 1) for f in self.filters])
        self._ready.set()

    def publish(self, topic: str, payload: bytes, retain: bool = False, properties=None, timeout: float = 5.0):
        """Publish at QoS 1 and return the PUBACK reason code (135 when the ACL refuses)."""
        info = self.client.publish(topic, payload, qos=1, retain=retain, properties=properties)
        with self._acked:
            self._acked.wait_for(lambda: info.mid in self._acks, timeout)
            return self._acks.pop(info.mid, None)

    def _on_publish(self, _c, _u, mid, reason, _p) -> None:
        # PUBACK may come before publish() has returned its mid, so results are parked by mid.
        with self._acked:
            self._acks[mid] = reason
            self._acked.notify_all()

    def expect(self, topic: str | None = None, timeout: float = 5.0):
        """The next message (on `topic` if given), or None after `timeout`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty:
                return None
            if topic is None or msg.topic == topic:
                return msg
        return None

    def drain(self, wait: float = 0.3) -> list:
        time.sleep(wait)
        out = []
        while not self.messages.empty():
            out.append(self.messages.get_nowait())
        return out

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
