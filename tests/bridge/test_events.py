"""Device events: a finish arms the counter's rating pad and tablet (rating.open), the citizen's press is stored once
as a rating the managers can count; resends count once, and bad, foreign or unowned events are refused."""

from __future__ import annotations

from sqlalchemy import select

from devicekit.mqtt.commands import CommandTable
from devicekit.mqtt.session import DeviceSession
from queue_service.auth.roles import Role
from queue_service.bridge.event_store import EventStore
from queue_service.devices.tables import Device
from queue_service.ratings.tables import Rating
from tests.bridge.helpers import issue, wait_for
from wire.codec import body, encode
from wire.messages import Event
from wire.rating import RatingGiven

BASE = "/api/v1/centres/hcc-demo"


def _ratings(db) -> list[Rating]:
    with db.read() as session:
        return list(session.scalars(select(Rating).order_by(Rating.id)))


def test_a_finish_opens_the_rating_and_the_citizens_press_is_kept_once(centre):
    centre.provision("counter", "counter-04", counter=4)
    centre.provision("rating_tablet", "tablet-04", counter=4)
    centre.provision("rating_tablet", "tablet-05", counter=5)
    prompts: dict[str, list] = {"counter-04": [], "tablet-04": [], "tablet-05": []}
    sessions = {}
    for device, kind, capabilities in (("counter-04", "counter", ("rating", "display", "keypad")),
                                       ("tablet-04", "rating_tablet", ("screen",)), ("tablet-05", "rating_tablet", ())):
        table = CommandTable()
        table.register("rating.open", prompts[device].append)
        sessions[device] = DeviceSession(centre.broker.session_config(device, kind, capabilities=capabilities), table)
    clerk = centre.clerk(4, staff_id="nv03")
    with centre.service() as client:
        bridge = client.context.bridge
        for session in sessions.values():
            assert session.start(5)
        assert wait_for(lambda: bridge.registry.get("counter-04").capabilities == ["rating", "display", "keypad"])
        client.post(f"{BASE}/counters/4/open", headers=clerk).raise_for_status()
        first, second = issue(client, centre.kiosk_token(), "LLTP"), issue(client, centre.kiosk_token(), "LLTP")
        client.post(f"{BASE}/counters/4/next", headers=clerk).raise_for_status()
        client.post(f"{BASE}/counters/4/finish", headers=clerk).raise_for_status()
        assert wait_for(lambda: prompts["counter-04"] and prompts["tablet-04"]), "the pad and the tablet at 4 are armed"
        prompt = prompts["tablet-04"][0]
        assert (prompt.ticket_id, prompt.number, prompt.counter) == (first["id"], first["number"], "04")
        assert prompt.clerk_name == "Phạm Quốc Cường" and prompt.window_s == 60
        assert [(lv.value, lv.name_vi, lv.ask_reason) for lv in prompt.levels] == [
            (4, "Rất hài lòng", False), (3, "Hài lòng", False), (2, "Bình thường", False), (1, "Không hài lòng", True)]
        assert prompt.reasons[0] == "Thái độ chưa đúng mực / Improper attitude" and len(prompt.reasons) == 6
        assert prompts["tablet-05"] == [], "a tablet at another counter is not armed"

        sessions["tablet-04"].raise_event("rating.given", RatingGiven(ticket_id=prompt.ticket_id, value=1,
                                                                      reason=prompt.reasons[2]))
        assert wait_for(lambda: _ratings(centre.db))
        sessions["counter-04"].raise_event("rating.given", RatingGiven(ticket_id=prompt.ticket_id, value=4))
        sessions["tablet-05"].raise_event("rating.given", RatingGiven(ticket_id=prompt.ticket_id, value=4))
        assert wait_for(lambda: bridge.ratings.ignored == {"duplicate": 1, "unowned": 1})
        [kept] = _ratings(centre.db)
        assert (kept.ticket_id, kept.value, kept.device, kept.counter, kept.staff_id, kept.field_code) == (
            first["id"], 1, "tablet-04", 4, "nv03", "LLTP")

        # Next finishing the current ticket opens the rating too.
        client.post(f"{BASE}/counters/4/next", headers=clerk).raise_for_status()
        client.post(f"{BASE}/counters/4/next", headers=clerk).raise_for_status()
        assert wait_for(lambda: [p.number for p in prompts["counter-04"]] == [first["number"], second["number"]])

        day = client.get(f"{BASE}/ratings/daily", headers=centre.token(Role.manager)).json()["days"]
        [today] = day
        assert (today["total"], today["counts"]) == (1, {"1": 1})
        assert today["by_clerk"] == [{"staff_id": "nv03", "name": "Phạm Quốc Cường", "total": 1, "counts": {"1": 1},
                                      "average": 1.0}]
        assert today["by_counter"][0]["counter"] == 4 and today["by_field"][0]["name_vi"] == "Lý lịch tư pháp"
        assert today["reasons"] == {"Thời gian chờ lâu / Long wait": 1}
        assert first["number"] not in str(day) and "tablet" not in str(day), "counts only: no ticket, no device"
        assert client.get(f"{BASE}/ratings/daily", headers=clerk).status_code == 403
        for session in sessions.values():
            session.stop()


