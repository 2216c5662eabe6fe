"""A clerk's call through the HTTP API reaches the calling display, the retained counter state and the counter's LED."""

from __future__ import annotations

import pytest

from devicekit.mqtt.simulator import SimulatedDevice
from queue_service.bridge.command_store import CommandStore
from tests.bridge.helpers import call_next, expect, issue, wait_for
from tests.support.broker import BROKER_KINDS
from wire.messages import Availability
from wire.queue_messages import Board, Call, CounterState

pytestmark = pytest.mark.parametrize("broker_kind", BROKER_KINDS)  # Mosquitto and the demo's embedded broker


def test_call_reaches_display_state_and_led(centre):
    broker, topics = centre.broker, centre.broker.layout.topics
    centre.provision("display", "display-hall")
    led = SimulatedDevice(centre.provision("counter", "counter-01", counter=1))
    clerk, kiosk = centre.clerk(1), centre.kiosk_token()
    with centre.service() as client:
        display = broker.probe("display-hall", subscribe=[topics.calls(), topics.all_counter_states(), topics.board()])
        assert led.start(5)
        ticket = issue(client, kiosk)
        called = call_next(client, clerk, 1)
        assert called["ticket"]["number"] == ticket["number"]

        call = expect(display, topics.calls(), Call)
        assert (call.number, call.counter, call.field, call.recall) == (ticket["number"], "01", "HT", 0)
        state = expect(display, topics.counter_state("01"), CounterState, lambda s: s.number == ticket["number"])
        assert state.status == "open"
        assert expect(display, topics.board(), Board, lambda b: any(f.field == "HT" for f in b.fields))

        assert wait_for(lambda: [a for n, a in led.executed if n == "display.show"])
        shows = [a for n, a in led.executed if n == "display.show"]
        assert shows[-1].number == ticket["number"]
        store = CommandStore(centre.db, "hcc-demo")
        assert wait_for(lambda: store.pending() == []), "the LED's ack clears the pending command"

        # A recall is announced again, with a higher seq and the recall count.
        client.post("/api/v1/centres/hcc-demo/counters/1/recall", headers=clerk).raise_for_status()
        again = expect(display, topics.calls(), Call)
        assert again.seq > call.seq and again.recall == 1 and again.number == call.number

        # A display that connects later gets the retained state at once.
        centre.provision("display", "display-late")
        late = broker.probe("display-late", subscribe=[topics.all_counter_states(), topics.service_availability()])
        assert expect(late, topics.counter_state("01"), CounterState, lambda s: s.number == ticket["number"], timeout=5)
        late.stop()
        display.stop()
        led.stop()
    assert len([n for n, _ in led.executed if n == "display.show"]) == len(shows) + 1  # recall: once more, no repeats


def test_service_availability_ready_then_disconnected(centre):
    topics = centre.broker.layout.topics
    centre.provision("display", "display-hall")
    with centre.service():
        watcher = centre.broker.probe("display-hall", subscribe=[topics.service_availability()])
        assert expect(watcher, topics.service_availability(), Availability, lambda a: a.state == "ready")
    assert expect(watcher, topics.service_availability(), Availability, lambda a: a.state == "disconnected")
    watcher.stop()
