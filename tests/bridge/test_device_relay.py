"""HTTP → device through the bridge: the receipt printed by the printing agent at the clerk's counter, and the screen
mirror relay (capture and touch) for administrators, with every refusal as JSON."""

from __future__ import annotations

import dataclasses

import pytest

from devicekit.mqtt.commands import CommandTable
from devicekit.mqtt.session import DeviceSession
from queue_service.auth.roles import Role
from queue_service.bridge.command_store import CommandStore
from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
from tests.bridge.helpers import announce, wait_for
from tests.bridge.screen_agent import HEIGHT, WIDTH, ScreenAgent, png
from wire.codec import encode
from wire.messages import Availability
from wire.printing import BarcodeBlock, PrintDocument, QrBlock

BASE = "/api/v1/centres/hcc-demo"
INTAKE = {"procedure": "1.004194", "documents": [{"name": "Tờ khai CT01", "originals": 1}],
          "applicant": {"name": "Nguyễn Thị Hoa", "id_number": "079301234567", "phone": "0905123456"}}


def test_the_receipt_prints_at_the_clerks_counter(centre):
    with centre.db.write() as session:
        import_catalogue(session, centre.context().centre("hcc-demo"), load_catalogue("examples/procedures.yaml"))
    printed: list[PrintDocument] = []
    table = CommandTable()
    table.register("print.document", lambda doc: printed.append(doc) or {"outcome": "printed", "reason": ""})
    config = centre.provision("counter", "counter-04", counter=4)
    agent = DeviceSession(dataclasses.replace(config, capabilities=("print", "display")), table)
    centre.provision("counter", "counter-05", counter=5)  # an LED and keypad only: no printer at counter 5
    clerk4, clerk5, admin = centre.clerk(4, "nv03"), centre.clerk(5, "nv04"), centre.token(Role.admin)
    with centre.service() as client:
        assert agent.start(5)
        assert wait_for(lambda: "print" in client.context.bridge.registry.get("counter-04").capabilities)
        dossier = client.post(f"{BASE}/dossiers", json=INTAKE, headers=clerk4).json()
        url = f"{BASE}/dossiers/{dossier['code']}/receipt/print"

        sent = client.post(url, headers=clerk4)
        assert sent.status_code == 202, sent.text
        assert (sent.json()["device"], sent.json()["counter"]) == ("counter-04", 4)
        assert wait_for(lambda: printed), "the counter's agent got the document"
        assert [b.data for b in printed[0].blocks if isinstance(b, BarcodeBlock)] == [dossier["code"]]
        assert [b.data for b in printed[0].blocks if isinstance(b, QrBlock)][0].endswith(f"t={dossier['token']}")
        assert printed[0] == PrintDocument.model_validate(client.get(f"{BASE}/dossiers/{dossier['code']}/receipt",
                                                                      headers=clerk4).json())
        assert wait_for(lambda: CommandStore(centre.db, "hcc-demo").pending() == []), "the agent's ack closes it"

        none = client.post(url, headers=clerk5)
        assert none.status_code == 409 and none.json()["error"]["code"] == "no_printer"
        assert "Quầy 5" in none.json()["error"]["message_vi"]
        assert client.post(url, json={"counter": 4}, headers=clerk5).status_code == 403, "a clerk prints at their own counter"
        assert client.post(url, json={"counter": 4}, headers=admin).status_code == 202
        assert client.post(url, headers=admin).json()["error"]["code"] == "counter_needed"
        assert client.post(url, headers=centre.token(Role.manager)).status_code == 403
        assert wait_for(lambda: len(printed) == 2)
        agent.stop()


@pytest.fixture
def screens(centre):
    config = centre.provision("kiosk", "kiosk-1")
    kiosk = ScreenAgent(dataclasses.replace(config, capabilities=("screen", "print", "touch")))
    centre.provision("kiosk", "kiosk-2")  # a screen agent that is off
    centre.provision("counter", "counter-04", counter=4)  # no screen
    yield centre, kiosk
    kiosk.stop()


def test_an_admin_sees_and_taps_a_screen_through_the_relay(screens):
    centre, kiosk = screens
    admin = centre.token(Role.admin)
    with centre.service(screen_timeout_s=1.0) as client:
        assert kiosk.start()
        silent = centre.broker.probe("kiosk-2")  # says it is up with a screen, then never answers a command
        silent.publish(centre.broker.layout.topics.availability("kiosk-2"), encode(Availability(state="ready")), retain=True)
        announce(centre, silent, "kiosk-2", kind="kiosk", capabilities=("screen",))
        pad = centre.broker.probe("counter-04")
        announce(centre, pad, "counter-04", capabilities=("display", "keypad"))
        registry = client.context.bridge.registry
        assert wait_for(lambda: registry.get("kiosk-1").online and registry.get("kiosk-1").capabilities)

        shot = client.get(f"{BASE}/devices/kiosk-1/screen.png", headers=admin)
        assert shot.status_code == 200 and shot.headers["content-type"] == "image/png"
        assert shot.content == png(WIDTH, HEIGHT, kiosk.colour()) and kiosk.captures == 1
        tapped = client.post(f"{BASE}/devices/kiosk-1/screen/touch", json={"x": 0.25, "y": 0.75}, headers=admin)
        assert tapped.status_code == 204 and kiosk.touches == [(0.25, 0.75)]
        assert client.get(f"{BASE}/devices/kiosk-1/screen.png", headers=admin).content == png(WIDTH, HEIGHT, kiosk.colour())

        def error(response, status: int, code: str):
            assert response.status_code == status, response.text
            body = response.json()["error"]
            assert body["code"] == code and body["message_vi"] and body["message_en"]

        error(client.get(f"{BASE}/devices/kiosk-1/screen.png"), 401, "unauthenticated")
        error(client.get(f"{BASE}/devices/kiosk-1/screen.png", headers=centre.token(Role.manager)), 403, "forbidden")
        error(client.get(f"{BASE}/devices/nobody/screen.png", headers=admin), 404, "unknown_device")
        error(client.get(f"{BASE}/devices/counter-04/screen.png", headers=admin), 409, "not_a_screen")
        error(client.post(f"{BASE}/devices/kiosk-1/screen/touch", json={"x": 1.5, "y": 0}, headers=admin), 422,
              "invalid_request")
        error(client.get(f"{BASE}/devices/kiosk-2/screen.png", headers=admin), 504, "no_answer")  # up, but silent
        kiosk.answer = False
        error(client.get(f"{BASE}/devices/kiosk-1/screen.png", headers=admin), 502, "device_failed")
        kiosk.stop()
        assert wait_for(lambda: not registry.get("kiosk-1").online)
        error(client.get(f"{BASE}/devices/kiosk-1/screen.png", headers=admin), 503, "device_offline")
        assert kiosk.touches == [(0.25, 0.75)], "nothing else reached the screen"

        listed = {d["id"]: d for d in client.get(f"{BASE}/devices", headers=centre.token(Role.manager)).json()}
        assert set(listed) == {"kiosk-1", "kiosk-2", "counter-04"}
        assert listed["kiosk-1"]["mirror"] and listed["kiosk-1"]["availability"] == "disconnected"
        assert listed["counter-04"] | {"last_seen": None} == {
            "id": "counter-04", "kind": "counter", "counter": 4, "availability": None, "last_seen": None,
            "health": None, "capabilities": ["display", "keypad"], "mirror": False, "software": "test"}
        assert client.get(f"{BASE}/devices", headers=centre.clerk(4)).status_code == 403
        silent.stop()
        pad.stop()
