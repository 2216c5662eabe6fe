"""GSM modem driver: AT commands over a serial link, SMS sent in PDU mode (UCS2) so Vietnamese survives."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass

from devicekit.profiles import GsmModemProfile
from devicekit.registry import register
from devicekit.serial_link import Backoff, Health, LinkDown, SerialLink
from devicekit.sms_pdu import encode_submit
from wire.sms import mask_phone

log = logging.getLogger(__name__)

FINAL = ("OK", "ERROR", "+CMS ERROR", "+CME ERROR", "NO CARRIER")


class ModemError(IOError):
    """The modem refused or did not answer; `str()` carries its error line."""


@dataclass(frozen=True)
class Network:
    """What the modem says about its SIM and the network: AT+CPIN?, AT+CSQ (0-31, 99 unknown), AT+CREG?."""

    sim: str  # READY, SIM PIN, NOT INSERTED ...
    signal: int  # 0-31; 99: not known or not detectable
    registered: bool  # home network (1) or roaming (5)

    @property
    def sim_ready(self) -> bool:
        return self.sim == "READY"


class AtModem:
    """Sends SMS through one modem; every call holds the port, so the SMS queue's thread may share the driver."""

    def __init__(self, link: SerialLink, *, timeout: float = 5.0, send_timeout: float = 60.0,
                 max_parts: int = 3) -> None:
        self.link = link
        self.timeout = timeout
        self.send_timeout = send_timeout  # SIM800 documents up to 60 s for +CMGS on a weak network
        self.max_parts = max_parts
        self._lock = threading.Lock()
        self._refs = itertools.count(int(time.time()) % 256)
        self._ready = False
        link.on_connect = self._forget_setup

    @property
    def health(self) -> Health:
        return self.link.health

    def start(self) -> "AtModem":
        self.link.start()
        return self

    def stop(self) -> None:
        self.link.stop()

    def command(self, cmd: str, timeout: float | None = None) -> list[str]:
        """Sends `cmd`, returns the information lines before OK; ModemError on ERROR or silence."""
        with self._lock:
            return self._command(cmd, timeout or self.timeout)

    def setup(self) -> None:
        """Echo off, numeric errors, PDU mode; repeated after every reconnect (a replugged modem has rebooted)."""
        with self._lock:
            self._setup()

    def network(self) -> Network:
        """Ask the SIM's state, the signal and the registration; ModemError when the modem does not answer."""
        with self._lock:
            if not self._ready:
                self._setup()
            try:
                sim = _field(self._command("AT+CPIN?", self.timeout), "+CPIN:")
            except ModemError as exc:  # +CME ERROR: 10 is "SIM not inserted"
                sim = "NOT INSERTED" if "10" in str(exc).split(":")[-1] else str(exc)
            csq = _field(self._command("AT+CSQ", self.timeout), "+CSQ:").split(",")[0]
            creg = _field(self._command("AT+CREG?", self.timeout), "+CREG:").split(",")[-1]
        return Network(sim=sim, signal=int(csq) if csq.isdigit() else 99, registered=creg in ("1", "5"))

    def send_sms(self, number: str, text: str) -> list[int]:
        """Sends one message (concatenated if long); returns the modem's message reference per part."""
        pdus = encode_submit(number, text, ref=next(self._refs), max_parts=self.max_parts)
        refs = []
        with self._lock:
            if not self._ready:
                self._setup()
            for pdu in pdus:
                self._write(f"AT+CMGS={pdu.length}\r".encode("ascii"))
                prompt = self.link.read_until(b"> ", self.timeout)
                if not prompt.endswith(b"> "):
                    self._fail(f"no '>' prompt after AT+CMGS ({prompt!r})")
                self._write(pdu.hex.encode("ascii") + b"\x1a")
                lines = self._collect(self.send_timeout)
                ref = [line.split(":", 1)[1].strip() for line in lines if line.startswith("+CMGS:")]
                refs.append(int(ref[0]) if ref and ref[0].isdigit() else -1)
        self.link.report("ok")
        log.info("sms to %s sent in %s part(s)", mask_phone(number), len(pdus))
        return refs

    def _forget_setup(self) -> None:
        self._ready = False

    def _setup(self) -> None:
        self._write(b"\x1b")  # ESC aborts a half-sent AT+CMGS still waiting for its PDU
        self.link.read_exact(64, 0.05)
        self.link.clear_input()
        for cmd in ("AT", "ATE0", "AT+CMEE=1", "AT+CMGF=0"):
            self._command(cmd, self.timeout)
        self._ready = True

    def _command(self, cmd: str, timeout: float) -> list[str]:
        self._write(cmd.encode("ascii") + b"\r")
        return [line for line in self._collect(timeout) if line != cmd]  # drop the echo before ATE0 took effect

    def _write(self, data: bytes) -> None:
        try:
            self.link.write(data)
        except LinkDown as exc:
            self._ready = False
            raise ModemError(str(exc)) from exc

    def _collect(self, timeout: float) -> list[str]:
        lines: list[str] = []
        deadline = time.monotonic() + timeout
        while True:
            raw = self.link.read_until(b"\r\n", max(0.0, deadline - time.monotonic()))
            if not raw.endswith(b"\r\n"):
                self._fail(f"no answer (got {lines + [raw.decode('ascii', 'replace')]!r})")
            line = raw.decode("ascii", "replace").strip()
            if not line:
                continue
            if line == "OK":
                return lines
            if line.startswith(FINAL):
                self._fail(line)
            lines.append(line)

    def _fail(self, reason: str):
        self.link.report("error", reason)
        self._ready = False
        raise ModemError(reason)


def _field(lines: list[str], prefix: str) -> str:
    return next((line[len(prefix):].strip() for line in lines if line.startswith(prefix)), "")


@register("at_gsm_modem")
def build_at_gsm_modem(profile: GsmModemProfile, url: str, *, backoff: Backoff | None = None, **options) -> AtModem:
    if profile.sms_mode != "pdu" or profile.encoding != "ucs2":
        raise ValueError(f"{profile.id}: only PDU mode with UCS2 is implemented (Vietnamese needs it)")
    s = profile.serial
    link = SerialLink(url, baudrate=s.baudrate, bytesize=s.bytesize, parity=s.parity, stopbits=s.stopbits,
                      backoff=backoff or Backoff())
    options.setdefault("timeout", s.timeout_s)
    return AtModem(link, max_parts=profile.max_parts, **options)
