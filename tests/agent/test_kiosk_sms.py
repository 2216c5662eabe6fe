"""The "your turn is near" SMS from the kiosk, with real touch events through pygame's dummy video driver, a real
Mosquitto, the real service and the SMS agent on an emulated SIM800: after the slip is printed the citizen types a
phone number and touches OK (or Skip, one touch); the confirmation shows the number masked; when three people are
ahead of that ticket the modem receives one SMS in Vietnamese."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from devicekit.ui import grid
from kiosk import style
from kiosk.agent import KioskAgent
from kiosk.copy import pair
from kiosk.lookup_scenes import DIGIT_KEYS
from kiosk.phone import PhoneEntry
from kiosk.scenes import Issued
from queue_service.sms.tables import TurnAlert
from tests.agent.test_kiosk import SIZE, Kiosk, open_counter, ready, take, tap
from tests.mqtt.helpers import wait_for
from tests.support.service import CENTRE, centre_store
from tests.support.sms import SMS_DEVICE, sms_agent, sms_centre_file

pytestmark = pytest.mark.mosquitto
PHONE = "0912345678"


def type_phone(agent: KioskAgent, digits: str) -> None:
    *_words, keys, _skip, ok = style.phone_rects(SIZE)
    cells = grid(keys, 15, 3, gap=style.GAP)
    for digit in digits:
        tap(agent, cells[DIGIT_KEYS.index(digit)])
    assert wait_for(lambda: agent.sms.scene.text == digits, 3), agent.sms.scene.text
    tap(agent, ok)


def test_a_citizen_types_a_phone_and_gets_one_sms_at_three_ahead(broker, tmp_path):
    with centre_store(broker, tmp_path, sms_centre_file(tmp_path)) as centre:
        centre.provision("sms", SMS_DEVICE)
        centre.provision("kiosk", "kiosk-1")
        sms, modem = sms_agent(broker, tmp_path)
        sms.start()
        try:
            with centre.service() as client:
                open_counter(centre, client)
                for _ in range(4):  # four people took a number before
                    client.post(f"/api/v1/centres/{CENTRE}/tickets", json={"field": "HT"},
                                headers=centre.kiosk_token()).raise_for_status()
                kiosk = Kiosk(broker, tmp_path, sms_offer=True, confirmation_s=30, idle_timeout_s=30)
                seen = {}

                def drive(agent: KioskAgent) -> None:
                    assert wait_for(lambda: ready(agent), 15)
                    take(agent, "HT")
                    assert wait_for(lambda: isinstance(agent.stage.scene, PhoneEntry), 15), agent.stage.scene
                    assert any(p.kind == "cut" for p in kiosk.paper.printed), "offered after the slip is printed"
                    time.sleep(agent.stage.tap_guard_s + 0.05)
                    type_phone(agent, PHONE)
                    assert wait_for(lambda: isinstance(agent.stage.scene, Issued) and agent._issued.note, 10)
                    seen["ticket"] = agent._issued.ticket
                    assert agent._issued.note == pair("sms_to", masked="09******78", n=3)
                    assert not modem.messages, "4 people ahead: not yet"
                    # The next citizen skips the offer with one touch and gets the usual confirmation.
                    time.sleep(agent.stage.tap_guard_s)
                    tap(agent, style.bottom_button(SIZE))  # Home
                    assert wait_for(lambda: agent.stage.scene is agent._home, 5)
                    time.sleep(agent.stage.tap_guard_s)
                    take(agent, "HT")
                    assert wait_for(lambda: isinstance(agent.stage.scene, PhoneEntry), 15)
                    time.sleep(agent.stage.tap_guard_s + 0.05)
                    tap(agent, style.phone_rects(SIZE)[4])  # Skip
                    assert wait_for(lambda: isinstance(agent.stage.scene, Issued), 5)
                    assert agent._issued.note is None

                kiosk.run(drive)
                ticket = seen["ticket"]
                client.post(f"/api/v1/centres/{CENTRE}/counters/1/next", headers=centre.clerk(1)).raise_for_status()
                assert wait_for(lambda: modem.messages, 10)
                client.post(f"/api/v1/centres/{CENTRE}/counters/1/next", headers=centre.clerk(1)).raise_for_status()
                assert not wait_for(lambda: len(modem.messages) > 1, 1.0), "exactly one SMS"
                name = client.context.centre(CENTRE).centre.name_vi
                assert modem.messages == [(PHONE, f"{name}: Số {ticket.number} của Ông/Bà còn 3 người nữa đến lượt. "
                                                  "Vui lòng có mặt tại khu chờ.")]
                with centre.db.read() as session:
                    assert [a.phone for a in session.scalars(select(TurnAlert))] == [PHONE], "one alert, not the skip"
        finally:
            sms.stop()
            modem.stop()
