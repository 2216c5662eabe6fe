"""Dossier lookup at the kiosk through a real Mosquitto into the real service: the receipt's QR (from the receipt the
service prints) held up to the camera emulator, or the code and the last 4 ID digits typed on the keypad, show the
dossier's status and steps with none of the applicant's personal data; wrong digits and too many lookups are refused
in plain words. And the number just printed is read aloud (a tone pack through the announcement log)."""

from __future__ import annotations

import copy
import json
import threading
import time
from pathlib import Path

import pygame
import pytest

from devicekit.emulators.camera import GeneratedCamera
from kiosk import style
from kiosk.agent import KioskAgent
from kiosk.copy import COPY
from kiosk.lookup_scenes import DossierStatus, Entry, LookupStart
from kiosk.scenes import Issued, Notice
from queue_service.config import load_centre
from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
from tests.agent.test_kiosk import SCREENS, SIZE, kiosk_centre, ready, take, tap
from tests.agent.test_kiosk_screens import MeasuringFonts
from tests.dossiers.test_api import BODY, ID_NUMBER, NAME, PHONE
from tests.mqtt.helpers import wait_for
from tests.queue.conftest import DEMO
from tests.support.service import CENTRE
from tests.support.voice import tone_pack
from wire.printing import PrintDocument

pytestmark = pytest.mark.mosquitto
PREFIX = "000.00.00.H00-"  # the demo catalogue's agency id
PERSONAL = (NAME, ID_NUMBER, ID_NUMBER[-4:], PHONE, BODY["applicant"]["address"])


def take_in_dossier(centre, client) -> tuple[str, str]:
    """A clerk takes in the test dossier; returns its code and what the QR of its printed receipt says."""
    with client.context.db.write() as session:
        import_catalogue(session, load_centre(DEMO), load_catalogue("examples/procedures.yaml"))
    created = client.post(f"/api/v1/centres/{CENTRE}/dossiers", json=BODY, headers=centre.clerk(1))
    assert created.status_code == 201, created.text
    code = created.json()["code"]
    receipt = PrintDocument.model_validate(client.get(f"/api/v1/centres/{CENTRE}/dossiers/{code}/receipt",
                                                      headers=centre.clerk(1)).json())
    (qr,) = [block.data for block in receipt.blocks if block.type == "qr"]
    return code, qr


def drawn_strings(scene) -> list[str]:
    """Every line the scene draws, read from the real fonts while a copy of it draws a frame."""
    fonts = MeasuringFonts()
    scene = copy.copy(scene)
    scene.fonts = fonts
    scene.draw(pygame.Surface(SIZE))
    return [line for line, *_ in fonts.drawn]


def on_screen_strings(agent: KioskAgent) -> list[str]:
    """The same for the scene on screen, on the UI thread (FreeType is not thread-safe)."""
    done, result = threading.Event(), []

    def draw() -> None:
        result.extend(drawn_strings(agent.stage.scene))
        done.set()

    agent.on_ui(draw)
    assert done.wait(5)
    return result


def assert_private(agent: KioskAgent) -> list[str]:
    lines = on_screen_strings(agent)
    text = "\n".join(lines)
    assert not [p for p in PERSONAL if p in text], lines
    return lines


def open_lookup(agent: KioskAgent) -> None:
    assert wait_for(lambda: ready(agent), 15)
    time.sleep(agent.stage.tap_guard_s)  # home may have just come back
    tap(agent, style.action_rects(SIZE, 2)[1])  # beside "Đã đặt lịch hẹn?"


def type_on(agent: KioskAgent, text: str) -> None:
    """Key by key on the keypad shown, each seen on screen before the next."""
    scene: Entry = agent.stage.scene
    for ch in text:
        typed = len(scene.text)
        tap(agent, next(b for b in scene.buttons if b.lines[0] == ch).rect)
        assert wait_for(lambda: len(scene.text) == typed + 1, 5), (scene.text, ch)


def press(agent: KioskAgent, label: str) -> None:
    scene = agent.stage.scene
    time.sleep(agent.stage.tap_guard_s)
    tap(agent, next(b for b in scene.buttons if b.lines[0] == label).rect)


def type_lookup(agent: KioskAgent, code: str, digits: str) -> None:
    """No camera: the keypad at once, the centre's prefix already typed; the code, Continue, the digits, Continue."""
    open_lookup(agent)
    assert wait_for(lambda: isinstance(agent.stage.scene, Entry), 5)
    assert agent.stage.scene.text == PREFIX
    time.sleep(agent.stage.tap_guard_s)
    type_on(agent, code.removeprefix(PREFIX))
    press(agent, COPY["continue"][0])
    assert wait_for(lambda: isinstance(agent.stage.scene, Entry) and agent.stage.scene.length == 4, 5)
    time.sleep(agent.stage.tap_guard_s)
    type_on(agent, digits)
    press(agent, COPY["continue"][0])


