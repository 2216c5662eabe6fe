"""Restarts: unacknowledged commands survive a service restart (acknowledged ones are not resent); the bridge
reconnects by itself after a broker restart and keeps publishing. The commands here are the rating prompts a finish
sends to the counter's rating pad."""

from __future__ import annotations

from devicekit.mqtt.commands import CommandTable
from devicekit.mqtt.session import DeviceSession
from queue_service.bridge.command_store import CommandStore
from tests.bridge.helpers import announce, call_next, expect, issue, wait_for
from wire.codec import decode, encode
from wire.messages import Ack, Command
from wire.queue_messages import Call

BASE = "/api/v1/centres/hcc-demo"


def _serve_one(client, clerk: dict, counter: int) -> dict:
    called = call_next(client, clerk, counter)
    client.post(f"{BASE}/counters/{counter}/finish", headers=clerk).raise_for_status()
    return called["ticket"]


def test_service_restart_resends_only_unacknowledged(centre):
    topics = centre.broker.layout.topics
    centre.provision("counter", "counter-01", counter=1)
    centre.provision("counter", "counter-02", counter=2)
    store = CommandStore(centre.db, "hcc-demo")
    kiosk = centre.kiosk_token()
    # Both are hand-driven, so every command sent is seen (a real session would hide repeats); counter-01 only says
    # it has a rating pad and goes away, so its prompt stays pending.
    dev1 = centre.broker.probe("counter-01")
    dev2 = centre.broker.probe("counter-02", subscribe=[topics.device_commands("counter-02")])
    with centre.service() as client:
        announce(centre, dev1, "counter-01")
        announce(centre, dev2, "counter-02")
        dev1.stop()
        issue(client, kiosk), issue(client, kiosk)
        _serve_one(client, centre.clerk(2), 2)
        msg = dev2.expect(topics.command("counter-02", "rating.open"))
        acked = decode(Command, msg.payload)
        dev2.publish(topics.ack("counter-02"), encode(Ack(id=acked.id, name=acked.name, status="done")))
        assert wait_for(lambda: all(p.device != "counter-02" for p in store.pending()))
        served = _serve_one(client, centre.clerk(1), 1)  # counter-01's pad is off: its prompt stays pending
        assert wait_for(lambda: [p for p in store.pending() if p.device == "counter-01"])
    pending = store.pending()
    assert [(p.device, p.command.name) for p in pending] == [("counter-01", "rating.open")]
    dev2.drain(0.1)

    prompts = []
    table = CommandTable()
    table.register("rating.open", prompts.append)
    pad = DeviceSession(centre.broker.session_config("counter-01", "counter", capabilities=("rating",)), table)
    assert pad.start(5)
    with centre.service():
        assert wait_for(lambda: prompts), "the pending prompt is resent after the restart"
        assert wait_for(lambda: store.pending() == [])
        resent_to_2 = [decode(Command, m.payload).id for m in dev2.drain(0.3)]
    assert [(p.ticket_id, p.number, p.counter) for p in prompts] == [(served["id"], served["number"], "01")]
    assert acked.id not in resent_to_2
    pad.stop()
    dev2.stop()


def test_broker_restart_bridge_reconnects_and_publishes(centre):
    broker, topics = centre.broker, centre.broker.layout.topics
    centre.provision("display", "display-hall")
    kiosk = centre.kiosk_token()
    with centre.service() as client:
        bridge = client.context.bridge
        assert bridge.connected and bridge.connection.connects == 1
        broker.restart(down_s=1.0)
        assert wait_for(lambda: bridge.connection.connects >= 2, timeout=20), "reconnected by itself"
        display = broker.probe("display-hall", subscribe=[topics.calls()])
        ticket = issue(client, kiosk)
        call_next(client, centre.clerk(3), 3)
        call = expect(display, topics.calls(), Call)
        assert call.number == ticket["number"] and call.counter == "03"
        display.stop()


def test_an_unacknowledged_command_is_resent_with_backoff_until_acknowledged(centre):
    topics = centre.broker.layout.topics
    centre.provision("counter", "counter-02", counter=2)
    store = CommandStore(centre.db, "hcc-demo")
    led = centre.broker.probe("counter-02", subscribe=[topics.device_commands("counter-02")])
    with centre.service() as client:
        announce(centre, led, "counter-02")
        issue(client, centre.kiosk_token())
        _serve_one(client, centre.clerk(2), 2)
        first = led.expect(topics.command("counter-02", "rating.open"))
        sent = decode(Command, first.payload)
        again = led.expect(topics.command("counter-02", "rating.open"), timeout=4)  # the first resend: after 2 s
        assert again is not None and decode(Command, again.payload).id == sent.id
        led.publish(topics.ack("counter-02"), encode(Ack(id=sent.id, name=sent.name, status="done")))
        assert wait_for(lambda: store.pending() == [])
        assert led.drain(4.5) == [], "nothing is resent once acknowledged (the next resend was due 4 s later)"
    led.stop()
