"""The broker rules our device contract leans on, checked on Mosquitto and on the demo's embedded broker alike:
shared subscriptions, the `$` rule, wills, revoking by SIGHUP, bad bytes, sessions kept for absent clients."""

from __future__ import annotations

import socket
import time

import mqtt5
import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from broker_config.process import signal_reload
from tests.mqtt.helpers import wait_for
from tests.support.broker import BROKER_KINDS

pytestmark = pytest.mark.parametrize("broker_kind", BROKER_KINDS)
LOST = b'{"v": 1, "state": "lost"}'


def paho_client(broker, user: str, *, keepalive: int = 30, will: str | None = None) -> mqtt.Client:
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=user, protocol=mqtt.MQTTv5)
    client.username_pw_set(user, broker.passwords[user])
    if will:
        client.will_set(will, LOST, qos=1, retain=True)
    client.connect(broker.host, broker.port, keepalive)
    client.loop_start()
    assert wait_for(client.is_connected, timeout=5)
    return client


def raw_connect(broker, user: str) -> socket.socket:
    """A bare socket past CONNECT/CONNACK, for sending bytes no well-behaved client would."""
    sock = socket.create_connection((broker.host, broker.port), timeout=5)
    sock.sendall(mqtt5.ConnectPacket(user, username=user, password=broker.passwords[user].encode()).write())
    connack, _ = mqtt5.read(memoryview(sock.recv(1024)))
    assert connack.reason_code == mqtt5.ConnAckReasonCode.SUCCESS
    return sock


def closed_by_broker(sock: socket.socket, timeout: float = 5.0) -> bool:
    sock.settimeout(timeout)
    try:
        while sock.recv(4096):  # a DISCONNECT may come first
            pass
        return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def test_shared_subscription_splits_requests_round_robin(broker):
    t = broker.layout.topics
    broker.add("kiosk-1")
    broker.add("worker-a", kind="service")
    broker.add("worker-b", kind="service")
    workers = [broker.probe(w, subscribe=[t.all_requests(share="workers")]) for w in ("worker-a", "worker-b")]
    everything = broker.probe(subscribe=[t.all_requests()])
    kiosk = broker.probe("kiosk-1")
    for i in range(6):
        assert not kiosk.publish(t.request("kiosk-1", "ping"), str(i).encode()).is_failure
    got = [sorted(int(m.payload) for m in w.drain(0.5)) for w in workers]
    assert sorted(got[0] + got[1]) == list(range(6)) and len(got[0]) == len(got[1]) == 3, got
    assert len(everything.drain(0.1)) == 6  # a plain subscription still sees every message
    workers[0].stop()
    # The broker may read the next publish before worker-a's DISCONNECT (two sockets, one loop), and round robin would
    # then still hand worker-a a message: wait until two in a row reach worker-b, so the group is worker-b alone.
    deadline, in_a_row = time.monotonic() + 10, 0
    while in_a_row < 2 and time.monotonic() < deadline:
        kiosk.publish(t.request("kiosk-1", "ping"), b"-1")
        in_a_row = in_a_row + 1 if workers[1].drain(0.2) else 0
    for i in range(6, 8):
        kiosk.publish(t.request("kiosk-1", "ping"), str(i).encode())
    assert sorted(int(m.payload) for m in workers[1].drain(0.5)) == [6, 7]
    for probe in (workers[1], everything, kiosk):
        probe.stop()


def test_leading_wildcards_never_match_dollar_topics(broker):
    broker.extra_acl = "pattern readwrite $motcua/#\npattern readwrite probe/#\n"
    for user in ("w-hash", "w-plus", "w-dollar"):
        broker.add(user)
    hash_, plus, dollar = (broker.probe(u, subscribe=[f]) for u, f in
                           (("w-hash", "#"), ("w-plus", "+/status"), ("w-dollar", "$motcua/#")))
    service = broker.probe()
    for topic in ("$motcua/status", "probe/status"):
        assert not service.publish(topic, b"x").is_failure
    assert [m.topic for m in hash_.drain(0.5)] == ["probe/status"]
    assert [m.topic for m in plus.drain(0.1)] == ["probe/status"]
    assert [m.topic for m in dollar.drain(0.1)] == ["$motcua/status"]
    for probe in (hash_, plus, dollar, service):
        probe.stop()


def test_will_on_unclean_end_and_takeover_never_on_clean_disconnect(broker):
    t = broker.layout.topics
    broker.add("kiosk-1")
    topic = t.availability("kiosk-1")
    watcher = broker.probe(subscribe=[topic])

    client = paho_client(broker, "kiosk-1", will=topic)
    client.disconnect()
    client.loop_stop()
    assert watcher.drain(0.5) == []  # a clean DISCONNECT drops the will

    client = paho_client(broker, "kiosk-1", will=topic)
    client.loop_stop()
    client.socket().close()  # the device dies without a DISCONNECT
    assert (msg := watcher.expect(topic, timeout=3)) is not None and msg.payload == LOST

    client = paho_client(broker, "kiosk-1", keepalive=1, will=topic)
    client.loop_stop()  # silent but connected: no PINGREQ any more
    started = time.monotonic()
    assert watcher.expect(topic, timeout=5) is not None  # keep-alive timeout: 1.5 × 1 s
    assert time.monotonic() - started >= 1.0
    client.socket().close()

    client = paho_client(broker, "kiosk-1", will=topic)
    dropped = []
    client.on_disconnect = lambda _c, _u, _f, reason, _p: dropped.append(reason)
    newcomer = broker.probe("kiosk-1")  # the same client id: takes the session over
    assert newcomer.connected and watcher.expect(topic, timeout=3) is not None
    # (paho's is_connected() stays True after a DISCONNECT packet from the broker; on_disconnect is what tells)
    assert wait_for(lambda: dropped, timeout=3)
    client.loop_stop()
    late = broker.probe(subscribe=[topic])
    assert late.expect(topic, timeout=3).payload == LOST  # the will was retained
    for probe in (newcomer, late):
        probe.stop()


