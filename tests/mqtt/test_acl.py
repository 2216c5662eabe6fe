"""The broker's ACL and authentication, with the project's generated configuration."""

from __future__ import annotations

import pytest

from devicekit.mqtt import ConnectRefused, DeviceSession
from tests.mqtt.helpers import command, wait_for
from tests.support.broker import BROKER_KINDS
from wire.codec import encode
from wire.messages import Availability
from wire.queue_messages import Board, Call, CounterState

pytestmark = [pytest.mark.mosquitto, pytest.mark.parametrize("broker_kind", BROKER_KINDS)]
NOT_AUTHORIZED = 135


def test_device_writes_only_its_own_subtree(broker):
    t = broker.layout.topics
    broker.add("kiosk-1")
    broker.add("counter-05", kind="counter")
    service = broker.probe(subscribe=[t.everything()])
    kiosk = broker.probe("kiosk-1")
    assert kiosk.connected
    ready = encode(Availability(state="ready"))
    assert not kiosk.publish(t.availability("kiosk-1"), ready).is_failure
    assert service.expect(t.availability("kiosk-1"), timeout=2) is not None
    forbidden = [
        (t.availability("counter-05"), ready),
        (t.event("counter-05", "keypad.press"), b"{}"),
        (t.request("counter-05", "ticket.issue"), b"{}"),
        (t.command("counter-05", "display.show"), encode(command("display.show", {"lines": ["x"]}))),
        (t.command("kiosk-1", "display.show"), b"{}"),  # not even commands to itself
        (t.counter_state("05"), encode(CounterState(counter="05", status="open"))),
        (t.board(), encode(Board())),
        (t.calls(), encode(Call(seq=1, number="1001", counter="05", field="HT"))),
        (t.service_availability(), ready),
        ("motcua/v1/other-centre/board", b"{}"),
    ]
    for topic, payload in forbidden:
        assert kiosk.publish(topic, payload).value == NOT_AUTHORIZED, topic
    assert [m.topic for m in service.drain(0.5)] == []
    kiosk.stop()
    service.stop()


def test_device_reads_only_its_own_commands_and_the_shared_state(broker):
    t = broker.layout.topics
    broker.add("counter-05", kind="counter")
    spy = broker.probe("counter-05", subscribe=[t.everything()])
    service = broker.probe()
    service.publish(t.command("kiosk-1", "display.show"), b"{}")
    service.publish(t.response("kiosk-1", "ping"), b"{}")
    service.publish(t.availability("kiosk-1"), b"{}")
    service.publish(t.command("counter-05", "display.show"), b"{}")
    service.publish(t.board(), encode(Board()))
    service.publish(t.calls(), b"{}")
    got = sorted(m.topic for m in spy.drain(0.5))
    assert got == sorted([t.command("counter-05", "display.show"), t.board(), t.calls()])
    spy.stop()
    service.stop()


def test_anonymous_and_wrong_password_are_refused(broker):
    broker.add("kiosk-1")
    assert not broker.probe("kiosk-1", password="nope").connected
    assert not broker.probe("", password="").connected
    assert not broker.probe("nobody", password="x").connected
    assert broker.probe("kiosk-1").connected


def test_revoked_device_is_dropped_and_refused_after_reload(broker):
    session = DeviceSession(broker.session_config("kiosk-9"))
    assert session.start()
    broker.revoke("kiosk-9")  # rewrites passwd + acl and SIGHUPs the broker
    assert wait_for(lambda: not session.connected, timeout=5)  # Mosquitto re-checks connected clients on reload
    assert wait_for(lambda: session.refused is not None, timeout=10)  # paho's retry is refused; we stop trying
    session.stop()
    with pytest.raises(ConnectRefused):
        DeviceSession(broker.session_config("kiosk-9", password=broker.passwords["kiosk-9"])).start()


def test_client_id_is_forced_to_the_username(broker):
    """A device claiming another device's client id must not evict it (use_username_as_clientid)."""
    broker.add("kiosk-1")
    broker.add("kiosk-2")
    victim = broker.probe("kiosk-1")
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    rogue = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="kiosk-1", protocol=mqtt.MQTTv5)
    rogue.username_pw_set("kiosk-2", broker.passwords["kiosk-2"])
    rogue.connect(broker.host, broker.port)
    rogue.loop_start()
    assert not wait_for(lambda: not victim.client.is_connected(), timeout=1.0)
    rogue.disconnect()
    rogue.loop_stop()
    victim.stop()
