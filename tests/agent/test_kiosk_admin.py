"""The kiosk's states for the IT officer and for nobody at all, through a real Mosquitto into the real service on
the printer and camera emulators: home dims after its idle timeout and wakes when the camera sees someone step up
(not for a one-frame flicker) or on a touch; five taps in the corner open a PIN pad whose wrong PINs lock it; the
admin menu prints a test slip through the real printer path, shows device health, reloads the file and switches the
slips' language, and every action is recorded."""

from __future__ import annotations

import json
import time

import pytest
import yaml
from sqlalchemy import func, select

from devicekit.emulators.camera import GeneratedCamera
from devicekit.presence import PresenceDetector
from kiosk import style
from kiosk.admin import AdminSettings
from kiosk.admin_pin import PinGate, hash_pin, verify_pin
from kiosk.admin_scenes import AdminMenu, HealthPage, PinPad
from kiosk.agent import KioskAgent
from kiosk.copy import COPY, pair
from kiosk.dimmed import Dimmed
from kiosk.gesture import CornerTaps
from queue_service.queue.tables import Ticket
from tests.agent.test_kiosk import SIZE, kiosk_centre, ready, tap
from tests.mqtt.helpers import wait_for
from yaml_config import ConfigError

PIN = "2468"
HASH = hash_pin(PIN)  # once: scrypt takes ~50-100 ms


# ---- the parts on their own
def test_a_pin_is_checked_against_its_hash_and_wrong_ones_lock_the_pad():
    assert verify_pin(HASH, PIN) and not verify_pin(HASH, "2469") and PIN not in HASH
    now = [0.0]
    gate = PinGate(HASH, max_tries=3, lockout_s=300, clock=lambda: now[0])
    assert gate.check("1111").tries_left == 2 and gate.check(PIN).ok  # a right PIN clears the count
    assert [gate.check("1111").tries_left for _ in range(2)] == [2, 1]
    locked = gate.check("1111")
    assert not locked.ok and locked.locked_s == 300
    now[0] += 299
    assert not gate.check(PIN).checked  # while locked, not even the right PIN
    now[0] += 2
    assert gate.check(PIN).ok


def test_a_bad_pin_hash_in_the_file_is_refused_with_what_is_expected():
    with pytest.raises(ValueError, match=r"scrypt\$N\$r\$p\$salt\$hash"):
        AdminSettings(pin_hash="2468")
    with pytest.raises(ValueError, match="a PIN is 4 to 8 digits"):
        hash_pin("12a4")


def test_five_taps_in_the_corner_open_the_menu_and_nothing_else_does():
    now, opened = [0.0], []
    taps = CornerTaps(lambda: opened.append(now[0]), clock=lambda: now[0])
    for _ in range(4):
        assert taps.tap((40, 40))
        now[0] += 0.5
    assert taps.tap((600, 900)) is False  # a tap elsewhere (a field) breaks the sequence
    for _ in range(4):
        taps.tap((40, 40))
        now[0] += 1.2  # too slow: the first tap has expired by the fifth
    assert opened == []
    for _ in range(5):
        taps.tap((100, 20))
        now[0] += 0.3
    assert len(opened) == 1


def test_presence_needs_a_person_sized_blob_for_more_than_one_frame():
    camera, detector = GeneratedCamera(640, 360, seed=3), PresenceDetector()
    for _ in range(15):
        assert not detector.update(camera.empty())
    detector.update(camera.person(0.2))  # one frame: a shadow, a flash
    assert not any(detector.update(camera.empty()) for _ in range(10))
    assert any(detector.update(camera.person(0.2)) for _ in range(4))


# ---- the kiosk, end to end
def admin_kiosk(kiosk, **admin) -> KioskAgent:
    """The test kiosk's file with an admin PIN, read again as the kiosk reads it."""
    data = yaml.safe_load(kiosk.path.read_text(encoding="utf-8"))
    data["admin"] = {"pin_hash": HASH, **admin}
    kiosk.path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    options = {"camera": {"source": kiosk.camera}} if kiosk.camera else None
    kiosk.agent = KioskAgent.from_file(kiosk.path, driver_options=options)
    return kiosk.agent


def press(agent: KioskAgent, label: str) -> None:
    time.sleep(agent.stage.tap_guard_s)
    tap(agent, next(b for b in agent.stage.scene.buttons if b.lines[0] == label).rect)


def type_pin(agent: KioskAgent, pin: str) -> None:
    pad: PinPad = agent.stage.scene
    time.sleep(agent.stage.tap_guard_s)
    for digit in pin:
        typed = len(pad.pin)
        tap(agent, next(b for b in pad.buttons if b.lines[0] == digit).rect)
        assert wait_for(lambda: len(pad.pin) == typed + 1, 5)
    press(agent, COPY["ok"][0])


def corner(agent: KioskAgent, times: int) -> None:
    time.sleep(agent.stage.tap_guard_s)
    for _ in range(times):
        assert agent.ui.touch(40 / SIZE[0], 40 / SIZE[1])


