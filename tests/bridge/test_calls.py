"""A clerk's call through the HTTP API reaches the calling display and the retained counter state, which the
counter's LED follows (no command drives the LED)."""

from __future__ import annotations

import pytest

from queue_service.bridge.command_store import CommandStore
from tests.bridge.helpers import call_next, expect, issue
from tests.support.broker import BROKER_KINDS
from wire.messages import Availability
from wire.queue_messages import Board, Call, CounterState

pytestmark = pytest.mark.parametrize("broker_kind", BROKER_KINDS)  # Mosquitto and the demo's embedded broker


def test_call_reaches_display_and_the_retained_state_the_led_follows(centre):
    broker, topics = centre.broker, centre.broker.layout.topics
    centre.provision("display", "display-hall")
    centre.provision("counter", "counter-01", counter=1)
    clerk, kiosk = centre.clerk(1), centre.kiosk_token()
    with centre.service() as client:
        display = broker.probe("display-hall", subscribe=[topics.calls(), topics.all_counter_states(), topics.board()])
        led = broker.probe("counter-01", subscribe=[topics.counter_state("01"), topics.device_commands("counter-01")])
        ticket = issue(client, kiosk)
        called = call_next(client, clerk, 1)
        assert called["ticket"]["number"] == ticket["number"]

        call = expect(display, topics.calls(), Call)
        assert (call.number, call.counter, call.field, call.recall) == (ticket["number"], "01", "HT", 0)
        state = expect(display, topics.counter_state("01"), CounterState, lambda s: s.number == ticket["number"])
        assert (state.status, state.field, state.ticket_state, state.recalls) == ("open", "HT", "called", 0)
        assert (state.name, state.name_en) == ("Quầy Hộ tịch", "Civil status"), "the centre file's counter label"
        assert expect(display, topics.board(), Board, lambda b: any(
            (f.field, f.name, f.name_en) == ("HT", "Tư pháp – Hộ tịch", "Justice – Civil status") for f in b.fields))
        shown = expect(led, topics.counter_state("01"), CounterState, lambda s: s.number == ticket["number"])
        assert shown.ticket_state == "called", "the LED reads what to show from the retained state"

        # A recall is announced again, with a higher seq and the recall count; the LED sees the count go up.
        client.post("/api/v1/centres/hcc-demo/counters/1/recall", headers=clerk).raise_for_status()
        again = expect(display, topics.calls(), Call)
        assert again.seq > call.seq and again.recall == 1 and again.number == call.number
        assert expect(led, topics.counter_state("01"), CounterState, lambda s: s.recalls == 1)
        client.post("/api/v1/centres/hcc-demo/counters/1/start", headers=clerk).raise_for_status()
        assert expect(led, topics.counter_state("01"), CounterState, lambda s: s.ticket_state == "serving")
        client.post("/api/v1/centres/hcc-demo/counters/1/pause", headers=clerk).raise_for_status()
        paused = expect(led, topics.counter_state("01"), CounterState, lambda s: s.status == "paused")
        assert paused.number == ticket["number"], "a paused counter still says whom it serves; the LED decides"
        assert [m.topic for m in led.drain(0.3) if "/cmd/" in m.topic] == [], "no command is sent to the LED"
        assert CommandStore(centre.db, "hcc-demo").pending() == []

        # A display that connects later gets the retained state at once.
        centre.provision("display", "display-late")
        late = broker.probe("display-late", subscribe=[topics.all_counter_states(), topics.service_availability()])
        assert expect(late, topics.counter_state("01"), CounterState, lambda s: s.number == ticket["number"], timeout=5)
        late.stop()
        display.stop()
        led.stop()


def test_service_availability_ready_then_disconnected(centre):
    topics = centre.broker.layout.topics
    centre.provision("display", "display-hall")
    with centre.service():
        watcher = centre.broker.probe("display-hall", subscribe=[topics.service_availability()])
        assert expect(watcher, topics.service_availability(), Availability, lambda a: a.state == "ready")
    assert expect(watcher, topics.service_availability(), Availability, lambda a: a.state == "disconnected")
    watcher.stop()
