"""The counter agent on emulated hardware, through a real Mosquitto into the real service: every key of every
bundled keypad profile and every level of every rating-pad profile, with its effect asserted in the store."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from counter_agent.agent import CounterAgent
from devicekit.emulators.led_display import ModbusLedEmulator
from devicekit.profiles import KeypadProfile, RatingPadProfile, all_profiles, load_profile
from devicekit.serial_link import Backoff
from queue_service.queue.tables import CounterState, Ticket
from queue_service.ratings.tables import Rating
from tests.mqtt.helpers import wait_for
from tests.queue.conftest import DEMO
from tests.support.agents import agent_file
from tests.support.pads import Pad
from tests.support.service import centre_store

pytestmark = pytest.mark.mosquitto
CENTRE = "hcc-demo"
KEYPADS = [p.id for p in all_profiles() if isinstance(p, KeypadProfile)]
PADS = [p.id for p in all_profiles() if isinstance(p, RatingPadProfile)]
FAST = {"backoff": Backoff(0.05, 0.2)}


class Rig:
    """Counter 1 of the demo centre: its LED, keypad and pad emulated, its agent running, the service up."""

    def __init__(self, centre, client, tmp: Path, keypad: str, pad: str | None) -> None:
        self.centre, self.client = centre, client
        self.led = ModbusLedEmulator(tmp / "ttyLED").start()
        self.keypad = Pad(load_profile(keypad), tmp / "ttyKEY")
        self.pad = Pad(load_profile(pad), tmp / "ttyPAD") if pad else None
        hardware = {"led": {"profile": "led485-modbus-4d", "port": self.led.url},
                    "keypad": {"profile": keypad, "port": self.keypad.emulator.url}}
        if pad:
            hardware["rating_pad"] = {"profile": pad, "port": self.pad.emulator.url}
        centre.provision("counter", "counter-01", counter=1)
        path = agent_file(centre.broker, tmp, "counter-01", "counter", counter=1, hardware=hardware)
        self.agent = CounterAgent.from_file(path, driver_options={"led": FAST, "keypad": FAST, "rating_pad": FAST})
        self.agent.start()
        self.clerk = centre.clerk(1, staff_id="nv01")
        self.kiosk = centre.kiosk_token()
        client.post(f"/api/v1/centres/{CENTRE}/counters/1/open", headers=self.clerk).raise_for_status()
        assert wait_for(lambda: self.agent.online and self.led.shown == "----", 10), self.led.shown

    def issue(self, field: str = "HT") -> str:
        reply = self.client.post(f"/api/v1/centres/{CENTRE}/tickets", json={"field": field}, headers=self.kiosk)
        reply.raise_for_status()
        return reply.json()["number"]

    def ticket(self, number: str) -> Ticket:
        with self.centre.db.read() as session:
            return session.scalars(select(Ticket).where(Ticket.number == number)).one()

    def rating(self, ticket_id: int) -> Rating | None:
        with self.centre.db.read() as session:
            return session.scalars(select(Rating).where(Rating.ticket_id == ticket_id)).first()

    def status(self) -> str:
        with self.centre.db.read() as session:
            return session.get(CounterState, (CENTRE, 1)).status

    def press(self, key: str, until, timeout: float = 5.0) -> None:
        self.keypad.press(key)
        assert wait_for(until, timeout), f"key {key}: not done"
        time.sleep(0.35)  # the keypad debounces a repeat of the same action key within 0.3 s

    def stop(self) -> None:
        self.agent.stop()
        for emulator in (self.led, self.keypad.emulator, *([self.pad.emulator] if self.pad else [])):
            emulator.stop()


@contextlib.contextmanager
def rig(broker, tmp_path, keypad: str, pad: str | None = None, centre_file: Path = DEMO):
    with centre_store(broker, tmp_path, centre_file) as centre, centre.service() as client:
        running = Rig(centre, client, tmp_path, keypad, pad)
        try:
            yield running
        finally:
            running.stop()


@pytest.mark.parametrize("keypad", KEYPADS)
def test_every_key_of_the_keypad_does_what_its_label_says(broker, tmp_path, keypad):
    profile = load_profile(keypad)
    keys = set(profile.key_map.values())
    with rig(broker, tmp_path, keypad) as r:
        first, second, third, fourth = (r.issue() for _ in range(4))
        r.press("next", lambda: r.ticket(first).state == "called" and r.led.shown == first)
        r.press("recall", lambda: r.ticket(first).recalls == 1)
        r.press("start", lambda: r.ticket(first).state == "serving")
        r.press("finish", lambda: r.ticket(first).state == "done" and r.led.shown == "----")
        r.press("next", lambda: r.ticket(second).state == "called" and r.led.shown == second)
        r.press("recall", lambda: r.ticket(second).recalls == 1)
        r.press("no_show", lambda: r.ticket(second).state == "no_show")
        r.press("next", lambda: r.ticket(third).state == "called")
        if "transfer" in keys:
            r.keypad.press("transfer")
            assert wait_for(lambda: r.led.shown == "t---", 3), r.led.shown
            if "cancel" in keys:  # a transfer abandoned on Cancel does nothing
                for key in ("3", "cancel"):
                    r.keypad.press(key)
                    time.sleep(0.1)
                assert wait_for(lambda: r.led.shown == third, 3)
                r.keypad.press("transfer")
            for digit in "1234567890" + "02":  # every digit; the last three typed, 002, name counter 2
                r.keypad.press(digit)
                time.sleep(0.1)
            r.press("enter", lambda: r.ticket(third).state == "waiting" and r.ticket(third).target_counter == 2)
            r.press("next", lambda: r.ticket(fourth).state == "called")
        r.press("pause", lambda: r.status() == "paused" and r.led.shown == " PAU")
        r.press("pause", lambda: r.status() == "open")
        assert r.keypad.pressed == set(profile.key_map), "a key of the profile was never pressed"


def test_a_refused_key_shows_on_the_led_and_a_press_while_the_service_is_away_never_acts(broker, tmp_path):
    with centre_store(broker, tmp_path) as centre:
        with centre.service() as client:
            r = Rig(centre, client, tmp_path, "keypad-serial-16key", None)
            number = r.issue()
            r.keypad.press("recall")  # nobody called yet: the service refuses
            assert wait_for(lambda: any("Err" in shown for shown in r.led.history[-3:]), 5), r.led.history
            assert wait_for(lambda: r.led.shown == "----", 5)
        # The service has stopped (its retained availability says so): the LED cannot be trusted, and says it.
        assert wait_for(lambda: r.led.shown == " oFF", 5), r.led.shown
        r.keypad.press("next")
        time.sleep(1)
        try:
            with centre.service():
                assert wait_for(lambda: r.agent.online and r.led.shown == "----", 10), r.led.shown
                time.sleep(1)
                assert r.ticket(number).state == "waiting", "a press made while the service was away acted later"
        finally:
            r.stop()


def test_a_lettered_number_shows_with_its_letter(broker, tmp_path):
    with rig(broker, tmp_path, "keypad-serial-6key") as r:
        r.client.post(f"/api/v1/centres/{CENTRE}/counters/1/close", headers=r.clerk).raise_for_status()
        assert wait_for(lambda: r.led.shown == "    ", 5)  # closed: blank
    # Counter 11 serves residence and ID cards, numbered A001 …
    with centre_store(broker, tmp_path / "c11") as centre, centre.service() as client:
        led = ModbusLedEmulator(tmp_path / "ttyLED11").start()
        centre.provision("counter", "counter-11", counter=11)
        path = agent_file(broker, tmp_path, "counter-11", "counter", counter=11,
                          hardware={"led": {"profile": "led485-modbus-4d", "port": led.url}})
        agent = CounterAgent.from_file(path, driver_options={"led": FAST}).start()
        try:
            clerk = centre.clerk(11, staff_id="nv05")
            client.post(f"/api/v1/centres/{CENTRE}/tickets", json={"field": "CCCD"},
                        headers=centre.kiosk_token()).raise_for_status()
            client.post(f"/api/v1/centres/{CENTRE}/counters/11/open", headers=clerk).raise_for_status()
            client.post(f"/api/v1/centres/{CENTRE}/counters/11/next", headers=clerk).raise_for_status()
            assert wait_for(lambda: led.shown == "A001", 10), led.shown
        finally:
            agent.stop()
            led.stop()


def scaled_centre(directory: Path, levels: int) -> Path:
    """The demo centre with a rating scale of `levels` levels (a 5-button pad serves a 5-level scale)."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    names = [("Rất hài lòng", "Very satisfied"), ("Hài lòng", "Satisfied"), ("Bình thường", "Neutral"),
             ("Chưa hài lòng", "Not quite satisfied"), ("Không hài lòng", "Dissatisfied")]
    chosen = names[:levels - 1] + [names[-1]]
    data["rating_scale"] = [{"value": levels - i, "name_vi": vi, "name_en": en} for i, (vi, en) in enumerate(chosen)]
    path = directory / f"centre-{levels}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("pad", PADS)
