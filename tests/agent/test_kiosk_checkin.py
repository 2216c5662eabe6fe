"""Checking in a booking at the kiosk, through a real Mosquitto into the real service: "Đã đặt lịch hẹn?", the camera
(its emulator) shows the booking's QR code → the booking's ticket is printed on the ESC/POS emulator and the booking
is checked in; typed on the on-screen keyboard, a too-early, expired, unknown or cancelled booking is refused with
what to do, and nothing is printed."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import select

from devicekit.emulators.camera import GeneratedCamera
from kiosk import style
from kiosk.agent import KioskAgent
from kiosk.checkin import CheckIn
from kiosk.scenes import Issued, Notice
from queue_service.bookings import errors
from queue_service.bookings.tables import Booking
from queue_service.queue.tables import Ticket
from tests.agent.test_kiosk import PRINTER, SCREENS, SIZE, Kiosk, open_counter, ready, tap
from tests.mqtt.helpers import wait_for
from tests.support.agents import agent_file
from tests.support.bookings import booking
from tests.support.clock import VN
from tests.support.service import centre_store
from wire.booking import ALPHABET

pytestmark = pytest.mark.mosquitto


class CameraKiosk(Kiosk):
    """Kiosk 1 with a camera bound, its frames from the camera emulator."""

    def __init__(self, broker, tmp_path, **kiosk) -> None:
        super().__init__(broker, tmp_path, **kiosk)
        self.camera = GeneratedCamera(seed=7)
        self.path = agent_file(broker, tmp_path, "kiosk-1", "kiosk",
                               hardware={"printer": {"profile": PRINTER, "port": self.printers[0].url},
                                         "camera": {"profile": "usb-webcam-720p", "port": "0"}},
                               screen={"width": SIZE[0], "height": SIZE[1], "window_width": 540,
                                       "window_height": 960, "dpi": 102}, kiosk=kiosk)
        self.agent = KioskAgent.from_file(self.path, driver_options={"camera": {"source": self.camera}})


def open_checkin(agent: KioskAgent) -> CheckIn:
    assert wait_for(lambda: ready(agent) and agent.stage.scene is agent._home, 15)
    time.sleep(agent.stage.tap_guard_s + 0.05)
    tap(agent, style.action_rects(SIZE, 2)[0])  # "Đã đặt lịch hẹn?", beside the lookup
    assert wait_for(lambda: isinstance(agent.stage.scene, CheckIn), 5)
    time.sleep(agent.stage.tap_guard_s + 0.05)
    return agent.stage.scene


def type_code(agent: KioskAgent, code: str) -> None:
    scene = open_checkin(agent)
    _code_box, keys, (_back, _delete, ok) = style.keyboard_rects(SIZE, len(ALPHABET))
    for symbol in code:
        tap(agent, keys[ALPHABET.index(symbol)])
    assert wait_for(lambda: scene.typed == code, 5)
    tap(agent, ok)


def told(agent: KioskAgent, kind, **details) -> None:
    """The kiosk says the service's refusal, in both languages, then the citizen goes home."""
    assert wait_for(lambda: isinstance(agent.stage.scene, Notice), 10)
    assert agent.stage.scene.text == (kind.vi.format(**details), kind.en.format(**details))
    time.sleep(agent.stage.tap_guard_s + 0.05)
    tap(agent, agent.stage.scene.buttons[0].rect)  # Home


def test_a_booking_checks_in_by_its_qr_and_the_wrong_ones_are_refused(broker, tmp_path):
    now = dt.datetime.now(dt.timezone.utc)
    with centre_store(broker, tmp_path) as centre, centre.service() as client:
        centre.provision("kiosk", "kiosk-1")
        open_counter(centre, client)
        kiosk = CameraKiosk(broker, tmp_path, confirmation_s=2)
        inside = booking(centre.db, now + dt.timedelta(minutes=10))
        early = booking(centre.db, now + dt.timedelta(hours=3))
        expired = booking(centre.db, now - dt.timedelta(hours=1))
        cancelled = booking(centre.db, now + dt.timedelta(minutes=5), state="cancelled")

        def drive(agent: KioskAgent) -> None:
            scene = open_checkin(agent)
            agent.ui.screenshot(SCREENS / "kiosk-checkin-camera.png")
            kiosk.camera.feed(*[kiosk.camera.code("qr", inside, "clean").frame] * 3)
            assert wait_for(lambda: any(p.kind == "cut" for p in kiosk.paper.printed), 15), kiosk.paper.printed
            assert wait_for(lambda: isinstance(agent.stage.scene, Issued), 5) and scene is not agent.stage.scene
            ticket = agent.stage.scene.ticket
            assert any(p.kind == "text" and ticket.number in p.content for p in kiosk.paper.printed)
            with centre.db.read() as session:
                stored = session.execute(select(Booking).where(Booking.code == inside)).scalar_one()
                issued = session.get(Ticket, stored.ticket_id)
            assert stored.state == "checked_in" and issued.number == ticket.number
            assert issued.channel == "booking" and issued.booking_slot == stored.slot_start
            assert wait_for(lambda: agent.stage.scene is agent._home, 6)
            printed = len(kiosk.paper.printed)

            type_code(agent, early)
            opens = (now + dt.timedelta(hours=3) - dt.timedelta(minutes=30)).astimezone(VN)
            told(agent, errors.TOO_EARLY, opens=f"{opens:%H:%M}")
            type_code(agent, expired)
            told(agent, errors.EXPIRED)
            type_code(agent, cancelled)
            told(agent, errors.CANCELLED, code=cancelled)
            type_code(agent, "ZZZZ2222")
            told(agent, errors.UNKNOWN_BOOKING, code="ZZZZ2222")
            type_code(agent, inside)  # a second time: already used
            told(agent, errors.CHECKED_IN, code=inside)
            assert len(kiosk.paper.printed) == printed, "nothing printed for a refused booking"

        kiosk.run(drive)

