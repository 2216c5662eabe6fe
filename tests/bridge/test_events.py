"""Device events: a keypad press acts for its counter once however often it is resent; bad or foreign events are refused."""

from __future__ import annotations

from sqlalchemy import select

from queue_service.bridge.event_store import EventStore
from queue_service.devices.tables import Device
from tests.bridge.helpers import issue, wait_for
from wire.codec import body, encode
from wire.messages import Event, KeypadPress, RatingGiven


def test_duplicate_events_count_once_and_foreign_ones_are_refused(centre, caplog):
    topics = centre.broker.layout.topics
    centre.provision("counter", "counter-04", counter=4)
    centre.provision("display", "display-hall")
    store = EventStore(centre.db, "hcc-demo")
    keypad = centre.broker.probe("counter-04")
    display = centre.broker.probe("display-hall")
    with centre.service() as client:
        bridge = client.context.extras["bridge"]
        kiosk = centre.kiosk_token()
        client.post("/api/v1/centres/hcc-demo/counters/4/open", headers=centre.clerk(4)).raise_for_status()
        first, second = issue(client, kiosk, "LLTP"), issue(client, kiosk, "LLTP")

        press = Event(id="ev-1", seq=1, name="keypad.press", data=body(KeypadPress(key="next", counter="04")))
        for _ in range(3):  # a QoS 1 resend after a lost PUBACK looks exactly like this
            keypad.publish(topics.event("counter-04", "keypad.press"), encode(press))
        rating = Event(id="ev-3", seq=3, name="rating.given", data=body(RatingGiven(level=1, counter="04")))
        keypad.publish(topics.event("counter-04", "rating.given"), encode(rating))  # seq 2 is missing: a gap
        assert wait_for(lambda: store.count("counter-04") == 2)

        counters = client.get("/api/v1/centres/hcc-demo/counters").json()
        at4 = next(c for c in counters if c["number"] == 4)
        assert at4["current"]["number"] == first["number"], "three copies of one press called one ticket"

        foreign = Event(id="ev-x", seq=1, name="keypad.press", data=body(KeypadPress(key="next")))
        display.publish(topics.event("display-hall", "keypad.press"), encode(foreign))
        keypad.publish(topics.event("counter-04", "keypad.press"), b'{"v":1,"garbage":true}')
        assert wait_for(lambda: bridge.events.rejected >= 2)
        assert store.count("display-hall") == 0
        at4 = next(c for c in client.get("/api/v1/centres/hcc-demo/counters").json() if c["number"] == 4)
        assert at4["current"]["number"] == first["number"] != second["number"]
        assert client.get("/healthz").status_code == 200
    assert "display-hall" in caplog.text and "gap" in caplog.text
    keypad.stop()
    display.stop()


def test_device_state_is_recorded(centre):
    from devicekit.mqtt.simulator import SimulatedDevice

    device = SimulatedDevice(centre.provision("kiosk", "kiosk-1"))
    with centre.service():
        assert device.start(5)

        def seen():
            with centre.db.read() as session:
                row = session.scalar(select(Device).where(Device.id == "kiosk-1"))
                return row.availability and row.meta and row.health and row.availability["state"] == "ready"
        assert wait_for(seen)
        device.stop()
