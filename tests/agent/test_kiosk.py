"""The kiosk agent through a real Mosquitto into the real service, printing on the ESC/POS emulator: a touch on a
field prints the slip the service sent, its QR is readable and opens the live ticket page, and the screen shows the
same number; a printer that is out of paper still tells the citizen the number and where to go."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import zxingcpp

from devicekit.emulators.escpos import EscposEmulator
from devicekit.emulators.escpos_server import EscposTcpServer
from devicekit.profiles import load_profile
from devicekit.ui.coverage import missing_glyphs
from kiosk.agent import KioskAgent
from kiosk.scenes import COPY, Issued, Notice, field_rects
from tests.mqtt.helpers import wait_for
from tests.support.agents import agent_file
from tests.support.service import CENTRE, centre_store

pytestmark = pytest.mark.mosquitto
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
SIZE = (1080, 1920)
PRINTER = "xprinter-xp-80"


def test_every_kiosk_phrase_has_its_glyphs():
    assert missing_glyphs([text for pair in COPY.values() for text in pair]) == []


def ready(agent: KioskAgent) -> bool:
    """The home screen has its fields and they take a touch (the UI thread has applied board and link)."""
    home = getattr(agent, "_home", None)  # built when the agent starts, on the main thread
    buttons = home.buttons if home is not None else []
    return bool(buttons) and all(b.enabled for b in buttons)


def touch_field(agent: KioskAgent, code: str) -> None:
    """A finger on the field's button, at the normalised point the service's screen.touch relay would send."""
    fields = [f.field for f in agent._home.fields]
    rect = field_rects(SIZE, len(fields))[fields.index(code)]
    assert agent.ui.touch(rect.centerx / SIZE[0], rect.centery / SIZE[1])


class Kiosk:
    """Kiosk 1 of the demo centre on a printer emulator, run on the main thread while `drive` runs beside it."""

    def __init__(self, broker, tmp_path: Path) -> None:
        self.printer = EscposTcpServer(EscposEmulator(printable_dots=load_profile(PRINTER).printable_dots)).start()
        self.path = agent_file(broker, tmp_path, "kiosk-1", "kiosk",
                               hardware={"printer": {"profile": PRINTER, "port": self.printer.url}},
                               screen={"width": SIZE[0], "height": SIZE[1], "window_width": 540,
                                       "window_height": 960})
        self.agent = KioskAgent.from_file(self.path)

    def run(self, drive) -> None:
        failure: list[BaseException] = []

        def driver() -> None:
            try:
                drive(self.agent)
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread to fail the test
                failure.append(exc)
            finally:
                self.agent._stop_all()

        thread = threading.Thread(target=driver)
        thread.start()
        try:
            assert self.agent.run() == 0
        finally:
            thread.join(30)
            self.printer.stop()
        if failure:
            raise failure[0]


def test_a_touch_prints_the_ticket_and_shows_its_number(broker, tmp_path):
    with centre_store(broker, tmp_path) as centre, centre.service() as client:
        centre.provision("kiosk", "kiosk-1")
        client.post(f"/api/v1/centres/{CENTRE}/counters/1/open", headers=centre.clerk(1)).raise_for_status()
        kiosk = Kiosk(broker, tmp_path)

        def drive(agent: KioskAgent) -> None:
            # The board that follows the counter's opening (the service coalesces boards every half second)
            assert wait_for(lambda: ready(agent) and any(f.counters_open for f in agent._home.fields), 15)
            fonts = agent.fonts  # every field's label fits its button: nothing cut off for a citizen to guess
            assert not [b.lines for b in agent._home.buttons if any(
                block.overflows for block in b.label(fonts, b.areas()[1].size))]
            agent.ui.screenshot(SCREENS / "kiosk-home.png")
            touch_field(agent, "HT")
            paper = kiosk.printer.emulator
            assert wait_for(lambda: any(p.kind == "cut" for p in paper.printed), 15), paper.printed
            assert wait_for(lambda: isinstance(agent.stage.scene, Issued), 5)
            number = agent.stage.scene.ticket.number
            assert any(p.kind == "text" and number in p.content for p in paper.printed)
            # The slip's QR, read from the printed picture as a phone would, opens the live page of that ticket.
            codes = zxingcpp.read_barcodes(paper.render(), formats=zxingcpp.BarcodeFormat.QRCode)
            assert len(codes) == 1, "the QR on the slip is not readable"
            path = codes[0].text.replace("http://127.0.0.1:8000", "")
            assert path.startswith("/t/") and client.get(path).status_code == 200
            live = client.get(f"/api/v1/tickets/public/{path.removeprefix('/t/')}").json()  # what the page shows
            assert live["number"] == number and live["state"] == "waiting"
            agent.ui.screenshot(SCREENS / "kiosk-issued.png")

        kiosk.run(drive)


def test_a_printer_out_of_paper_still_tells_the_number_and_where_to_go(broker, tmp_path):
    with centre_store(broker, tmp_path) as centre, centre.service() as client:
        centre.provision("kiosk", "kiosk-1")
        client.post(f"/api/v1/centres/{CENTRE}/counters/1/open", headers=centre.clerk(1)).raise_for_status()
        kiosk = Kiosk(broker, tmp_path)
        kiosk.printer.emulator.switches.paper_out = True

        def drive(agent: KioskAgent) -> None:
            assert wait_for(lambda: ready(agent), 15)
            touch_field(agent, "HT")
            assert wait_for(lambda: isinstance(agent.stage.scene, Notice), 15)
            notice = agent.stage.scene
            assert COPY["paper_out"][0] in notice.vi and "Số của Ông/Bà:" in notice.vi
            assert not any(p.kind == "cut" for p in kiosk.printer.emulator.printed)
            agent.ui.screenshot(SCREENS / "kiosk-paper-out.png")

        kiosk.run(drive)


def test_when_the_service_goes_away_the_kiosk_says_so_and_a_touch_takes_no_number(broker, tmp_path):
    with centre_store(broker, tmp_path) as centre:
        centre.provision("kiosk", "kiosk-1")
        kiosk = Kiosk(broker, tmp_path)

        def drive(agent: KioskAgent) -> None:
            with centre.service() as client:
                client.post(f"/api/v1/centres/{CENTRE}/counters/1/open", headers=centre.clerk(1)).raise_for_status()
                assert wait_for(lambda: ready(agent), 15)
            # The service stopped; the board it left is still retained, but no button may take a number now.
            assert wait_for(lambda: not agent.online, 10)
            assert wait_for(lambda: not any(b.enabled for b in agent._home.buttons), 5)
            touch_field(agent, "HT")
            assert agent.stage.scene is agent._home and kiosk.printer.emulator.printed == []
            agent.ui.screenshot(SCREENS / "kiosk-offline.png")

        kiosk.run(drive)
