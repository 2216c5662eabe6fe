"""The SMS outbox sent through the SMS agent on an emulated SIM800 modem, through a real Mosquitto: a dossier's SMS
arrives whole in Vietnamese; the agent away or the modem unplugged loses nothing; a lost answer does not send twice;
the daily cap; numbers masked in views and logs and deleted after the day; "your turn is near" once, at 3 ahead."""

from __future__ import annotations

import contextlib
import json
import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from devicekit.mqtt.requests import RequestError
from devicekit.mqtt.session import DeviceSession
from queue_service.api.app import create_app
from queue_service.auth.roles import Role
from queue_service.config import load_centre
from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
from queue_service.sms import outbox
from queue_service.sms.wording import strip_diacritics
from queue_service.sms.tables import SmsMessage, TurnAlert
from tests.bridge.helpers import RawDevice
from tests.mqtt.helpers import wait_for
from tests.support.clock import ManualClock
from tests.support.service import centre_store
from tests.support.sms import SMS_DEVICE, sms_agent, sms_centre_file
from wire.sms import mask_phone

pytestmark = pytest.mark.mosquitto
ROOT = Path(__file__).resolve().parents[2]
CENTRE = "hcc-demo"
PHONE = "0905123456"
DOSSIER = {
    "procedure": "1.004194", "ticket_id": 1,
    "applicant": {"name": "Nguyễn Thị Hoa", "id_number": "079301234567", "phone": PHONE,
                  "address": "12 Lê Lợi, phường Nha Trang", "sms_consent": True},
    "documents": [{"name": "Tờ khai CT01", "originals": 1}],
}


class Rig:
    def __init__(self, centre, tmp_path) -> None:
        self.centre = centre
        centre.provision("sms", SMS_DEVICE)
        self.agent, self.modem = sms_agent(centre.broker, tmp_path)
        self.clerk = centre.clerk(1, staff_id="nv01")
        with centre.db.write() as session:
            import_catalogue(session, load_centre(centre.centre_file), load_catalogue(ROOT / "examples/procedures.yaml"))

    @contextlib.contextmanager
    def service(self, clock=None):
        context = self.centre.context()
        if clock is not None:
            context.clock = clock
        with TestClient(create_app(context)) as client:
            client.context = context
            yield client

    def messages(self) -> list[SmsMessage]:
        with self.centre.db.read() as session:
            return list(session.scalars(select(SmsMessage).order_by(SmsMessage.id)))

    def intake(self, client) -> None:
        reply = client.post(f"/api/v1/centres/{CENTRE}/dossiers", json=DOSSIER, headers=self.clerk)
        assert reply.status_code == 201, reply.text


@pytest.fixture
def rig(broker, tmp_path, request):
    options = getattr(request, "param", {})
    with centre_store(broker, tmp_path, sms_centre_file(tmp_path, **options)) as centre:
        made = Rig(centre, tmp_path)
        yield made
        made.agent.stop()
        made.modem.stop()


def test_a_dossier_sms_reaches_the_modem_whole_in_vietnamese(rig):
    rig.agent.start()
    with rig.service() as client:
        rig.intake(client)
        assert wait_for(lambda: rig.modem.messages, 10), rig.messages()
        [(number, text)] = rig.modem.messages
        assert number == PHONE and "đã được tiếp nhận" in text and "Hẹn trả kết quả" in text
        assert wait_for(lambda: rig.messages()[0].status == "sent", 5)
        [sent] = rig.messages()
        assert (sent.attempts, sent.last_error, sent.body) == (1, "", text)
        assert sent.reference == "1,2,3", "the modem's reference of each of its three parts"
    # the health the agent publishes (retained) says the modem and the network are fine
    assert wait_for(lambda: "network" in (rig.agent._parts or {}), 5), rig.agent._parts
    assert rig.agent._parts["network"].status == "ok" and rig.agent._parts["modem"].status == "ok"


def test_agent_away_nothing_is_lost_and_numbers_are_masked(rig, caplog):
    admin = rig.centre.token(Role.admin)
    with caplog.at_level("INFO"), rig.service() as client:
        rig.intake(client)
        assert wait_for(lambda: "no answer" in rig.messages()[0].last_error, 10), rig.messages()
        waiting = rig.messages()[0]
        assert (waiting.status, waiting.attempts) == ("pending", 0)
        [view] = client.get(f"/api/v1/centres/{CENTRE}/sms-outbox", headers=admin).json()
        assert view["phone"] == "09******56" and view["status"] == "pending"
        rig.agent.start()  # the agent comes back: the message goes at the next try
        assert wait_for(lambda: rig.messages()[0].status == "sent", 15), rig.messages()
        assert len(rig.modem.messages) == 1
    assert PHONE not in caplog.text and mask_phone(PHONE) in caplog.text


def test_unplugged_modem_is_a_clear_failure_then_it_sends_after_replug(rig):
    rig.agent.start()
    rig.modem.unplug()
    with rig.service() as client:
        rig.intake(client)
        assert wait_for(lambda: rig.messages()[0].attempts >= 1, 10), rig.messages()
        failed = rig.messages()[0]
        assert failed.status in ("pending", "sending") and failed.last_error.startswith("modem unplugged"), failed.last_error
        assert wait_for(lambda: rig.agent._parts.get("modem") and rig.agent._parts["modem"].status == "fault", 5)
        rig.modem.replug()
        assert wait_for(lambda: rig.messages()[0].status == "sent", 15), rig.messages()[0].last_error
        assert [n for n, _ in rig.modem.messages] == [PHONE]