def test_every_level_of_the_rating_pad_is_stored_for_its_ticket_clerk_and_counter(broker, tmp_path, pad):
    profile = load_profile(pad)
    levels = sorted(set(profile.button_map.values()))
    with rig(broker, tmp_path, "keypad-serial-6key", pad, scaled_centre(tmp_path, len(levels))) as r:
        for rank in levels:
            number = r.issue()
            r.press("next", lambda: r.ticket(number).state == "called")
            r.press("finish", lambda: r.ticket(number).state == "done")
            ticket_id = r.ticket(number).id
            assert wait_for(lambda: r.agent.pad.waiting_for == ticket_id, 5), "finish did not open the pad"
            r.pad.press(rank)
            assert wait_for(lambda: r.rating(ticket_id), 5), f"rank {rank}: no rating stored"
            rating = r.rating(ticket_id)
            # Rank 1 is the least satisfied button and the scale's lowest value; higher is better everywhere.
            assert (rating.value, rating.counter, rating.staff_id, rating.device) == (rank, 1, "nv01", "counter-01")
            r.pad.press(rank)  # a second press for the same citizen counts nothing
        time.sleep(0.5)
        with r.centre.db.read() as session:
            assert len(session.scalars(select(Rating)).all()) == len(levels)
        assert r.pad.pressed == set(profile.button_map)


