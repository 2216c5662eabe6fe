"""The kiosk agent through a real Mosquitto into the real service, printing on the ESC/POS emulator: field, then the
priority question, prints the slip the service sent (its QR opens the live page) and shows the same number; a slip
that cannot be printed (paper out, printer unplugged mid-print) voids its number in the store, and a retry of the
void is harmless; a second printer takes over; paper out and a lost service are said on the home screen."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import pytest
import zxingcpp
from sqlalchemy import func, select

from devicekit.emulators.escpos import EscposEmulator
from devicekit.emulators.escpos_server import EscposTcpServer
from devicekit.profiles import load_profile
from devicekit.ui.coverage import missing_glyphs
from kiosk import style
from kiosk.agent import KioskAgent
from kiosk.copy import COPY
from kiosk.home import Home
from kiosk.scenes import Issued, Notice, Priority
from queue_service.auth.roles import Role
from queue_service.devices.tables import DeviceEvent
from queue_service.queue.tables import Ticket, TicketEvent
from tests.mqtt.helpers import wait_for
from tests.support.agents import agent_file
from tests.support.service import CENTRE, centre_store
from wire.queue_messages import TicketVoid

pytestmark = pytest.mark.mosquitto
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
SIZE = (1080, 1920)
PRINTER = "xprinter-xp-80"
CAMERA = "usb-webcam-720p"


def test_every_kiosk_phrase_has_its_glyphs():
    assert missing_glyphs([text for pair in COPY.values() for text in pair]) == []


def ready(agent: KioskAgent) -> bool:
    """The home screen has its fields and they take a touch (the UI thread has applied board and link)."""
    home = getattr(agent, "_home", None)  # built when the agent starts, on the main thread
    fields = [b for b in home.buttons if b.on_tap and b.lines[0] in {f.name for f in home.fields}] if home else []
    return bool(fields) and all(b.enabled for b in fields) and bool(agent.groups)


def tap(agent: KioskAgent, rect) -> None:
    """A finger on a button, at the normalised point the service's screen.touch relay would send."""
    assert agent.ui.touch(rect.centerx / SIZE[0], rect.centery / SIZE[1])


def take(agent: KioskAgent, code: str, group: str | None = None, before_choice=lambda: None) -> None:
    """Touch the field (on the first page), then the priority group or "No priority"."""
    home: Home = agent._home
    shown = [f.field for f in home.visible()]
    tap(agent, style.field_rects(SIZE, len(shown))[shown.index(code)])
    assert wait_for(lambda: isinstance(agent.stage.scene, Priority), 5)
    before_choice()
    time.sleep(agent.stage.tap_guard_s + 0.05)  # a double tap on the field must not also choose
    groups = [g.code for g in agent.groups]
    rects, _back = style.priority_rects(SIZE, len(groups))
    tap(agent, rects[0] if group is None else rects[1 + groups.index(group)])


def store_ticket(client, number: str) -> tuple[Ticket, list[str]]:
    with client.context.db.read() as session:
        ticket = session.execute(select(Ticket).where(Ticket.number == number)).scalar_one()
        kinds = list(session.execute(select(TicketEvent.kind).where(TicketEvent.ticket_id == ticket.id)).scalars())
        return ticket, kinds


def void_reports(client) -> int:
    with client.context.db.read() as session:
        return session.scalar(select(func.count()).select_from(DeviceEvent).where(DeviceEvent.name == "ticket.void"))


class Kiosk:
    """Kiosk 1 of the demo centre on printer emulators, run on the main thread while `drive` runs beside it."""

    def __init__(self, broker, tmp_path: Path, printers: int = 1, camera=None, voice: dict | None = None,
                 **kiosk) -> None:
        dots = load_profile(PRINTER).printable_dots
        self.printers = [EscposTcpServer(EscposEmulator(printable_dots=dots)).start() for _ in range(printers)]
        roles = ["printer", "second_printer"][:printers]
        hardware = {r: {"profile": PRINTER, "port": p.url} for r, p in zip(roles, self.printers)}
        if camera is not None:  # frames from the camera emulator instead of cv2.VideoCapture
            hardware["camera"] = {"profile": CAMERA, "port": "0"}
        self.path = agent_file(broker, tmp_path, "kiosk-1", "kiosk", hardware=hardware,
                               screen={"width": SIZE[0], "height": SIZE[1], "window_width": 540,
                                       "window_height": 960, "dpi": 102}, kiosk=kiosk, voice=voice or {})
        self.agent = KioskAgent.from_file(self.path, driver_options={"camera": {"source": camera}} if camera else None)

    @property
    def paper(self) -> EscposEmulator:
        return self.printers[0].emulator

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
            for printer in self.printers:
                printer.stop()
        if failure:
            raise failure[0]


