"""A printer an agent owns: print documents one at a time, know its last status, and say once when paper runs out."""

from __future__ import annotations

import logging
import threading
from typing import Callable

from devicekit.agent.health import printer_part
from devicekit.printing.status import PrinterStatus
from wire.messages import PaperOut, Part
from wire.printing import PrintDocument, PrintOutcome

log = logging.getLogger(__name__)


class PrintFailed(RuntimeError):
    """The document was not printed; the message says why in the printer's terms (paper out, unreachable)."""


class PrinterStation:
    """Wraps a printer driver (`print_document`, `status`) for the agent's threads: the command worker prints,
    the health loop polls; one lock, so a status request never lands in the middle of a job."""

    def __init__(self, role: str, driver, report: Callable[[str, object], object]) -> None:
        self.role = role
        self.driver = driver
        self.report = report
        self._lock = threading.Lock()
        self._status: PrinterStatus | None = None

    def start(self) -> "PrinterStation":
        self.driver.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self.driver.stop()

    def print(self, document: PrintDocument) -> PrintOutcome:
        """Print, or raise PrintFailed: a slip counts only when the printer confirmed it."""
        with self._lock:
            result = self.driver.print_document(document)
            self._note(result.status)
        log.info("%s: %s %s (%s)", self.role, document.title, result.outcome, result.reason)
        if result.outcome == "failed":
            raise PrintFailed(f"{self.role}: {result.reason}")
        return result.to_wire()

    def poll(self) -> None:
        with self._lock:
            self._note(self.driver.status())

    def part(self) -> Part:
        return printer_part(self._status)

    @property
    def status(self) -> PrinterStatus | None:
        return self._status

    def _note(self, status: PrinterStatus) -> None:
        was = self._status.state if self._status else None
        self._status = status
        if status.state == "paper_out" and was != "paper_out":
            # An event as well as health: it keeps its meaning later, so it waits in the outbox if the broker is away.
            self.report("printer.paper_out", PaperOut(printer=self.role))
