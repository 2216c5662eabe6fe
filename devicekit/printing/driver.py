"""The printer driver: writes finished ESC/POS jobs over a python-escpos transport and confirms them by status."""

from __future__ import annotations

import logging
import socket
from typing import Protocol

from escpos.constants import RT_STATUS_ONLINE, RT_STATUS_PAPER
from escpos.escpos import Escpos
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import Network, Serial

from devicekit.printing.render import DocumentRenderer, Mode, RenderError
from devicekit.printing.status import PrinterStatus, PrintResult, parse_online, parse_paper
from devicekit.printing.transport import describe, open_printer
from devicekit.profiles import PrinterProfile
from devicekit.registry import register
from wire.printing import PrintDocument

log = logging.getLogger(__name__)

try:  # pyusb is an optional extra of python-escpos; without it USB errors simply cannot occur
    from usb.core import USBError
except ImportError:  # pragma: no cover
    USBError = OSError

_IO_ERRORS = (OSError, DeviceNotFoundError, USBError)


class PrinterDriver(Protocol):
    """What the kiosk and counter agents use; the emulator-backed tests exercise the real implementation."""

    def start(self) -> PrinterDriver: ...
    def stop(self) -> None: ...
    def status(self) -> PrinterStatus: ...
    def print_job(self, job: bytes) -> PrintResult: ...
    def print_document(self, doc: PrintDocument) -> PrintResult: ...


@register("escpos")
class EscposPrinterDriver:
    """ESC/POS printer on tcp://, serial://, usb:// or file:// (see transport.URL_HELP)."""

    def __init__(self, profile: PrinterProfile, url: str, timeout_s: float = 2.0, mode: Mode = "hybrid") -> None:
        self.profile = profile
        self.url = url
        self.timeout_s = timeout_s
        self.mode = mode
        self._printer: Escpos | None = None
        self._last_error = "not started"
        self._renderer = DocumentRenderer(profile, mode)  # fonts and repeated lines kept from slip to slip

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self) -> EscposPrinterDriver:
        """Try to connect; an absent printer is reported by status()/print_job(), never raised from here."""
        self._connect()
        return self

    def stop(self) -> None:
        if self._printer is not None:
            try:
                self._printer.close()
            except _IO_ERRORS as exc:
                log.debug("closing %s: %s", describe(self.url), exc)
        self._printer = None

    def __enter__(self) -> EscposPrinterDriver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def connected(self) -> bool:
        return self._printer is not None

    def _connect(self) -> bool:
        if self._printer is not None:
            return True
        printer = open_printer(self.url, self.profile, self.timeout_s)
        try:
            printer.open()
        except _IO_ERRORS as exc:
            self._last_error = f"cannot reach printer at {describe(self.url)}: {_one_line(exc)}"
            log.warning("%s", self._last_error)
            return False
        if isinstance(printer, Network):
            # Status requests are 3-byte writes answered by 1 byte: Nagle + delayed ACK would add ~40 ms each.
            printer.device.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._printer = printer
        log.info("printer %s connected at %s", self.profile.id, describe(self.url))
        return True

    def _drop(self, reason: str) -> None:
        self._last_error = reason
        log.warning("printer %s: %s", describe(self.url), reason)
        self.stop()

    # -- status --------------------------------------------------------------------------------
    def status(self) -> PrinterStatus:
        if not self._connect():
            return PrinterStatus(reachable=False, detail=self._last_error)
        if not self.profile.status_query:
            return PrinterStatus(reachable=True, detail="this model does not answer status requests")
        online_reply, paper_reply = self._query(RT_STATUS_ONLINE + RT_STATUS_PAPER, 2)
        online, paper = parse_online(online_reply), parse_paper(paper_reply)
        if self._printer is None:
            return PrinterStatus(reachable=False, detail=self._last_error)
        return PrinterStatus(reachable=True, online=online, paper=paper,
                             detail="" if online is not None and paper != "unknown" else "no status reply")

    def _query(self, requests: bytes, replies: int) -> list[bytes | None]:
        """DLE EOT requests sent in one write, their one-byte replies read in order: one round trip where two took
        two, before every job and after it (a printer answers each DLE EOT in real time, as it arrives). A reply the
        printer does not give in time is None (unknown, never "ok")."""
        printer = self._printer
        assert printer is not None
        got = b""
        try:
            self._discard_stale_replies(printer)
            printer._raw(requests)  # python-escpos has no public raw write; _raw is its documented transport hook
            while len(got) < replies:
                # python-escpos' Serial._read asks for 16 bytes and so always waits the full timeout.
                more = (printer.device.read(replies - len(got)) if isinstance(printer, Serial)
                        else printer.device.recv(replies - len(got)))
                if not more:
                    if isinstance(printer, Network):  # recv() returns b"" only when the peer hung up
                        self._drop("printer closed the connection")
                    break
                got += bytes(more)
        except (TimeoutError, socket.timeout):
            pass
        except _IO_ERRORS as exc:
            self._drop(f"status request failed: {_one_line(exc)}")
        return [got[i:i + 1] or None for i in range(replies)]

    def _discard_stale_replies(self, printer: Escpos) -> None:
        # A reply that arrived after an earlier timeout would otherwise be taken as the answer to this request.
        if isinstance(printer, Network):
            sock = printer.device
            sock.setblocking(False)
            try:
                while sock.recv(64):
                    pass
            except (BlockingIOError, InterruptedError):
                pass
            finally:
                sock.settimeout(self.timeout_s)
        elif isinstance(printer, Serial):
            printer.device.reset_input_buffer()

    # -- printing ------------------------------------------------------------------------------
    def print_document(self, doc: PrintDocument) -> PrintResult:
        """Render the service's document for this printer and print it; a document that cannot be printed here
        (a barcode wider than the paper) fails before a byte is sent, with the reason."""
        try:
            job = self._renderer.render(doc)
        except RenderError as exc:
            log.warning("printer %s: %s", self.profile.id, exc)
            return PrintResult("failed", f"not printable on {self.profile.id}: {exc}", self.status())
        return self.print_job(job)

    def print_job(self, job: bytes) -> PrintResult:
        """Send one finished job; "printed" only if it was written and the printer then reports paper and online."""
        before = self.status()
        if before.blocks_printing:
            return PrintResult("failed", f"not sent: printer {before.state}: {before.detail}".rstrip(": "), before)
        try:
            self._printer._raw(job)
        except _IO_ERRORS as exc:
            self._drop(f"write failed: {_one_line(exc)}")
            return PrintResult("failed", self._last_error, PrinterStatus(reachable=False, detail=self._last_error))
        after = self.status()
        if after.blocks_printing:
            return PrintResult("failed", f"printer {after.state} after the job was sent", after, len(job))
        if after.state == "unknown":
            return PrintResult("unverified", f"job sent but the printer gave no status ({after.detail})", after,
                               len(job))
        return PrintResult("printed", f"printer {after.state}", after, len(job))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
