"""The demo centre's devices: the real agents (`motcua kiosk|counter|display|sms`) as processes, on emulated hardware
run here (an ESC/POS printer over TCP, Modbus LEDs, keypads and rating pads, a SIM800 modem on ptys), and simulated
clerks who press the emulated keypads and citizens who press the rating pads. Everything a real centre runs, except
the hardware."""

from __future__ import annotations

import logging
import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import yaml

from devicekit.emulators.escpos import EscposEmulator
from devicekit.emulators.escpos_server import EscposTcpServer
from devicekit.emulators.keys import ProfilePad
from devicekit.emulators.led_display import ModbusLedEmulator
from devicekit.emulators.modem import ModemEmulator
from devicekit.profiles import load_profile

log = logging.getLogger(__name__)

PRINTER, LED, KEYPAD, RATING_PAD = "xprinter-xp-80", "led485-modbus-4d", "keypad-serial-16key", "ratingpad-serial-4btn"
MODEM = "sim800-gsm"
COMMANDS = {"kiosk": "kiosk", "counter": "counter", "display": "display", "rating_tablet": "rating", "sms": "sms"}


class DemoAgents:
    """Emulators, one YAML file and one process per agent, and the clerks at the counters' keypads."""

    def __init__(self, centre: str, host: str, port: int, secrets: dict[str, tuple[str, str]],
                 counters: dict[str, int], directory: Path) -> None:
        self.centre, self.host, self.port = centre, host, port
        self.secrets = secrets  # device → (kind, secret)
        self.counters = counters  # device → counter number
        self.dir = directory
        self.emulators: list = []
        self.leds: dict[int, ModbusLedEmulator] = {}
        self.keypads: dict[int, ProfilePad] = {}
        self.pads: dict[int, ProfilePad] = {}
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self) -> list[str]:
        """Start the emulators and the agent processes; returns the devices started."""
        for device, (kind, _secret) in self.secrets.items():
            hardware, sections = self._hardware(device, kind)
            path = self._write(device, kind, hardware, sections)
            log_file = self.dir / "logs" / f"{device}.log"
            log_file.parent.mkdir(parents=True, exist_ok=True)
            env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}  # headless: see the mirror
            with open(log_file, "ab") as out:
                self.processes[device] = subprocess.Popen(
                    [sys.executable, "-m", "motcua", COMMANDS[kind], "--config", str(path)], stdout=out,
                    stderr=subprocess.STDOUT, env=env, start_new_session=True)
        return list(self.processes)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # each agent says goodbye (a retained `disconnected`)
        for device, process in self.processes.items():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                log.warning("demo: %s did not stop; killed", device)
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        for emulator in self.emulators:
            emulator.stop()

    def _hardware(self, device: str, kind: str) -> tuple[dict, dict]:
        emulated = self.dir / "dev"
        emulated.mkdir(parents=True, exist_ok=True)
        if kind == "kiosk":
            printer = EscposTcpServer(EscposEmulator(printable_dots=load_profile(PRINTER).printable_dots)).start()
            self.emulators.append(printer)
            return ({"printer": {"profile": PRINTER, "port": printer.url}},
                    {"screen": {"width": 1080, "height": 1920}, "voice": {"enabled": False},
                     "kiosk": {"sms_offer": True}})
        if kind == "sms":  # the SIM800 emulator decodes each SMS; the agent's log says it was sent (number masked)
            modem = ModemEmulator(emulated / "ttyGSM").start()
            self.emulators.append(modem)
            return {"modem": {"profile": MODEM, "port": modem.url}}, {}
        if kind == "display":  # headless (SDL's dummy audio): nobody would hear the voice, so it is off, not missing
            return {}, {"screen": {"width": 1920, "height": 1080}, "voice": {"enabled": False}}
        if kind == "counter":
            n = self.counters[device]
            led = self.leds[n] = ModbusLedEmulator(emulated / f"ttyLED{n}").start()
            keypad = self.keypads[n] = ProfilePad(load_profile(KEYPAD), emulated / f"ttyKEY{n}")
            pad = self.pads[n] = ProfilePad(load_profile(RATING_PAD), emulated / f"ttyPAD{n}")
            self.emulators += [led, keypad.emulator, pad.emulator]
            return ({"led": {"profile": LED, "port": led.url},
                     "keypad": {"profile": KEYPAD, "port": keypad.emulator.url},
                     "rating_pad": {"profile": RATING_PAD, "port": pad.emulator.url}}, {"counter": n})
        raise ValueError(f"the demo has no hardware for a {kind}")

    def _write(self, device: str, kind: str, hardware: dict, sections: dict) -> Path:
        agents = self.dir / "agents"
        agents.mkdir(parents=True, exist_ok=True)
        secret = agents / f"{device}.secret"
        secret.touch(mode=0o600)
        secret.chmod(0o600)
        secret.write_text(self.secrets[device][1] + "\n", encoding="utf-8")
        data = {"version": 1, "centre": self.centre, "device": device,
                "broker": {"host": self.host, "port": self.port, "secret_file": str(secret.resolve())},
                "state_dir": str((self.dir / "state" / device).resolve()), "hardware": hardware, **sections}
        path = agents / f"{device}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path


class KeypadClerks:
    """Simulated clerks who work their counters' emulated keypads (Next, Start, Finish) while the LED says what
    happened, and simulated citizens who press the rating pad after being served."""

    def __init__(self, agents: DemoAgents, api: str, tokens: dict[int, str], *,
                 service_seconds: tuple[float, float] = (8.0, 35.0), seed: int | None = None) -> None:
        self.agents, self.api, self.tokens = agents, api.rstrip("/"), tokens
        self.service_seconds = service_seconds
        self.random = random.Random(seed)
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(n,), name=f"demo-clerk-{n}", daemon=True)
                         for n in tokens]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(5)

    def _run(self, counter: int) -> None:
        led, keypad, pad = self.agents.leds[counter], self.agents.keypads[counter], self.agents.pads[counter]
        # The clerk signs in at the counter (the console's job; here through the API), then works the keypad.
        while not self._stop.is_set():
            try:
                reply = httpx.post(f"{self.api}/counters/{counter}/open", timeout=10,
                                   headers={"Authorization": f"Bearer {self.tokens[counter]}"})
                if reply.status_code < 500:
                    break
            except httpx.TransportError:
                pass
            self._stop.wait(2)
        while not self._stop.is_set():
            keypad.press("next")
            # A called number has digits; idle (----), refused (Err) and offline (oFF) have none.
            if not self._wait(lambda: any(ch.isdigit() for ch in led.shown or ""), 3):
                self._stop.wait(3)  # nobody waiting (the LED shows ----) or the service refused: look again soon
                continue
            if self._stop.wait(self.random.uniform(2, 5)):  # the citizen walks up to the counter
                return
            keypad.press("start")
            if self._stop.wait(self.random.uniform(*self.service_seconds)):
                return
            keypad.press("finish")
            if self._stop.wait(1.5):  # the pad lights up for the citizen
                return
            pad.press(self.random.choices([4, 3, 2, 1], weights=[60, 30, 8, 2])[0])
            self._stop.wait(1)

    def _wait(self, condition, timeout: float) -> bool:
        for _ in range(round(timeout / 0.1)):
            if condition():
                return True
            if self._stop.wait(0.1):
                return False
        return condition()
