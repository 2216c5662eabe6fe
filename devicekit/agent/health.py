"""Drivers' own health, told the way the wire's retained `health` topic and the manager's board tell it."""

from __future__ import annotations

from devicekit.printing.status import PrinterStatus
from devicekit.serial_link import Health as LinkHealth
from wire.messages import Part

# What each kind of part is called when it fails, so the board says "camera lost", not "disconnected".
LOST = {"camera": "camera lost", "printer": "unplugged or unreachable"}


def link_part(health: LinkHealth, kind: str) -> Part:
    """A serial, HID or camera link: ok; disconnected is a fault (unplugged, camera lost); an error is a device
    that is plugged in but does not answer properly (a bad CRC, no reply)."""
    if health.state == "ok":
        return Part(status="ok")
    if health.state == "disconnected":
        detail = LOST.get(kind, "unplugged")
        return Part(status="fault", detail=f"{detail}: {health.reason}"[:200] if health.reason else detail)
    return Part(status="fault", detail=f"not answering: {health.reason}"[:200])


def printer_part(status: PrinterStatus | None) -> Part:
    """Paper near its end is a warning (the board warns before the kiosk stops); paper out, offline (a cover open)
    and unreachable stop printing; a printer that does not answer status requests is a warning, never ok."""
    if status is None:
        return Part(status="warning", detail="not checked yet")
    detail = {
        "ok": None,
        "paper_low": "paper near end",
        "paper_out": "paper out",
        "offline": "offline (cover open or error)",
        "unreachable": f"unplugged or unreachable: {status.detail}",
        "unknown": f"no status reply: {status.detail}",
    }[status.state]
    level = {"ok": "ok", "paper_low": "warning", "unknown": "warning"}.get(status.state, "fault")
    return Part(status=level, detail=detail[:200] if detail else None)
