"""Printer status (DLE EOT replies) and print results: what the caller may and may not conclude."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from wire.printing import PrintOutcome

Paper = Literal["ok", "low", "out", "unknown"]
State = Literal["ok", "paper_low", "paper_out", "offline", "unknown", "unreachable"]
Outcome = Literal["printed", "unverified", "failed"]


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself; None/"unknown" when it did not answer, which is never "ok"."""

    reachable: bool
    online: bool | None = None
    paper: Paper = "unknown"
    detail: str = ""

    @property
    def state(self) -> State:
        if not self.reachable:
            return "unreachable"
        if self.paper == "out":
            return "paper_out"
        if self.online is False:
            return "offline"
        if self.online is None or self.paper == "unknown":
            return "unknown"
        return "paper_low" if self.paper == "low" else "ok"

    @property
    def blocks_printing(self) -> bool:
        return self.state in ("paper_out", "offline", "unreachable")


def parse_online(reply: bytes | None) -> bool | None:
    """DLE EOT 1 reply: bit 3 set means offline."""
    if not reply:
        return None
    return not reply[-1] & 0x08


def parse_paper(reply: bytes | None) -> Paper:
    """DLE EOT 4 reply: bits 5-6 paper end, bits 2-3 near end."""
    if not reply:
        return "unknown"
    byte = reply[-1]
    if byte & 0x60:
        return "out"
    if byte & 0x0C:
        return "low"
    return "ok"


@dataclass(frozen=True)
class PrintResult:
    """Outcome of one job. Only `printed` may be shown to the citizen as "here is your ticket"."""

    outcome: Outcome
    reason: str
    status: PrinterStatus
    bytes_sent: int = 0

    @property
    def printed(self) -> bool:
        return self.outcome == "printed"

    def to_wire(self) -> PrintOutcome:
        """The result of a print.document ack."""
        return PrintOutcome(outcome=self.outcome, reason=self.reason[:300])