def open_counter(centre, client, n: int = 1) -> None:
    client.post(f"/api/v1/centres/{CENTRE}/counters/{n}/open", headers=centre.clerk(n)).raise_for_status()


@contextlib.contextmanager
def kiosk_centre(broker, tmp_path: Path, **kiosk):
    """The service over a fresh store with counter 1 open (it serves HT), and kiosk 1 ready to run."""
    with centre_store(broker, tmp_path) as centre, centre.service() as client:
        centre.provision("kiosk", "kiosk-1")
        open_counter(centre, client)
        yield centre, client, Kiosk(broker, tmp_path, **kiosk)


def take_unprinted(agent: KioskAgent, **take_options) -> None:
    """A citizen takes an HT number that is not printed: the kiosk sends them to the information desk."""
    assert wait_for(lambda: ready(agent), 15)
    take(agent, "HT", **take_options)
    assert wait_for(lambda: isinstance(agent.stage.scene, Notice), 15)
    assert agent.stage.scene.text == COPY["not_printed"]


def test_a_priority_ticket_is_printed_shown_and_the_kiosk_goes_home(broker, tmp_path):
    with kiosk_centre(broker, tmp_path, confirmation_s=3, idle_timeout_s=3) as (centre, client, kiosk):

        def drive(agent: KioskAgent) -> None:
            # The board that follows the counter's opening (the service coalesces boards every half second)
            assert wait_for(lambda: ready(agent) and any(f.counters_open for f in agent._home.fields), 15)
            agent.ui.screenshot(SCREENS / "kiosk-home.png")
            take(agent, "HT", "elderly")
            assert wait_for(lambda: any(p.kind == "cut" for p in kiosk.paper.printed), 15), kiosk.paper.printed
            assert wait_for(lambda: isinstance(agent.stage.scene, Issued), 5)
            ticket = agent.stage.scene.ticket
            assert ticket.priority_group == "elderly" and ticket.priority_name_vi == "Người cao tuổi"
            assert any(p.kind == "text" and ticket.number in p.content for p in kiosk.paper.printed)
            # The slip's QR, read from the printed picture as a phone would, opens the live page of that ticket.
            codes = zxingcpp.read_barcodes(kiosk.paper.render(), formats=zxingcpp.BarcodeFormat.QRCode)
            assert len(codes) == 1, "the QR on the slip is not readable"
            path = codes[0].text.replace("http://127.0.0.1:8000", "")
            assert path.startswith("/t/") and client.get(path).status_code == 200
            live = client.get(f"/api/v1/tickets/public/{path.removeprefix('/t/')}").json()  # what the page shows
            assert live["number"] == ticket.number and live["state"] == "waiting"
            stored, _ = store_ticket(client, ticket.number)
            assert stored.priority_group == "elderly" and stored.channel == "kiosk"
            agent.ui.screenshot(SCREENS / "kiosk-issued.png")
            # A few seconds later, home again for the next citizen, untouched.
            assert wait_for(lambda: agent.stage.scene is agent._home, 6)
            # Large type stays while its citizen goes back and forth, and is normal type again for the next one once
            # nobody touches the screen.
            time.sleep(agent.stage.tap_guard_s)
            tap(agent, style.footer_buttons(SIZE)[0])
            assert wait_for(lambda: agent.type.large, 2)
            tap(agent, style.field_rects(SIZE, 3, large=True)[0])
            assert wait_for(lambda: isinstance(agent.stage.scene, Priority), 5)
            time.sleep(agent.stage.tap_guard_s)
            tap(agent, style.priority_rects(SIZE, 4)[1])  # Back
            assert wait_for(lambda: agent.stage.scene is agent._home, 5) and agent.type.large
            assert wait_for(lambda: not agent.type.large, 5)

        kiosk.run(drive)


