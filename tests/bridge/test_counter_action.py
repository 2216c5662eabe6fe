"""The clerk's keypad over MQTT: counter.action drives the counter exactly as the console does, answers with the
counter's new state (which the LED also gets, retained), refuses what the engine refuses in both languages, acts only
for the counter the device is registered at, and never acts on a press that expired while the service was away."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from devicekit.mqtt.requests import RequestError
from devicekit.mqtt.session import DeviceSession
from tests.bridge.helpers import RawDevice, expect, issue
from wire.queue_messages import CounterActionReply, CounterState

BASE = "/api/v1/centres/hcc-demo"


@pytest.fixture
def keypad_centre(centre):
    centre.provision("counter", "counter-04", counter=4)
    centre.provision("kiosk", "kiosk-1")
    return centre


def _counter(client, n: int) -> dict:
    return next(c for c in client.get(f"{BASE}/counters").json() if c["number"] == n)


def test_every_key_drives_the_counter_and_the_retained_state_follows(keypad_centre):
    centre, topics = keypad_centre, keypad_centre.broker.layout.topics
    with centre.service() as client:
        # A second LED at the counter (its own client id: one id per connection) watches the retained state.
        centre.provision("counter", "counter-04-led", counter=4)
        led = centre.broker.probe("counter-04-led", subscribe=[topics.counter_state("04")])
        keypad = DeviceSession(centre.broker.session_config("counter-04", "counter"))
        assert keypad.start(5)

        def press(action: str, **extra) -> CounterActionReply:
            reply = keypad.request("counter.action", {"action": action, "counter": "04", **extra})
            shown = (reply.state.number, reply.state.status, reply.state.ticket_state, reply.state.recalls)
            retained = expect(led, topics.counter_state("04"), CounterState,
                              lambda s: (s.number, s.status, s.ticket_state, s.recalls) == shown)
            assert retained is not None, f"the LED's retained state follows {action}"
            return reply

        client.post(f"{BASE}/counters/4/open", headers=centre.clerk(4)).raise_for_status()
        kiosk = centre.kiosk_token()
        first, second, third = (issue(client, kiosk, "LLTP")["number"] for _ in range(3))

        called = press("next")
        assert (called.number, called.state.number, called.state.ticket_state) == (first, first, "called")
        assert (called.state.counter, called.state.field, called.state.status) == ("04", "LLTP", "open")
        assert press("recall").state.recalls == 1
        assert press("start").state.ticket_state == "serving"
        finished = press("finish")
        assert (finished.number, finished.state.number) == (first, None)
        assert press("next").number == second
        assert press("recall").state.recalls == 1
        skipped = press("no_show")
        assert (skipped.number, skipped.state.number) == (second, None)
        assert press("next").number == third
        moved = press("transfer", to_counter=12)
        assert (moved.number, moved.state.number) == (third, None)
        assert press("pause").state.status == "paused"
        assert press("pause").state.status == "open", "the one Pause key resumes a paused counter"
        assert _counter(client, 4)["status"] == "open"
        keypad.stop()
        led.stop()


def test_refusals_come_back_in_vietnamese_and_english(keypad_centre, caplog):
    centre = keypad_centre
    with centre.service() as client:
        raw = RawDevice(centre, "counter-04")

        def ask(action: str, counter: str = "04"):
            return raw.ask("counter.action", json.dumps({"v": 1, "id": f"r-{action}-{counter}", "action": action,
                                                         "counter": counter}).encode())

        closed = ask("next")
        assert (closed.status, closed.error.code) == ("error", "counter_closed")
        assert closed.error.message == "Quầy 4 chưa mở" and closed.error.message_en == "Counter 4 is not open"
        client.post(f"{BASE}/counters/4/open", headers=centre.clerk(4)).raise_for_status()
        nobody = ask("recall")
        assert nobody.error.code == "no_current_ticket" and "Quầy 4" in nobody.error.message
        assert nobody.error.message_en == "Counter 4 has no ticket called or being served"

        issue(client, centre.kiosk_token(), "LLTP")
        foreign = ask("next", counter="05")
        assert foreign.error.code == "wrong_counter" and "quầy 04" in foreign.error.message
        assert _counter(client, 4)["current"] is None and _counter(client, 5)["current"] is None
        raw.stop()

        kiosk = DeviceSession(centre.broker.session_config("kiosk-1", "kiosk"))
        assert kiosk.start(5)
        with pytest.raises(RequestError) as refused:
            kiosk.request("counter.action", {"action": "next", "counter": "04"})
        assert refused.value.code == "forbidden"
        kiosk.stop()
        assert _counter(client, 4)["current"] is None, "no refused press called anyone"
    assert "counter-04" in caplog.text and "registered at 04" in caplog.text


def test_a_press_that_waited_out_an_outage_does_not_act(keypad_centre):
    centre = keypad_centre
    with centre.service() as client:  # the service's persistent session exists at the broker from now on
        client.post(f"{BASE}/counters/4/open", headers=centre.clerk(4)).raise_for_status()
        waiting = issue(client, centre.kiosk_token(), "LLTP")
    raw = RawDevice(centre, "counter-04")
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)
    stale = raw.send("counter.action", json.dumps({"v": 1, "id": "pressed-in-the-outage", "action": "next",
                                                   "counter": "04", "expires_at": soon.isoformat()}).encode())
    time.sleep(1.2)  # the service is still down when the press expires
    with centre.service() as client:
        reply = raw.reply("counter.action", stale, timeout=10)
        assert reply is not None, "the broker kept the press for the service and it was answered"
        assert (reply.id, reply.status, reply.error.code) == ("pressed-in-the-outage", "error", "expired")
        assert "quá hạn" in reply.error.message and "expired" in reply.error.message_en
        assert _counter(client, 4)["current"] is None, "the stale press called nobody"
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=30)
        fresh = raw.ask("counter.action", json.dumps({"v": 1, "id": "pressed-now", "action": "next", "counter": "04",
                                                      "expires_at": later.isoformat()}).encode())
        assert fresh.status == "ok" and fresh.data["number"] == waiting["number"]
    raw.stop()
