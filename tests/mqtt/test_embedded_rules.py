"""The embedded demo broker's own parts: topic matching, the Mosquitto ACL and password file readers, the
mosquitto.conf reader, and what only it does (MQTT v5 only, maximum QoS 1)."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import time
from pathlib import Path

import mqtt5
import pytest

from broker_config.embedded.acl import READ, WRITE, Acl, AclError
from broker_config.embedded.auth import PasswordFile
from broker_config.embedded.config import ConfigError, load_config, parse_config
from broker_config.embedded.topics import SubscriptionTree, TopicError, matches, parse_filter
from broker_config.passwd import hash_secret
from broker_config.render import Bridge, BrokerLayout, TLSFiles, render_acl, render_conf
from tests.mqtt.helpers import wait_for
from tests.support.broker import TestBroker
from wire.topics import Topics


@pytest.mark.parametrize("filter_, topic, expected", [
    ("a/b", "a/b", True), ("a/+", "a/b", True), ("a/+", "a/b/c", False), ("a/#", "a", True),
    ("a/#", "a/b/c", True), ("#", "a/b", True), ("+/+", "a/b", True), ("+", "/", False), ("+/+", "/x", True),
    ("#", "$SYS/x", False), ("+/x", "$SYS/x", False), ("$SYS/#", "$SYS/x", True), ("a/b", "a/c", False),
])
def test_filter_matching_and_the_dollar_rule(filter_, topic, expected):
    assert matches(filter_, topic) is expected
    tree = SubscriptionTree()
    tree.add(filter_, "k", 1)
    assert bool(tree.match(topic)) is expected


def test_subscription_tree_adds_removes_and_prunes():
    tree = SubscriptionTree()
    for key, filter_ in [("a", "x/+/z"), ("b", "x/#"), ("c", "x/y/z"), ("d", "q")]:
        tree.add(filter_, key, filter_)
    assert sorted(k for k, _ in tree.match("x/y/z")) == ["a", "b", "c"]
    tree.remove("x/+/z", "a")
    tree.remove("x/#", "b")
    tree.remove("x/y/z", "c")
    tree.remove("nothing/here", "z")
    assert tree.match("x/y/z") == [] and list(tree._root.children) == ["q"]


def test_shared_and_plain_filters_are_parsed_and_checked():
    assert (parse_filter("$share/g/a/+").group, parse_filter("$share/g/a/+").filter) == ("g", "a/+")
    assert parse_filter("$share/g/a/#").key == "$share/g/a/#" and parse_filter("a/#").group is None
    for bad in ("", "a/#/b", "a#", "a+/b", "$share/g", "$share//a", "$share/g+/a", "$share/g/"):
        with pytest.raises(TopicError):
            parse_filter(bad)


def test_acl_as_rendered_confines_each_device():
    t = Topics("test")
    acl = Acl.parse(render_acl(t, ["service"]))
    assert acl.allowed("kiosk-1", "kiosk-1", t.availability("kiosk-1"), WRITE)
    assert not acl.allowed("kiosk-1", "kiosk-1", t.availability("kiosk-2"), WRITE)
    assert not acl.allowed("kiosk-1", "kiosk-1", t.availability("kiosk-1"), READ)
    assert acl.allowed("kiosk-1", "kiosk-1", t.command("kiosk-1", "display.show"), READ)
    assert not acl.allowed("kiosk-1", "kiosk-1", t.command("kiosk-1", "display.show"), WRITE)
    assert not acl.allowed("kiosk-1", "kiosk-1", t.command("kiosk-2", "display.show"), READ)
    assert acl.allowed("kiosk-1", "kiosk-1", t.counter_state("05"), READ)
    assert acl.allowed("service", "service", t.command("kiosk-2", "display.show"), WRITE | READ)
    assert not acl.allowed("service", "service", "motcua/v1/other/board", READ)
    assert not acl.allowed("kiosk+", "kiosk+", "motcua/v1/test/dev/kiosk+/availability", WRITE)  # no %u widening


def test_acl_users_deny_clientid_anonymous_and_dollar_topics():
    acl = Acl.parse("topic read public/#\n"
                    "user alice\ntopic #\ntopic deny secret/#\ntopic read $SYS/#\n"
                    "pattern write clients/%c/#\n")
    assert acl.allowed(None, "anon", "public/x", READ) and not acl.allowed("bob", "bob", "public/x", READ)
    assert acl.allowed("alice", "a", "any/thing", WRITE) and not acl.allowed("alice", "a", "secret/x", READ)
    assert not acl.allowed("alice", "a", "$other/x", READ) and acl.allowed("alice", "a", "$SYS/load", READ)
    assert acl.allowed("bob", "dev-1", "clients/dev-1/x", WRITE) and not acl.allowed("bob", "dev-1", "clients/dev-2/x", WRITE)
    for bad in ("frobnicate x", "user", "topic read a/#/b"):
        with pytest.raises(AclError):
            Acl.parse(bad)


def test_password_file_verifies_mosquitto_hashes(tmp_path):
    passwords = PasswordFile.parse(f"kiosk-1:{hash_secret('s3cret')}\n# comment\nbroken line\n")
    assert passwords.check("kiosk-1", b"s3cret")
    assert not passwords.check("kiosk-1", b"wrong") and not passwords.check("kiosk-2", b"s3cret")
    assert not passwords.check("kiosk-1", None) and not passwords.check("kiosk-1", b"\xff")
    if shutil.which("mosquitto_passwd"):  # Mosquitto's own tool, both its formats
        path = tmp_path / "passwd"
        subprocess.run(["mosquitto_passwd", "-c", "-b", path, "bob", "pw7"], check=True)
        subprocess.run(["mosquitto_passwd", "-H", "sha512", "-b", path, "alice", "pw6"], check=True)
        passwords = PasswordFile.load(path)
        assert passwords.check("bob", b"pw7") and passwords.check("alice", b"pw6")
        assert not passwords.check("alice", b"pw7")


def test_config_reads_the_rendered_conf_and_names_what_it_ignores(tmp_path):
    tls = TLSFiles(8883, tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem")
    layout = BrokerLayout("test", tmp_path, port=18830, tls=tls, ws_port=9001,
                          bridges=(Bridge("province.example", 8883, "centre-test", "pw"),))
    config = parse_config(render_conf(layout), layout.conf)
    assert [(s.port, s.host, s.use_username_as_clientid) for s in config.served] == [(18830, "127.0.0.1", True)]
    assert (config.password_file, config.acl_file, config.pid_file) == (layout.passwd, layout.acl, layout.pid_file)
    assert (config.max_packet_size, config.max_inflight_messages, config.max_keepalive) == (262144, 20, 120)
    assert config.log_dest == str(layout.log_file) and not config.allow_anonymous and config.persistence
    ignored = " ".join(config.ignored)
    assert "TLS listener on port 8883" in ignored and "websockets listener on port 9001" in ignored
    assert "bridge 'province'" in ignored
    with pytest.raises(ConfigError):
        parse_config("listener 8883\ncafile /x\n", Path("tls-only.conf"))
    with pytest.raises(ConfigError):
        parse_config("listener many\n", Path("bad.conf"))
    with pytest.raises(OSError):
        load_config(tmp_path / "missing.conf")


@pytest.fixture
def embedded(tmp_path):
    running = TestBroker(tmp_path / "broker", centre="test", kind="embedded").start()
    yield running
    running.stop()


def _connect(broker, user="service"):
    sock = socket.create_connection((broker.host, broker.port), timeout=5)
    sock.sendall(mqtt5.ConnectPacket(user, username=user, password=broker.passwords[user].encode(), keep_alive=0).write())
    connack, _ = mqtt5.read(memoryview(sock.recv(1024)))
    return sock, connack


def _closed(sock) -> bool:
    try:
        while sock.recv(4096):
            pass
        return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def test_embedded_says_maximum_qos_1_and_grants_no_more(embedded):
    sock, connack = _connect(embedded)
    with sock:
        assert connack.max_qos == mqtt5.QoS.AT_LEAST_ONCE and connack.server_keep_alive == 120
        assert connack.max_packet_size == 262144 and connack.shared_subscription_available
        sock.sendall(mqtt5.SubscribePacket(7, [mqtt5.TopicFilter("motcua/v1/test/board", max_qos=mqtt5.QoS.EXACTLY_ONCE)]).write())
        suback, _ = mqtt5.read(memoryview(sock.recv(1024)))
        assert suback.packet_id == 7 and suback.reason_codes == [mqtt5.SubAckReasonCode.GRANTED_QOS_AT_LEAST_ONCE]
        sock.sendall(mqtt5.PublishPacket("motcua/v1/test/board", b"{}", qos=mqtt5.QoS.EXACTLY_ONCE, packet_id=1).write())
        disconnect, _ = mqtt5.read(memoryview(sock.recv(1024)))
        assert disconnect.reason_code == mqtt5.DisconnectReasonCode.QOS_NOT_SUPPORTED
        assert _closed(sock)


def test_embedded_turns_mqtt_3_clients_away_and_says_why(embedded):
    v311_connect = b"\x10\x10\x00\x04MQTT\x04\x02\x00\x3c\x00\x04dev1"  # MQTT 3.1.1 CONNECT, client id "dev1"
    with socket.create_connection((embedded.host, embedded.port), timeout=5) as sock:
        sock.sendall(v311_connect)
        assert _closed(sock)
    assert wait_for(lambda: "MQTT v5 only" in embedded.log(), timeout=3)
    assert "demo only; a real centre runs Mosquitto" in embedded.log()


class Raw:
    """A bare MQTT v5 client on a socket, packets by mqtt5: for the options paho does not expose."""

    def __init__(self, broker, user: str, **connect) -> None:
        self.sock = socket.create_connection((broker.host, broker.port), timeout=5)
        self.buffer = b""
        self.sock.sendall(mqtt5.ConnectPacket(user, username=user, password=broker.passwords[user].encode(),
                                              **connect).write())
        assert self.read().reason_code == mqtt5.ConnAckReasonCode.SUCCESS

    def send(self, packet) -> None:
        self.sock.sendall(packet.write())

    def read(self, timeout: float = 5.0):
        self.sock.settimeout(timeout)
        while True:
            try:
                packet, used = mqtt5.read(memoryview(self.buffer))
                self.buffer = self.buffer[used:]
                return packet
            except IndexError:  # not a whole packet yet
                try:
                    data = self.sock.recv(65536)
                except socket.timeout:
                    return None
                if not data:
                    return None
                self.buffer += data


def test_embedded_topic_aliases_subscription_ids_and_will_delay(embedded):
    t = embedded.layout.topics
    embedded.add("kiosk-1")
    watcher = Raw(embedded, "service")
    watcher.send(mqtt5.SubscribePacket(1, [mqtt5.TopicFilter(t.everything(), max_qos=mqtt5.QoS.AT_LEAST_ONCE)],
                                       subscription_id=5))
    assert isinstance(watcher.read(), mqtt5.SubAckPacket)
    kiosk = Raw(embedded, "kiosk-1")
    kiosk.send(mqtt5.PublishPacket(t.meta("kiosk-1"), b"1", topic_alias=1))
    kiosk.send(mqtt5.PublishPacket("", b"2", topic_alias=1))  # the alias stands for the topic
    got = [watcher.read(), watcher.read()]
    assert [(p.topic, p.payload, p.subscription_ids) for p in got] == [(t.meta("kiosk-1"), b"1", [5]),
                                                                       (t.meta("kiosk-1"), b"2", [5])]
    kiosk.sock.close()

    will = mqtt5.Will(t.availability("kiosk-1"), payload=b"lost", qos=mqtt5.QoS.AT_LEAST_ONCE, retain=True,
                      will_delay_interval=1)
    kiosk = Raw(embedded, "kiosk-1", will=will, session_expiry_interval=60)
    kiosk.sock.close()  # gone without DISCONNECT, but back within the will delay: no will
    kiosk = Raw(embedded, "kiosk-1", will=will, session_expiry_interval=60)
    assert watcher.read(timeout=1.5) is None
    kiosk.sock.close()  # gone for good: the will follows after its delay
    started = time.monotonic()
    sent = watcher.read(timeout=3)
    assert sent.topic == t.availability("kiosk-1") and sent.payload == b"lost"
    assert time.monotonic() - started >= 0.8
    watcher.sock.close()


def test_embedded_survives_mutated_packets_and_still_serves(embedded):
    """Bounded fuzzing (fixed seed, 150 connections): each bad client is dropped, none is an internal error."""
    t = embedded.layout.topics
    embedded.add("kiosk-1")
    rng = random.Random(20)
    connect = mqtt5.ConnectPacket("kiosk-1", username="kiosk-1", password=embedded.passwords["kiosk-1"].encode()).write()
    valid = [
        mqtt5.PublishPacket(t.availability("kiosk-1"), b'{"v": 1}', qos=mqtt5.QoS.AT_LEAST_ONCE, packet_id=3,
                            response_topic="a/b", correlation_data=b"c", user_properties=[("a", "b")],
                            message_expiry_interval=5).write(),
        mqtt5.SubscribePacket(2, [mqtt5.TopicFilter("$share/g/a/#"), mqtt5.TopicFilter("motcua/#")]).write(),
        mqtt5.UnsubscribePacket(4, ["motcua/#"]).write(),
        mqtt5.PingReqPacket().write(),
        mqtt5.DisconnectPacket(session_expiry_interval=5).write(),
    ]

    def mutate(data: bytes) -> bytes:
        out = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            if not out:
                break
            where = rng.randrange(len(out))
            if rng.random() < 0.6:
                out[where] = rng.randrange(256)
            else:
                del out[where]
        return bytes(out)

    for i in range(150):
        with socket.create_connection((embedded.host, embedded.port), timeout=2) as sock:
            try:
                sock.sendall(connect if i % 2 else mutate(connect))
                for _ in range(rng.randint(1, 4)):
                    sock.sendall(mutate(rng.choice(valid)))
            except OSError:
                pass  # already dropped
    watcher = embedded.probe(subscribe=[t.board()])
    assert not watcher.publish(t.board(), b"{}").is_failure and watcher.expect(t.board(), timeout=3) is not None
    watcher.stop()
    assert wait_for(lambda: "malformed packet" in embedded.log(), timeout=3)
    assert embedded.running() and "Internal error" not in embedded.log()