def test_duplicate_events_count_once_and_foreign_ones_are_refused(centre, caplog):
    topics = centre.broker.layout.topics
    centre.provision("counter", "counter-04", counter=4)
    centre.provision("display", "display-hall")
    store = EventStore(centre.db, "hcc-demo")
    pad = centre.broker.probe("counter-04")
    display = centre.broker.probe("display-hall")
    with centre.service() as client:
        bridge = client.context.bridge
        clerk = centre.clerk(4)
        client.post(f"{BASE}/counters/4/open", headers=clerk).raise_for_status()
        served = issue(client, centre.kiosk_token(), "LLTP")
        client.post(f"{BASE}/counters/4/next", headers=clerk).raise_for_status()
        client.post(f"{BASE}/counters/4/finish", headers=clerk).raise_for_status()

        press = Event(id="ev-1", seq=1, name="rating.given", data=body(RatingGiven(ticket_id=served["id"], value=3)))
        for _ in range(3):  # a QoS 1 resend after a lost PUBACK looks exactly like this
            pad.publish(topics.event("counter-04", "rating.given"), encode(press))
        scan = Event(id="ev-3", seq=3, name="code.scanned", data={"code": "000.00.00.H00-261116-0001"})
        pad.publish(topics.event("counter-04", "code.scanned"), encode(scan))  # seq 2 is missing: a gap
        assert wait_for(lambda: store.count("counter-04") == 2)
        assert [r.value for r in _ratings(centre.db)] == [3], "three copies of one press made one rating"

        foreign = Event(id="ev-x", seq=1, name="rating.given", data=body(RatingGiven(ticket_id=served["id"], value=1)))
        display.publish(topics.event("display-hall", "rating.given"), encode(foreign))
        pad.publish(topics.event("counter-04", "rating.given"), b'{"v":1,"garbage":true}')
        assert wait_for(lambda: bridge.events.rejected >= 2)
        assert store.count("display-hall") == 0 and [r.value for r in _ratings(centre.db)] == [3]
        assert client.get("/healthz").status_code == 200
    assert "display-hall" in caplog.text and "gap" in caplog.text
    pad.stop()
    display.stop()


def test_device_state_is_recorded(centre):
    device = DeviceSession(centre.provision("kiosk", "kiosk-1"))
    with centre.service():
        assert device.start(5)

        def seen():
            with centre.db.read() as session:
                row = session.scalar(select(Device).where(Device.id == "kiosk-1"))
                return row.availability and row.meta and row.health and row.availability["state"] == "ready"
        assert wait_for(seen)
        device.stop()