def test_the_dossier_receipt_prints_on_the_counters_printer_and_its_qr_opens_the_tracking_page(broker, tmp_path):
    from devicekit.emulators.escpos import EscposEmulator
    from devicekit.emulators.escpos_server import EscposTcpServer
    from queue_service.dossiers.catalogue import import_catalogue, load_catalogue

    intake = {"procedure": "1.004194", "documents": [{"name": "Tờ khai CT01", "originals": 1}],
              "applicant": {"name": "Nguyễn Thị Hoa", "id_number": "079301234567", "phone": "0905123456"}}
    printer = EscposTcpServer(EscposEmulator(printable_dots=576)).start()
    with centre_store(broker, tmp_path) as centre, centre.service() as client:
        with centre.db.write() as session:
            import_catalogue(session, centre.context().centre(CENTRE), load_catalogue("examples/procedures.yaml"))
        centre.provision("counter", "counter-04", counter=4)
        path = agent_file(broker, tmp_path, "counter-04", "counter", counter=4,
                          hardware={"receipt_printer": {"profile": "xprinter-xp-80", "port": printer.url}})
        agent = CounterAgent.from_file(path).start()
        try:
            clerk = centre.clerk(4, staff_id="nv03")
            assert wait_for(lambda: agent.online, 10)
            dossier = client.post(f"/api/v1/centres/{CENTRE}/dossiers", json=intake, headers=clerk).json()
            url = f"/api/v1/centres/{CENTRE}/dossiers/{dossier['code']}/receipt/print"
            assert wait_for(lambda: client.post(url, headers=clerk).status_code == 202, 10)
            paper = printer.emulator
            assert wait_for(lambda: any(p.kind == "cut" for p in paper.printed), 15), paper.printed
            qr = [p.content for p in paper.printed if p.kind == "qr"]
            assert len(qr) == 1 and qr[0].endswith(f"t={dossier['token']}")
            tracking = client.get(qr[0].replace("http://127.0.0.1:8000", ""))
            assert tracking.status_code == 200 and dossier["code"] in tracking.text
            assert "Nguyễn Thị Hoa" not in tracking.text  # the public page shows no name
            assert [p.content for p in paper.printed if p.kind == "barcode"] == [dossier["code"]]
            assert paper.clipped == []
        finally:
            agent.stop()
            printer.stop()


def finish_and_arm(r: Rig) -> int:
    """Call and finish the next ticket from the keypad; returns its id once the pad is armed for it."""
    number = r.issue()
    r.press("next", lambda: r.ticket(number).state == "called" and r.led.shown == number)
    r.press("finish", lambda: r.ticket(number).state == "done")
    ticket_id = r.ticket(number).id
    assert wait_for(lambda: r.agent._rating is not None and r.agent._rating.ticket_id == ticket_id, 5)
    return ticket_id


def test_a_rating_pressed_while_the_broker_is_down_is_stored_once_when_it_returns(broker, tmp_path):
    with rig(broker, tmp_path, "keypad-serial-16key", "ratingpad-serial-4btn") as r:
        ticket_id = finish_and_arm(r)
        broker.stop()
        assert wait_for(lambda: not r.agent.session.connected, 5)
        r.pad.press(3)  # the citizen rates; the pad does not know the broker is away
        assert wait_for(lambda: r.agent.session.outbox.count() == 1, 5)
        broker.start()
        assert wait_for(lambda: r.rating(ticket_id) is not None, 20)
        assert wait_for(lambda: r.agent.session.outbox.count() == 0, 5)
        time.sleep(1)  # a second delivery would land now
        with r.centre.db.read() as session:
            rows = session.scalars(select(Rating).where(Rating.ticket_id == ticket_id)).all()
        assert [(row.value, row.staff_id, row.counter) for row in rows] == [(3, "nv01", 1)]