def assert_voided(centre, client, number: str) -> None:
    """In the store the number is voided: not waiting, not on the board, and no counter can call it."""
    assert wait_for(lambda: "voided" in store_ticket(client, number)[1], 10)
    ticket, kinds = store_ticket(client, number)
    assert ticket.state == "cancelled" and kinds.count("voided") == 1
    board = client.get(f"/api/v1/centres/{CENTRE}/board", headers=centre.clerk(1)).json()
    assert next(f for f in board["fields"] if f["field"]["code"] == "HT")["waiting"] == 0
    called = client.post(f"/api/v1/centres/{CENTRE}/counters/1/next", headers=centre.clerk(1)).json()
    assert called["ticket"] is None


def test_paper_out_at_print_time_voids_the_number_and_a_retry_is_harmless(broker, tmp_path):
    with kiosk_centre(broker, tmp_path) as (centre, client, kiosk):

        def drive(agent: KioskAgent) -> None:
            # The paper runs out after the home screen last saw the printer: only printing finds out.
            take_unprinted(agent, before_choice=lambda: setattr(kiosk.paper.switches, "paper_out", True))
            assert not any(p.kind == "cut" for p in kiosk.paper.printed)
            number = "1001"  # the first HT number of the day; issued, never printed
            assert_voided(centre, client, number)
            # The same report again (a resend after a broker drop, or a second try): nothing changes.
            ticket, _ = store_ticket(client, number)
            agent.report("ticket.void", TicketVoid(ticket_id=ticket.id, number=number, reason="retry"))
            assert wait_for(lambda: void_reports(client) == 2, 10)
            assert store_ticket(client, number)[1].count("voided") == 1
            # Back home, the kiosk says where to get a number before anyone touches a field.
            time.sleep(agent.stage.tap_guard_s)
            tap(agent, style.bottom_button(SIZE))
            assert wait_for(lambda: agent.stage.scene is agent._home and agent._home.blocked == COPY["paper_out"], 5)
            assert not any(b.enabled for b in agent._home.buttons if b.lines[0] == "Tư pháp – Hộ tịch")
            agent.ui.screenshot(SCREENS / "kiosk-paper-out.png")

        kiosk.run(drive)


