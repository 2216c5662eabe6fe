"""Broker restarts: the runtime reconnects and resubscribes by itself; events raised meanwhile arrive once."""

from __future__ import annotations

import pytest

from devicekit.mqtt import CommandTable, DeviceSession, NotConnected
from tests.mqtt.helpers import command, wait_for
from wire.codec import decode, encode
from wire.messages import Ack, CodeScanned, Event

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]


def test_events_raised_while_the_broker_is_down_arrive_once(broker):
    t = broker.layout.topics
    service = broker.probe(subscribe=[t.all_events()], persistent=True)
    session = DeviceSession(broker.session_config("counter-05", kind="counter"))
    assert session.start()
    session.raise_event("code.scanned", CodeScanned(code="next"))
    # Once its PUBACK is in, an event is never sent again. (Had the broker died before the PUBACK, paho would
    # resend it with the same id: at-least-once, which the id makes count once at the service.)
    assert wait_for(lambda: session.outbox.count() == 0, timeout=3)
    broker.stop()
    assert wait_for(lambda: not session.connected, timeout=5)
    with pytest.raises(NotConnected):
        session.request("ping", {}, timeout=1)
    raised = [session.raise_event("code.scanned", CodeScanned(code=k)) for k in ("recall", "done", "next")]
    assert session.outbox.count() >= 3
    broker.start()
    assert wait_for(lambda: session.connected, timeout=10)
    assert wait_for(lambda: session.outbox.count() == 0, timeout=5)
    got = [decode(Event, m.payload) for m in service.drain(1.5)]
    ids = [e.id for e in got]
    assert sorted(set(ids)) == sorted(ids), "an event arrived twice"
    assert {e.id for e in raised} <= set(ids)
    seqs = sorted(e.seq for e in got)
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gap
    session.stop()
    service.stop()


def test_runtime_resubscribes_after_a_broker_that_lost_all_state(broker):
    t = broker.layout.topics
    table = CommandTable()
    shown = []
    table.register("screen.touch", lambda args: shown.append((args.x, args.y)))
    session = DeviceSession(broker.session_config("display-hall", kind="display"), table)
    assert session.start()
    broker.restart(wipe=True)  # no persisted subscriptions: only on_connect's subscribe can save us
    assert wait_for(lambda: session.connected, timeout=10)
    service = broker.probe(subscribe=[t.ack("display-hall")])
    cmd = command("screen.touch", {"x": 0.1, "y": 0.1})
    wait_for(lambda: False, timeout=0.3)  # let the SUBSCRIBE of on_connect land
    service.publish(t.command("display-hall", "screen.touch"), encode(cmd))
    ack = service.expect(timeout=5)
    assert ack is not None and decode(Ack, ack.payload).status == "done"
    assert shown == [(0.1, 0.1)]
    session.stop()
    service.stop()