def test_keypad_led_and_pad_unplugged_and_replugged_mid_flow_keep_working(broker, tmp_path):
    with rig(broker, tmp_path, "keypad-serial-16key", "ratingpad-serial-4btn") as r:
        first, second = r.issue(), r.issue()
        r.keypad.emulator.unplug()
        assert wait_for(lambda: r.agent.drivers["keypad"].health.state == "disconnected", 5)
        r.keypad.emulator.replug()
        assert wait_for(lambda: r.agent.drivers["keypad"].health.state == "ok", 10)  # the port is open again
        r.press("next", lambda: r.ticket(first).state == "called" and r.led.shown == first, timeout=10)
        # The LED is unplugged while the clerk moves on: once back, it shows what the counter shows now.
        r.led.unplug()
        assert wait_for(lambda: r.agent.drivers["led"].health.state == "disconnected", 5)
        r.press("finish", lambda: r.ticket(first).state == "done")
        r.pad.emulator.unplug()
        r.press("next", lambda: r.ticket(second).state == "called")
        r.led.replug()
        assert wait_for(lambda: r.led.shown == second, 10), r.led.shown
        r.pad.emulator.replug()
        assert wait_for(lambda: r.agent.drivers["rating_pad"].health.state == "ok", 10)
        r.press("finish", lambda: r.ticket(second).state == "done")
        ticket_id = r.ticket(second).id
        assert wait_for(lambda: r.pad.press(4) or r.rating(ticket_id), 10, step=0.5)
        assert r.rating(ticket_id).value == 4


def test_two_clerks_pressing_next_at_once_never_get_the_same_citizen(broker, tmp_path):
    """Counters 1 and 2 both serve civil status; one citizen waits; both clerks press Next in the same instant."""
    with centre_store(broker, tmp_path) as centre, centre.service() as client:
        stations = []
        try:
            for n in (1, 2):
                led = ModbusLedEmulator(tmp_path / f"ttyLED{n}").start()
                keypad = Pad(load_profile("keypad-serial-16key"), tmp_path / f"ttyKEY{n}")
                centre.provision("counter", f"counter-0{n}", counter=n)
                path = agent_file(broker, tmp_path, f"counter-0{n}", "counter", counter=n, hardware={
                    "led": {"profile": "led485-modbus-4d", "port": led.url},
                    "keypad": {"profile": "keypad-serial-16key", "port": keypad.emulator.url}})
                agent = CounterAgent.from_file(path, driver_options={"led": FAST, "keypad": FAST}).start()
                stations.append((led, keypad, agent))
                client.post(f"/api/v1/centres/{CENTRE}/counters/{n}/open",
                            headers=centre.clerk(n, staff_id=f"nv0{n}")).raise_for_status()
            assert wait_for(lambda: all(a.online and led.shown == "----" for led, _, a in stations), 10)
            number = client.post(f"/api/v1/centres/{CENTRE}/tickets", json={"field": "HT"},
                                 headers=centre.kiosk_token()).json()["number"]
            go = threading.Barrier(2)

            def press(keypad) -> None:
                go.wait()
                keypad.press("next")

            pressers = [threading.Thread(target=press, args=(keypad,)) for _, keypad, _ in stations]
            for thread in pressers:
                thread.start()
            for thread in pressers:
                thread.join(5)
            (led1, _, _), (led2, _, _) = stations
            assert wait_for(lambda: sorted([led1.shown, led2.shown]) == sorted([number, "----"]), 10), (
                led1.history, led2.history)
            with centre.db.read() as session:
                ticket = session.scalars(select(Ticket).where(Ticket.number == number)).one()
            winner = 1 if led1.shown == number else 2
            assert (ticket.state, ticket.counter) == ("called", winner)
            loser = led2 if winner == 1 else led1
            assert number not in loser.history, "the other counter's LED showed the number, even for a moment"
        finally:
            for led, keypad, agent in stations:
                agent.stop()
                led.stop()
                keypad.emulator.stop()


def test_a_press_while_the_broker_is_down_is_shown_offline_and_never_acts(broker, tmp_path):
    with rig(broker, tmp_path, "keypad-serial-16key") as r:
        number = r.issue()
        broker.stop()
        assert wait_for(lambda: r.led.shown == " oFF", 10), r.led.shown  # nothing on it can be trusted now
        r.keypad.press("next")
        time.sleep(0.5)
        broker.start()
        # Back: the LED shows the counter again, and the press made during the outage did not call anyone.
        assert wait_for(lambda: r.agent.online and r.led.shown == "----", 20), r.led.shown
        time.sleep(1)
        assert r.ticket(number).state == "waiting"
        r.press("next", lambda: r.ticket(number).state == "called" and r.led.shown == number)