def test_a_scanned_receipt_shows_the_dossier_without_personal_data(broker, tmp_path):
    """On the lookup screen, then on home: the QR of the receipt the service prints, held up to the camera."""
    camera = GeneratedCamera(1280, 720, seed=10)
    with kiosk_centre(broker, tmp_path, camera=camera, dossier_s=5) as (centre, client, kiosk):
        code, qr = take_in_dossier(centre, client)

        def drive(agent: KioskAgent) -> None:
            open_lookup(agent)
            assert wait_for(lambda: isinstance(agent.stage.scene, LookupStart), 5)
            camera.feed(*(camera.code("qr", qr, "clean").frame for _ in range(3)))
            assert wait_for(lambda: isinstance(agent.stage.scene, DossierStatus), 10), agent.stage.scene
            scene: DossierStatus = agent.stage.scene
            assert scene.view["code"] == code and scene.view["status"]["vi"] == "Được tiếp nhận"
            path = agent.ui.screenshot(SCREENS / "kiosk-dossier-scanned.png")
            # Checked by region: the status line drawn under the facts' first lines, the two buttons at the bottom.
            shot = pygame.image.load(str(path))
            facts, _steps = style.status_columns(SIZE)
            status_band = pygame.Rect(facts.x, facts.y + 150, facts.width, 200)
            inked = sum(shot.get_at((x, y))[:3] == style.INK for x in range(status_band.left, status_band.right, 3)
                        for y in range(status_band.top, status_band.bottom, 3))
            assert inked > 200, inked
            for button in scene.buttons:
                corner = button.rect.move(button.style.radius, button.style.radius).topleft
                assert shot.get_at(corner)[:3] == style.SECONDARY_FILL
            lines = assert_private(agent)
            assert f"Mã hồ sơ: {code}" in " ".join(lines) and "Được tiếp nhận" in lines
            # Left alone, home again by itself; there a receipt held up is looked up at once.
            assert wait_for(lambda: agent.stage.scene is agent._home, 8)
            camera.feed(*(camera.code("qr", "http://127.0.0.1:8000/t/Xk2", "clean").frame for _ in range(3)))
            time.sleep(1.0)  # a ticket's QR is not a dossier's: nothing happens
            assert agent.stage.scene is agent._home
            camera.feed(*(camera.code("qr", qr, "rotated").frame for _ in range(3)))
            assert wait_for(lambda: isinstance(agent.stage.scene, DossierStatus), 10), agent.stage.scene

        kiosk.run(drive)


def test_a_typed_code_and_digits_show_the_dossier_in_both_languages(broker, tmp_path):
    with kiosk_centre(broker, tmp_path, dossier_prefix=PREFIX) as (centre, client, kiosk):
        code, _qr = take_in_dossier(centre, client)

        def drive(agent: KioskAgent) -> None:
            type_lookup(agent, code, ID_NUMBER[-4:])
            assert wait_for(lambda: isinstance(agent.stage.scene, DossierStatus), 10), agent.stage.scene
            scene: DossierStatus = agent.stage.scene
            assert scene.view["code"] == code
            vietnamese = assert_private(agent)
            assert "Ngày hẹn trả kết quả: " + scene.view["due_at"][8:10] in "\n".join(vietnamese)
            press(agent, COPY["in_english"][0])
            assert wait_for(lambda: scene.english, 5)
            english = assert_private(agent)
            assert "Accepted" in english and f"Dossier code: {code}" in " ".join(english)

        kiosk.run(drive)


def test_wrong_digits_are_refused_and_too_many_lookups_are_told(broker, tmp_path):
    with kiosk_centre(broker, tmp_path, dossier_prefix=PREFIX) as (centre, client, kiosk):
        code, _qr = take_in_dossier(centre, client)

        def drive(agent: KioskAgent) -> None:
            type_lookup(agent, code, "0000")
            assert wait_for(lambda: isinstance(agent.stage.scene, Notice), 10), agent.stage.scene
            assert agent.stage.scene.text == COPY["not_found"]
            assert_private(agent)
            agent.ui.screenshot(SCREENS / "kiosk-not-found.png")
            press(agent, COPY["home"][0])
            assert wait_for(lambda: agent.stage.scene is agent._home, 5)
            # The public page's limit, for this kiosk as one client: one lookup a minute here, and it was used.
            client.context.lookup_limiter.per_minute = 1
            type_lookup(agent, code, ID_NUMBER[-4:])
            assert wait_for(lambda: isinstance(agent.stage.scene, Notice), 10), agent.stage.scene
            assert agent.stage.scene.text == COPY["too_many"]

        kiosk.run(drive)


def announced(agent: KioskAgent) -> list[dict]:
    path: Path = agent.announcements
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_the_printed_number_is_read_aloud(broker, tmp_path):
    tone_pack(tmp_path / "pack", languages=("vi", "en"))
    voice = {"pack": str(tmp_path / "pack"), "english": True}
    with kiosk_centre(broker, tmp_path, voice=voice) as (centre, client, kiosk):

        def drive(agent: KioskAgent) -> None:
            assert wait_for(lambda: getattr(agent, "announcer", None) and agent.announcer.state.on, 15)
            assert wait_for(lambda: ready(agent), 15)
            take(agent, "HT")
            assert wait_for(lambda: isinstance(agent.stage.scene, Issued), 15)
            number = agent.stage.scene.ticket.number
            assert wait_for(lambda: announced(agent), 5)
            (line,) = announced(agent)
            assert line["number"] == number and line["voice"] == "on"
            assert line["text"] == f"Số thứ tự của Ông/Bà là {' '.join(number)}"
            assert line["text_en"] == f"Your number is {' '.join(number)}"
            assert line["clips"] == 2 * (1 + len(number))  # the phrase and each digit, in Vietnamese and English
            health = agent.extra_parts()["voice"]
            assert health.status == "ok"

        kiosk.run(drive)


def test_without_a_pack_the_kiosk_is_silent_and_says_why(broker, tmp_path):
    with kiosk_centre(broker, tmp_path) as (centre, client, kiosk):

        def drive(agent: KioskAgent) -> None:
            assert wait_for(lambda: getattr(agent, "announcer", None) and not agent.announcer.state.checking, 15)
            part = agent.extra_parts()["voice"]
            assert part.status == "warning" and "no voice pack" in part.detail
            assert wait_for(lambda: ready(agent), 15)
            take(agent, "HT")
            assert wait_for(lambda: isinstance(agent.stage.scene, Issued), 15)
            assert wait_for(lambda: announced(agent), 5)
            assert announced(agent)[0]["voice"] == "off"

        kiosk.run(drive)