def test_a_printer_unplugged_mid_print_voids_the_number(broker, tmp_path):
    with kiosk_centre(broker, tmp_path) as (centre, client, kiosk):
        server, feed = kiosk.printers[0], kiosk.paper.feed

        def unplug_during_the_job(data: bytes) -> bytes:
            if len(data) < 256:  # status requests
                return feed(data)
            feed(data[: len(data) // 2])  # half the slip reaches the paper, then the cable is pulled
            threading.Thread(target=server.stop).start()
            return b""

        def drive(agent: KioskAgent) -> None:
            kiosk.paper.feed = unplug_during_the_job
            take_unprinted(agent)
            assert_voided(centre, client, "1001")

        kiosk.run(drive)


def test_a_void_raised_while_the_broker_is_down_arrives_when_it_is_back(broker, tmp_path):
    with kiosk_centre(broker, tmp_path) as (centre, client, kiosk):
        feed = kiosk.paper.feed

        def broker_drops_then_paper_out(data: bytes) -> bytes:
            if len(data) >= 256:  # the job: the number was issued; now the broker goes and the paper runs out
                broker.stop()
                kiosk.paper.switches.paper_out = True
            return feed(data)

        def drive(agent: KioskAgent) -> None:
            kiosk.paper.feed = broker_drops_then_paper_out
            take_unprinted(agent)
            assert store_ticket(client, "1001")[0].state == "waiting"  # the void waits in the kiosk's outbox
            broker.start()
            assert_voided(centre, client, "1001")

        kiosk.run(drive)


def test_a_number_whose_reply_never_came_is_not_left_waiting(broker, tmp_path):
    with kiosk_centre(broker, tmp_path) as (centre, client, kiosk):

        def busy_store() -> None:  # the service cannot write for longer than the kiosk waits for its reply
            with client.context.db.write():
                time.sleep(KioskAgent.ACTION_TIMEOUT_S + 1)

        def drive(agent: KioskAgent) -> None:
            assert wait_for(lambda: ready(agent), 15)
            take(agent, "HT", before_choice=threading.Thread(target=busy_store).start)
            assert wait_for(lambda: isinstance(agent.stage.scene, Notice), 15)
            assert agent.stage.scene.text == COPY["reconnecting"] and kiosk.paper.printed == []
            # The kiosk voids whatever its request issued; the service issued nothing after the kiosk gave up.
            assert wait_for(lambda: void_reports(client) == 1, 15)
            board = client.get(f"/api/v1/centres/{CENTRE}/board").json()
            assert next(f for f in board["fields"] if f["field"]["code"] == "HT")["waiting"] == 0
            with client.context.db.read() as session:
                assert session.scalar(select(func.count()).select_from(Ticket)) == 0

        kiosk.run(drive)


def test_paper_near_its_end_is_a_warning_on_the_board_and_the_kiosk_keeps_printing(broker, tmp_path):
    with kiosk_centre(broker, tmp_path) as (centre, client, kiosk):
        kiosk.paper.switches.paper_low = True

        def devices() -> dict:
            rows = client.get(f"/api/v1/centres/{CENTRE}/devices", headers=centre.token(Role.manager)).json()
            return {row["id"]: row for row in rows}

        def drive(agent: KioskAgent) -> None:
            assert wait_for(lambda: ready(agent), 15)
            # What the board's device list shows for the kiosk (board.html lists every part that is not ok).
            assert wait_for(lambda: (devices()["kiosk-1"]["health"] or {}).get("printer") == {
                "v": 1, "status": "warning", "detail": "paper near end"}, 15), devices()
            assert agent._home.blocked is None
            take(agent, "HT")
            assert wait_for(lambda: isinstance(agent.stage.scene, Issued), 15)

        kiosk.run(drive)


def test_a_kiosk_without_paper_says_so_before_anyone_touches_it(broker, tmp_path):
    with kiosk_centre(broker, tmp_path) as (centre, client, kiosk):
        kiosk.paper.switches.paper_out = True

        def drive(agent: KioskAgent) -> None:
            home = lambda: getattr(agent, "_home", None)  # noqa: E731 - built when the agent starts
            assert wait_for(lambda: home() and home().fields and home().blocked == COPY["paper_out"], 15)
            tap(agent, style.field_rects(SIZE, 5)[0])
            time.sleep(0.5)
            assert agent.stage.scene is agent._home and client.get(
                f"/api/v1/centres/{CENTRE}/board").json()["waiting"] == 0

        kiosk.run(drive)


def test_a_second_printer_prints_when_the_first_has_no_paper(broker, tmp_path):
    with kiosk_centre(broker, tmp_path, printers=2) as (centre, client, kiosk):

        def drive(agent: KioskAgent) -> None:
            assert wait_for(lambda: ready(agent), 15)
            take(agent, "HT", before_choice=lambda: setattr(kiosk.paper.switches, "paper_out", True))
            spare = kiosk.printers[1].emulator
            assert wait_for(lambda: any(p.kind == "cut" for p in spare.printed), 15)
            assert wait_for(lambda: isinstance(agent.stage.scene, Issued), 5)
            ticket, kinds = store_ticket(client, agent.stage.scene.ticket.number)
            assert ticket.state == "waiting" and "voided" not in kinds
            assert agent._home.blocked is None  # one printer still prints: the kiosk keeps taking numbers

        kiosk.run(drive)


def test_when_the_service_goes_away_the_kiosk_says_so_and_a_touch_takes_no_number(broker, tmp_path):
    with centre_store(broker, tmp_path) as centre:
        centre.provision("kiosk", "kiosk-1")
        kiosk = Kiosk(broker, tmp_path)

        def drive(agent: KioskAgent) -> None:
            with centre.service() as client:
                open_counter(centre, client)
                assert wait_for(lambda: ready(agent), 15)
            # The service stopped; the board it left is still retained, but no button may take a number now.
            assert wait_for(lambda: not agent.online, 10)
            assert wait_for(lambda: agent._home.blocked == COPY["reconnecting"], 5)
            tap(agent, style.field_rects(SIZE, 5)[0])
            assert agent.stage.scene is agent._home and kiosk.paper.printed == []
            agent.ui.screenshot(SCREENS / "kiosk-offline.png")

        kiosk.run(drive)
