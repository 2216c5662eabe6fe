"""GSM modem emulator: answers the AT commands the driver uses and decodes (and reassembles) the SMS PDUs it gets."""

from __future__ import annotations

import time

from devicekit.emulators.pty_device import PtyDevice
from devicekit.sms_pdu import DecodedPart, PduError, decode_submit


class ModemEmulator(PtyDevice):
    """A SIM800-like modem: echo on at power-up, text mode until AT+CMGF=0, `> ` prompt after AT+CMGS=<n>.

    `messages` holds whole (number, text) pairs once every part of a concatenated SMS has arrived;
    `fail_sends` makes the next N submissions fail with +CMS ERROR (network trouble); `submit_delay` holds the
    answer to a submission that long (a weak network), after the message was taken.
    """

    def __init__(self, path, *, seed: int = 0) -> None:
        super().__init__(path, seed=seed)
        self.echo = True
        self.pdu_mode = False
        self.fail_sends = 0
        self.submit_delay = 0.0
        self.sim = "READY"  # or "SIM PIN", ... as +CPIN: says
        self.signal = 21  # +CSQ: 0-31, 99 unknown
        self.commands: list[str] = []
        self.parts: list[DecodedPart] = []
        self.messages: list[tuple[str, str]] = []
        self._line = b""
        self._expect: int | None = None  # octet count announced by AT+CMGS, while waiting for the PDU
        self._mr = 0
        self._pending: dict[tuple[str, int], dict[int, DecodedPart]] = {}

    def replug(self) -> None:
        if not self.plugged:  # a replugged modem has rebooted: default settings again
            self.echo, self.pdu_mode, self._line, self._expect = True, False, b"", None
        super().replug()

    def handle(self, data: bytes) -> None:
        for byte in data:
            ch = bytes([byte])
            if self._expect is not None:
                self._pdu_byte(ch)
            elif ch == b"\r":
                line, self._line = self._line.decode("ascii", "replace").strip(), b""
                if self.echo:
                    self.send(line.encode("ascii") + b"\r")
                if line:
                    self._command(line)
            elif ch not in (b"\n", b"\x1b"):
                self._line += ch

    def _reply(self, *lines: str) -> None:
        self.send(b"".join(b"\r\n" + line.encode("ascii") + b"\r\n" for line in lines))

    def _command(self, line: str) -> None:
        self.commands.append(line)
        upper = line.upper()
        if upper in ("AT", "AT+CMEE=1", "AT+CMEE=2"):
            self._reply("OK")
        elif upper in ("ATE0", "ATE1"):
            self.echo = upper == "ATE1"
            self._reply("OK")
        elif upper in ("AT+CMGF=0", "AT+CMGF=1"):
            self.pdu_mode = upper.endswith("0")
            self._reply("OK")
        elif upper == "AT+CPIN?":
            self._reply(f"+CPIN: {self.sim}", "OK")
        elif upper == "AT+CREG?":
            self._reply("+CREG: 0,1", "OK")
        elif upper == "AT+CSQ":
            self._reply(f"+CSQ: {self.signal},0", "OK")
        elif upper.startswith("AT+CMGS=") and self.pdu_mode and upper[8:].isdigit():
            self._expect = int(upper[8:])
            self.send(b"\r\n> ")
        else:
            self._reply("ERROR")

    def _pdu_byte(self, ch: bytes) -> None:
        if ch == b"\x1b":  # ESC: the host gave up on this message
            self._line, self._expect = b"", None
            self._reply("OK")
        elif ch == b"\x1a":
            pdu, expected = self._line.decode("ascii", "replace").strip(), self._expect
            self._line, self._expect = b"", None
            self._submit(pdu, expected)
        else:
            self._line += ch

    def _submit(self, pdu: str, expected: int) -> None:
        try:
            part = decode_submit(pdu)
            smsc = int(pdu[:2], 16)
        except (PduError, ValueError):
            self._reply("+CMS ERROR: 304")  # invalid PDU mode parameter
            return
        if len(pdu) // 2 - 1 - smsc != expected:
            self._reply("+CMS ERROR: 304")  # a length that counts the SMSC octet is what real modems reject
            return
        if self.fail_sends:
            self.fail_sends -= 1
            self._reply("+CMS ERROR: 500")
            return
        # Record before answering: the host may look at `messages` as soon as it reads +CMGS.
        self.parts.append(part)
        self._mr = (self._mr + 1) % 256
        if part.total == 1:
            self.messages.append((part.number, part.text))
        else:
            got = self._pending.setdefault((part.number, part.ref), {})
            got[part.seq] = part
            if len(got) == part.total:
                del self._pending[(part.number, part.ref)]
                self.messages.append((part.number, "".join(got[i].text for i in sorted(got))))
        if self.submit_delay:
            time.sleep(self.submit_delay)
        self._reply(f"+CMGS: {self._mr}", "OK")