def test_home_dims_when_nobody_is_there_and_wakes_for_someone_stepping_up(broker, tmp_path):
    camera = GeneratedCamera(640, 360, seed=5)
    with kiosk_centre(broker, tmp_path, camera=camera, idle_timeout_s=1.5) as (_centre, _client, kiosk):
        kiosk.camera = camera

        def drive(agent: KioskAgent) -> None:
            assert wait_for(lambda: hasattr(agent, "admin") and agent._home.fields, 15)  # built, the board seen
            assert wait_for(lambda: isinstance(agent.stage.scene, Dimmed), 5)
            agent.ui.screenshot(tmp_path / "dimmed.png")
            camera.feed(camera.person(0.2))  # a flicker: one frame
            time.sleep(1.0)
            assert isinstance(agent.stage.scene, Dimmed), "a one-frame flicker woke the screen"
            # Someone steps up: a person-sized shape, moving a little, frame after frame.
            frames = [camera.person(0.2) for _ in range(12)]
            camera.feed(*[frame if i % 2 else frame[:, ::-1].copy() for i, frame in enumerate(frames)])
            assert wait_for(lambda: agent.stage.scene is agent._home, 5)
            # Nobody touches: dimmed again; a touch on a field only wakes (the citizen had not seen it).
            assert wait_for(lambda: isinstance(agent.stage.scene, Dimmed), 5)
            time.sleep(agent.stage.tap_guard_s)
            tap(agent, style.field_rects(SIZE, len(agent._home.visible()))[0])
            assert wait_for(lambda: agent.stage.scene is agent._home, 5)

        kiosk.run(drive)


def test_the_admin_menu_behind_five_taps_and_a_pin(broker, tmp_path):
    with kiosk_centre(broker, tmp_path) as (_centre, client, kiosk):
        kiosk.camera = None
        agent = admin_kiosk(kiosk, max_tries=3)

        def drive(agent: KioskAgent) -> None:
            assert wait_for(lambda: ready(agent), 15)
            corner(agent, 4)
            time.sleep(0.3)
            assert agent.stage.scene is agent._home  # four taps: nothing
            corner(agent, 5)
            assert wait_for(lambda: isinstance(agent.stage.scene, PinPad), 5)
            type_pin(agent, "1111")
            assert wait_for(lambda: agent.stage.scene.message == pair("admin_wrong", n=2), 5)
            type_pin(agent, PIN)
            assert wait_for(lambda: isinstance(agent.stage.scene, AdminMenu), 5)

            # A test slip through the real printer path: on the paper, and no number taken.
            press(agent, COPY["admin_print_test"][0])
            assert wait_for(lambda: isinstance(agent.stage.scene, AdminMenu)
                            and agent.stage.scene.outcome == COPY["admin_printed"], 10)
            assert any(p.kind == "qr" and p.content == "motcua test kiosk-1 printer" for p in kiosk.paper.printed)
            assert any(p.kind == "cut" for p in kiosk.paper.printed)
            with client.context.db.read() as session:
                assert session.scalar(select(func.count()).select_from(Ticket)) == 0

            press(agent, COPY["admin_health"][0])
            assert wait_for(lambda: isinstance(agent.stage.scene, HealthPage), 5)
            rows = {row.label: row for row in agent.stage.scene.rows}
            assert rows[COPY["health_printer"]].ok and rows[COPY["health_link"]].value == COPY["health_online"]
            assert rows[COPY["health_paper"]].value == COPY["health_paper_ok"]
            press(agent, COPY["back"][0])
            assert wait_for(lambda: isinstance(agent.stage.scene, AdminMenu), 5)

            # The slips' language, then a reload that reads the file again (its locale: English first).
            press(agent, COPY["admin_locale_vi"][0])
            assert wait_for(lambda: agent.locale == "en", 5)
            data = yaml.safe_load(kiosk.path.read_text(encoding="utf-8"))
            data["kiosk"]["locale"], data["kiosk"]["notice_s"] = "vi", 20
            kiosk.path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            press(agent, COPY["admin_reload"][0])
            assert wait_for(lambda: agent.stage.scene.outcome == COPY["admin_reloaded"], 5)
            assert agent.locale == "vi" and agent._notice.idle_timeout_s == 20
            kiosk.path.write_text("version: 1\nkiosk: {locale: fr}\n", encoding="utf-8")  # a broken file
            time.sleep(agent.stage.tap_guard_s)
            press(agent, COPY["admin_reload"][0])
            assert wait_for(lambda: agent.stage.scene.outcome == COPY["admin_reload_failed"], 5)
            assert agent.locale == "vi" and agent.config.device == "kiosk-1"  # nothing changed

            press(agent, COPY["admin_exit"][0])
            assert wait_for(lambda: agent.stage.scene is agent._home, 5)
            # Three wrong PINs lock the pad; the kiosk's health says so (someone may be guessing).
            corner(agent, 5)
            assert wait_for(lambda: isinstance(agent.stage.scene, PinPad), 5)
            for _ in range(3):
                type_pin(agent, "9999")
            assert wait_for(lambda: agent.stage.scene.message == pair("admin_locked", minutes=5), 5)
            type_pin(agent, PIN)  # the right one, while locked: not even checked
            assert wait_for(lambda: "PIN not checked" in agent.admin.journal.read_text(), 5)
            time.sleep(0.2)
            assert isinstance(agent.stage.scene, PinPad) and agent.stage.scene.message == pair("admin_locked",
                                                                                                 minutes=5)
            assert wait_for(lambda: (agent._parts or {}).get("admin") is not None
                            and agent._parts["admin"].status == "warning", 5)

            journal = [json.loads(line)["action"] for line in agent.admin.journal.read_text().splitlines()]
            assert journal[:3] == ["opened the PIN pad", "wrong PIN", "signed in"]
            assert "printer test: printed" in journal and "viewed device health" in journal
            assert "slips print en first" in journal and journal.count("wrong PIN") == 3
            assert any(a.startswith("reloaded the configuration: refused") for a in journal)
            assert journal[-2].startswith("wrong PIN; locked") and journal[-1].startswith("PIN not checked")

        kiosk.run(drive)