def test_a_lost_answer_does_not_send_twice(rig, caplog):
    rig.agent.start()
    rig.modem.submit_delay = 3.0  # the network takes longer than the service waits (answer_s: 2 s)
    with caplog.at_level("INFO"), rig.service() as client:
        with rig.centre.db.write() as session:
            outbox.queue(session, CENTRE, "near_turn", PHONE, "Số 1023 sắp đến lượt", client.context.clock())
        client.context.bridge.sms.wake()
        assert wait_for(lambda: rig.messages()[0].status == "sent", 20), rig.messages()[0].last_error
        parts = [c for c in rig.modem.commands if c.startswith("AT+CMGS=")]
        assert rig.modem.messages == [(PHONE, "Số 1023 sắp đến lượt")] and len(parts) == 1, \
            "asked twice under the same id, sent once"
        assert rig.messages()[0].attempts == 1
    assert "no answer from sms-1" in caplog.text, "the first answer came too late for the service"
    assert "was sent before; not sent again" in caplog.text, "the second ask was answered from the agent's memory"


@pytest.mark.parametrize("rig", [{"daily_cap": 2}], indirect=True)
def test_daily_cap_then_the_next_day_and_numbers_deleted_after_the_day(rig):
    clock = ManualClock(dt.datetime.now(dt.timezone.utc))
    rig.agent.start()
    with rig.service(clock) as client:
        config = client.context.centre(CENTRE)
        with rig.centre.db.write() as session:
            for i in range(3):
                outbox.queue(session, CENTRE, "near_turn", f"090512345{i}", f"Tin nhắn {i}", clock())
        client.context.bridge.sms.wake()
        assert wait_for(lambda: len(rig.modem.messages) == 2, 10)
        assert not wait_for(lambda: len(rig.modem.messages) > 2, 1.5), "the cap holds the third"
        assert [m.status for m in rig.messages()] == ["sent", "sent", "pending"]
        local = clock().astimezone(config.zone)
        clock.set((local + dt.timedelta(days=1)).replace(hour=7, minute=0).astimezone(dt.timezone.utc))
        client.context.bridge.sms.wake()
        # The next day: yesterday's sent numbers and texts are gone, the pending near-turn SMS is pointless now.
        assert wait_for(lambda: [m.phone for m in rig.messages()] == ["", "", ""], 10), rig.messages()
        assert [m.status for m in rig.messages()] == ["sent", "sent", "failed"]
        assert [m.body for m in rig.messages()] == ["", "", ""]


def test_your_turn_is_near_once_at_three_ahead(rig):
    rig.agent.start()
    rig.centre.provision("kiosk", "kiosk-1")
    rig.centre.provision("kiosk", "kiosk-2")
    rig.centre.provision("kiosk", "kiosk-1-raw")
    with rig.service() as client:
        kiosk = DeviceSession(rig.centre.broker.session_config("kiosk-1", "kiosk"))
        other = DeviceSession(rig.centre.broker.session_config("kiosk-2", "kiosk"))
        assert kiosk.start(5) and other.start(5)
        try:
            tickets = [kiosk.request("ticket.issue", {"field": "HT"}).ticket for _ in range(6)]
            mine = tickets[-1]
            assert mine.people_ahead == 5
            with pytest.raises(RequestError) as refused:
                other.request("ticket.sms", {"ticket_id": mine.id, "phone": PHONE})
            assert refused.value.code == "not_issued_here"
            raw = RawDevice(rig.centre, "kiosk-1-raw")
            bad = raw.ask("ticket.sms", json.dumps({"v": 1, "id": "b1", "ticket_id": mine.id, "phone": "12345"}).encode())
            raw.stop()
            assert bad.status == "error" and bad.error.code == "invalid" and "phone" in bad.error.message
            reply = kiosk.request("ticket.sms", {"ticket_id": mine.id, "phone": PHONE})
            assert (reply.masked, reply.ahead) == ("09******56", 3)
            client.post(f"/api/v1/centres/{CENTRE}/counters/1/open", headers=rig.clerk).raise_for_status()
            client.post(f"/api/v1/centres/{CENTRE}/counters/1/next", headers=rig.clerk).raise_for_status()
            assert not wait_for(lambda: rig.modem.messages, 1.0), "4 ahead: not yet"
            client.post(f"/api/v1/centres/{CENTRE}/counters/1/next", headers=rig.clerk).raise_for_status()
            assert wait_for(lambda: rig.modem.messages, 10), rig.messages()
            for _ in range(2):
                client.post(f"/api/v1/centres/{CENTRE}/counters/1/next", headers=rig.clerk).raise_for_status()
            assert not wait_for(lambda: len(rig.modem.messages) > 1, 1.5), "exactly once"
        finally:
            kiosk.stop()
            other.stop()
    name = client.context.centre(CENTRE).centre.name_vi
    assert rig.modem.messages == [(PHONE, f"{name}: Số {mine.number} của Ông/Bà còn 3 người nữa đến lượt. "
                                          "Vui lòng có mặt tại khu chờ.")]
    with rig.centre.db.read() as session:
        [alert] = session.scalars(select(TurnAlert)).all()
    assert alert.sms_id == rig.messages()[-1].id


def test_masking_and_plain_letters():
    assert [mask_phone(n) for n in ("0912345678", "0905123456", "123")] == ["09******78", "09******56", "***"]
    assert strip_diacritics("HCC Khánh Hòa: Số 1023 của Ông/Bà còn 3 người nữa đến lượt. Đường Lê Lợi") == \
        "HCC Khanh Hoa: So 1023 cua Ong/Ba con 3 nguoi nua den luot. Duong Le Loi"
    assert strip_diacritics("ắằẳẵặ ỡ ự ĐĐ đ") == "aaaaa o u DD d"
