"""Installer checks behind `motcua hw test`: drive each configured device once and say plainly what happened."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from devicekit.device_config import DeviceBinding, build_driver

TEST_SMS = "motcua: tin nhắn thử nghiệm. Kiểm tra tiếng Việt có dấu: ắ ằ ẳ ẵ ặ ề ổ ự đ Đ."


@dataclass(frozen=True)
class CheckResult:
    device: str
    port: str
    outcome: str  # PASS, FAIL or SKIP
    detail: str

    def line(self) -> str:
        return f"{self.outcome} {self.device} ({self.port}): {self.detail}"


def _until(predicate: Callable[[], object], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())


class HardwareCheck:
    """One check per device kind; `say` shows the installer what to do (press a key, look at the display)."""

    def __init__(self, *, wait: float = 30.0, phone: str | None = None, say: Callable[[str], None] = print,
                 driver_options: dict | None = None) -> None:
        self.wait = wait
        self.phone = phone
        self.say = say
        self.driver_options = driver_options or {}  # tests pass a fast reconnect backoff

    def run(self, dev: DeviceBinding, profile) -> CheckResult:
        check = getattr(self, f"_{profile.kind}")
        try:
            outcome, detail = check(dev, profile)
        except Exception as exc:  # an installer tool reports, it does not crash on the first bad device
            outcome, detail = "FAIL", f"{type(exc).__name__}: {exc}"
        return CheckResult(dev.id, dev.port, outcome, detail)

    def _opened(self, driver) -> bool:
        return _until(lambda: driver.health.state != "disconnected", min(self.wait, 5.0))

    def _led_display(self, dev, profile):
        display = build_driver(dev, profile, **self.driver_options).start()
        try:
            if not self._opened(display):
                return "FAIL", f"port did not open: {display.health.reason}"
            if not display.show("8888"):
                return "FAIL", f"display did not confirm 8888: {display.health.reason}"
            read = getattr(display, "read_shown", None)
            if read is not None and read() != 8888:
                return "FAIL", f"display read back {read()!r} instead of 8888"
            self.say(f"{dev.id}: the display shows 8888 — check that every segment is lit")
            return "PASS", "showed 8888 and confirmed it"
        finally:
            display.stop()

    def _keypad(self, dev, profile):
        got: list[str] = []
        pad = build_driver(dev, profile, on_key=got.append, **self.driver_options).start()
        try:
            if not self._opened(pad):
                return "FAIL", f"port did not open: {pad.health.reason}"
            self.say(f"{dev.id}: press any key on the keypad (waiting {self.wait:g} s)")
            if not _until(lambda: got, self.wait):
                return "FAIL", f"no mapped key press within {self.wait:g} s ({pad.keys_seen} raw key(s) seen)"
            return "PASS", f"key press read as '{got[0]}'"
        finally:
            pad.stop()

    def _rating_pad(self, dev, profile):
        got: list[int] = []
        pad = build_driver(dev, profile, on_rating=lambda ticket_id, rank: got.append(rank),
                           **self.driver_options).start()
        try:
            if not self._opened(pad):
                return "FAIL", f"port did not open: {pad.health.reason}"
            pad.open(1, self.wait)
            self.say(f"{dev.id}: press a rating button (waiting {self.wait:g} s)")
            if not _until(lambda: got, self.wait):
                return "FAIL", f"no rating within {self.wait:g} s"
            return "PASS", f"rank {got[0]} of {pad.buttons} received"
        finally:
            pad.stop()

    def _gsm_modem(self, dev, profile):
        if not self.phone:
            return "SKIP", "no --phone given, no test SMS sent"
        modem = build_driver(dev, profile, **self.driver_options).start()
        try:
            if not self._opened(modem):
                return "FAIL", f"port did not open: {modem.health.reason}"
            refs = modem.send_sms(self.phone, TEST_SMS)
            return "PASS", f"test SMS accepted by the modem in {len(refs)} part(s); check that the phone shows the diacritics"
        finally:
            modem.stop()

    def _camera(self, dev, profile):
        scans: list = []
        camera = build_driver(dev, profile, on_scan=scans.append, **self.driver_options).start()
        try:
            self.say(f"{dev.id}: hold a QR code or a receipt barcode in front of the camera (waiting {self.wait:g} s)")
            if not _until(lambda: scans, self.wait):
                return "FAIL", f"no code decoded within {self.wait:g} s (camera {camera.health.state} " \
                               f"{camera.health.reason})".rstrip()
            return "PASS", f"decoded {scans[0].format} '{scans[0].text}'"
        finally:
            camera.stop()

    def _printer(self, dev, profile):
        from devicekit.printing.samples import TIMEZONE, sample_ticket
        from wire.messages import utcnow
        from wire.ticket import ticket_document

        ticket = sample_ticket(number="8888", field="TEST", field_name_vi="Kiểm tra máy in",
                               field_name_en="Printer test", people_ahead=0, estimated_wait_min=None, counters=[],
                               issued_at=utcnow(), public_url="https://motcua.example.vn/hw-test")
        doc = ticket_document(ticket, "MOTCUA – IN THỬ", "MOTCUA – TEST PRINT", TIMEZONE)
        printer = build_driver(dev, profile).start()
        try:
            result = printer.print_document(doc)
        finally:
            printer.stop()
        return ("PASS" if result.printed else "FAIL"), f"test ticket {result.outcome}: {result.reason}"


def run_all(devices: list[tuple[DeviceBinding, object]], check: HardwareCheck) -> list[CheckResult]:
    """Devices are checked one after another: an installer can only watch one at a time."""
    results = []
    for dev, profile in devices:
        result = check.run(dev, profile)
        check.say(result.line())
        results.append(result)
    return results