def test_revoke_by_sighup_to_the_pid_file_drops_the_device(broker):
    t = broker.layout.topics
    broker.add("kiosk-1")
    broker.add("kiosk-2")
    victim, bystander = broker.probe("kiosk-1"), broker.probe("kiosk-2")
    dropped = []
    victim.client.on_disconnect = lambda _c, _u, _f, reason, _p: dropped.append(reason)
    watcher = broker.probe(subscribe=[t.all_device_state()[0]])
    secret = broker.passwords["kiosk-1"]
    broker.revoke("kiosk-1", reload=False)
    assert signal_reload(broker.layout.pid_file)  # what `motcua device revoke` does
    assert wait_for(lambda: dropped, timeout=5)
    victim.client.loop_stop()
    again = broker.probe("kiosk-1", password=secret)
    assert not again.connected and again.connack.value in (134, 135)  # Mosquitto 2.0 answers 135 to both
    again.client.loop_stop()
    assert not bystander.publish(t.availability("kiosk-2"), b"{}").is_failure
    assert watcher.expect(t.availability("kiosk-2"), timeout=3) is not None
    for probe in (bystander, watcher):
        probe.stop()


def test_bad_bytes_close_that_client_and_the_broker_serves_on(broker):
    t = broker.layout.topics
    broker.add("kiosk-1")
    watcher = broker.probe("kiosk-1", subscribe=[t.board()])
    for junk in (b"\x10\xff\xff\xff\xff\x7f", b"\xf0\x00", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"):
        with socket.create_connection((broker.host, broker.port), timeout=5) as sock:
            sock.sendall(junk)
            assert closed_by_broker(sock), junk
    broker.add("kiosk-2")
    bad_utf8_topic = bytes([0x30, 5, 0, 2, 0xFF, 0xFE, 0])  # PUBLISH, topic of 2 bytes that are not UTF-8
    too_big = mqtt5.PublishPacket(t.availability("kiosk-2"), b"x" * 300_000).write()  # > max_packet_size
    for junk in (bad_utf8_topic, too_big):
        with raw_connect(broker, "kiosk-2") as sock:
            sock.sendall(junk)
            assert closed_by_broker(sock)
    service = broker.probe()
    assert not service.publish(t.board(), b"{}").is_failure
    assert watcher.expect(t.board(), timeout=3) is not None
    assert broker.running()
    for probe in (watcher, service):
        probe.stop()


def test_absent_persistent_session_gets_what_it_missed(broker):
    t = broker.layout.topics
    broker.add("counter-05", kind="counter")
    broker.add("listener", kind="service")
    away = broker.probe("listener", subscribe=[t.all_events()], persistent=True)
    away.stop()  # clean disconnect; the session (expiry 600 s) keeps the subscription
    device = broker.probe("counter-05")
    props = Properties(PacketTypes.PUBLISH)
    props.MessageExpiryInterval, props.ContentType = 30, "application/json"
    props.UserProperty = [("trace", "abc")]
    device.publish(t.event("counter-05", "keypad.press"), b"kept", properties=props)
    short = Properties(PacketTypes.PUBLISH)
    short.MessageExpiryInterval = 1
    device.publish(t.event("counter-05", "rating.given"), b"expired", properties=short)
    time.sleep(1.6)
    back = broker.probe("listener", subscribe=[t.all_events()], persistent=True)
    got = back.drain(0.6)
    assert [m.payload for m in got][:1] == [b"kept"]
    if broker.kind == "embedded":  # MQTT 3.3.2.3.3; Mosquitto 2.0.11 was seen delivering it all the same
        assert [m.payload for m in got] == [b"kept"]
    p = got[0].properties
    assert 1 <= p.MessageExpiryInterval < 30 and p.ContentType == "application/json"
    assert ("trace", "abc") in p.UserProperty
    for probe in (back, device):
        probe.stop()


def test_retained_state_and_subscription_options(broker):
    t = broker.layout.topics
    service = broker.probe()
    service.publish(t.board(), b"old", retain=True)
    service.publish(t.board(), b"", retain=True)  # an empty retained message clears the topic
    service.publish(t.calls(), b"now", retain=True)
    broker.add("display-hall", kind="display")
    display = broker.probe("display-hall", subscribe=[t.board(), t.calls()])
    assert [(m.topic, m.payload, m.retain) for m in display.drain(0.5)] == [(t.calls(), b"now", True)]

    broker.add("svc-2", kind="service")
    own = paho_client(broker, "svc-2")
    seen = []
    own.on_message = lambda _c, _u, m: seen.append((m.topic, m.retain))
    own.subscribe([(t.calls(), SubscribeOptions(qos=1, retainHandling=2)),  # no retained message on subscribe
                   (t.board(), SubscribeOptions(qos=1, noLocal=True)),
                   (t.service_availability(), SubscribeOptions(qos=1, retainAsPublished=True))])
    time.sleep(0.3)
    own.publish(t.board(), b"mine", qos=1)  # no-local: not back to its sender
    service.publish(t.service_availability(), b"ready", retain=True)
    assert wait_for(lambda: seen, timeout=3)
    time.sleep(0.3)  # anything else (the board back to its sender) would have come by now
    assert seen == [(t.service_availability(), True)]  # retain as published
    own.disconnect()
    own.loop_stop()
    for probe in (display, service):
        probe.stop()
