"""A whole centre as real processes: Mosquitto with the project's ACLs, `motcua service` with its MQTT bridge, and
real agent processes on emulated hardware (ESC/POS printer over TCP, Modbus LEDs, keypads and rating pads on ptys).

Plain helpers, so the whole-centre test (tests/centre/conftest.py) and the benchmarks (bench/bench_agents.py) start
the same parts the same way; `running_centre()` stops every process and emulator on the way out."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import httpx
from sqlalchemy import select

from devicekit.emulators.escpos import EscposEmulator
from devicekit.emulators.escpos_server import EscposTcpServer
from devicekit.emulators.led_display import ModbusLedEmulator
from devicekit.emulators.modem import ModemEmulator
from devicekit.profiles import load_profile
from queue_service.auth.roles import Role
from queue_service.queue.tables import Ticket
from queue_service.ratings.tables import Rating
from tests.support.agents import agent_file
from tests.support.broker import TestBroker
from tests.support.pads import Pad
from tests.queue.conftest import DEMO
from tests.support.processes import Process, service, wait_healthy
from tests.support.service import CENTRE, centre_store
from tests.support.voice import tone_pack
from tests.support.web import free_port

KIOSK_SCREEN = (1080, 1920)
KEYPAD = "keypad-serial-16key"
RATING_PAD = "ratingpad-serial-4btn"
PRINTER = "xprinter-xp-80"


@dataclass
class CounterStation:
    number: int
    led: ModbusLedEmulator
    keypad: Pad
    pad: Pad
    process: Process


class WholeCentre:
    def __init__(self, broker: TestBroker, store, directory: Path) -> None:
        self.broker, self.store, self.dir = broker, store, directory
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.api = f"{self.base}/api/v1/centres/{CENTRE}"
        self.service = service(store.url, store.centre_file, self.port, store.creds, directory / "logs")
        self.counters: dict[int, CounterStation] = {}
        self.processes: list[Process] = [self.service]
        self.emulators: list = []
        self.http = httpx.Client(timeout=10)

    # ---- parts
    def start_service(self) -> None:
        self.service.start()
        wait_healthy(self.base, self.service)

    def agent(self, name: str, command: str, path: Path) -> Process:
        process = Process(name, [command, "--config", str(path)], self.dir / "logs").start()
        self.processes.append(process)
        return process

    def add_counter(self, number: int, led_type: type[ModbusLedEmulator] = ModbusLedEmulator) -> CounterStation:
        """A counter agent process on its LED, keypad and rating pad; `led_type` may be a subclass of the LED
        emulator that observes what it shows (a benchmark's clock), as long as it answers the same."""
        device = f"counter-{number:02d}"
        led = led_type(self.dir / f"ttyLED{number}").start()
        keypad = Pad(load_profile(KEYPAD), self.dir / f"ttyKEY{number}")
        pad = Pad(load_profile(RATING_PAD), self.dir / f"ttyPAD{number}")
        self.emulators += [led, keypad.emulator, pad.emulator]
        self.store.provision("counter", device, counter=number)
        path = agent_file(self.broker, self.dir / "agents", device, "counter", counter=number, hardware={
            "led": {"profile": "led485-modbus-4d", "port": led.url},
            "keypad": {"profile": KEYPAD, "port": keypad.emulator.url},
            "rating_pad": {"profile": RATING_PAD, "port": pad.emulator.url}})
        station = CounterStation(number, led, keypad, pad, self.agent(device, "counter", path))
        self.counters[number] = station
        return station

    def add_kiosk(self, device: str = "kiosk-1", fields: tuple[str, ...] = ("HT",), **kiosk) -> EscposTcpServer:
        """A kiosk offering `fields` on a portrait screen, printing on an ESC/POS emulator; returns the printer.
        `kiosk` adds settings of its `kiosk:` section (sms_offer=True)."""
        printer = self.add_printer()
        self.store.provision("kiosk", device)
        width, height = KIOSK_SCREEN
        path = agent_file(self.broker, self.dir / "agents", device, "kiosk",
                          hardware={"printer": {"profile": PRINTER, "port": printer.url}},
                          screen={"width": width, "height": height, "window_width": width // 4,
                                  "window_height": height // 4},
                          kiosk={"fields": list(fields), **kiosk})
        self.agent(device, "kiosk", path)
        return printer

    def add_display(self, device: str = "display-hall") -> Path:
        """The hall's calling display, its voice on a tone pack (the real manifest format, each clip a short tone);
        returns its announcement log (one JSON line per call, as spoken)."""
        self.store.provision("display", device)
        tone_pack(self.dir / "voice", seconds=0.03)
        path = agent_file(self.broker, self.dir / "agents", device, "display",
                          screen={"width": 1920, "height": 1080, "window_width": 480, "window_height": 270},
                          voice={"pack": str(self.dir / "voice"), "gap_ms": 20, "pause_ms": 60})
        self.agent(device, "display", path)
        return self.dir / "agents" / f"{device}-state" / "announcements.jsonl"

    def add_sms(self, device: str = "sms-1") -> ModemEmulator:
        """The SMS agent on an emulated SIM800 modem (the centre file's `sms.device`); returns the modem, which
        decodes every SMS it is given."""
        modem = ModemEmulator(self.dir / f"tty{device}").start()
        self.emulators.append(modem)
        self.store.provision("sms", device)
        path = agent_file(self.broker, self.dir / "agents", device, "sms",
                          hardware={"modem": {"profile": "sim800-gsm", "port": modem.url}})
        self.agent(device, "sms", path)
        return modem

    def touch(self, device: str, x: float, y: float) -> httpx.Response:
        """An IT officer's tap on the device's mirror page, relayed by the service (admins only)."""
        return self.http.post(f"{self.api}/devices/{device}/screen/touch", json={"x": x, "y": y},
                              headers=self.store.token(Role.admin))

    def screen(self, device: str) -> httpx.Response:
        """The device's screen as a PNG, through the service's mirror relay (admins only)."""
        return self.http.get(f"{self.api}/devices/{device}/screen.png", headers=self.store.token(Role.admin))

    def add_printer(self) -> EscposTcpServer:
        printer = EscposTcpServer(EscposEmulator(printable_dots=load_profile(PRINTER).printable_dots)).start()
        self.emulators.append(printer)
        return printer

    # ---- people
    def clerk(self, number: int, staff_id: str) -> dict:
        return self.store.clerk(number, staff_id=staff_id)

    def open_counter(self, number: int, staff_id: str) -> None:
        self.http.post(f"{self.api}/counters/{number}/open", headers=self.clerk(number, staff_id)).raise_for_status()

    # ---- the store, as the service left it
    def ticket(self, number: str) -> Ticket | None:
        with self.store.db.read() as session:
            return session.scalars(select(Ticket).where(Ticket.number == number)).first()

    def tickets(self) -> list[Ticket]:
        with self.store.db.read() as session:
            return list(session.scalars(select(Ticket).order_by(Ticket.id)))

    def rating(self, ticket_id: int) -> Rating | None:
        with self.store.db.read() as session:
            return session.scalars(select(Rating).where(Rating.ticket_id == ticket_id)).first()

    def logs(self) -> str:
        return "\n".join(f"==== {p.name}\n{p.text()[-4000:]}" for p in self.processes)

    def stop(self) -> dict[str, int | None]:
        codes = {p.name: p.stop() for p in reversed(self.processes)}
        for emulator in self.emulators:
            emulator.stop()
        self.http.close()
        return codes


@contextlib.contextmanager
def running_centre(directory: Path, centre_file: Path = DEMO) -> Iterator[WholeCentre]:
    """Mosquitto and the centre's store, with nothing else started yet; everything stopped on the way out."""
    broker = TestBroker(directory / "broker", centre=CENTRE).start()
    with contextlib.ExitStack() as stack:
        stack.callback(broker.stop)
        store = stack.enter_context(centre_store(broker, directory, centre_file))
        centre = WholeCentre(broker, store, directory)
        stack.callback(centre.stop)
        yield centre
