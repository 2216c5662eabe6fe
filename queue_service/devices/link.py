"""Sending a command to a device from an HTTP route: the running bridge of the route's centre, and printing a
document at a counter."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from queue_service.auth.roles import Role
from queue_service.devices.registry import DeviceRegistry
from queue_service.errors import WRONG_COUNTER, DomainError, kind
from wire.printing import PrintDocument

if TYPE_CHECKING:
    from queue_service.auth.roles import Principal
    from queue_service.bridge.bridge import Bridge
    from queue_service.context import ServiceContext

# A slip that comes out minutes later, after the citizen has gone, would lie at the counter with their name on it.
PRINT_TTL_S = 60

BRIDGE_OFF = kind("bridge_off", 503, "Dịch vụ chưa kết nối với thiết bị (MQTT tắt hoặc mất kết nối)",
                  "The service is not connected to devices (MQTT is off or disconnected)")
NO_PRINTER = kind("no_printer", 409, "Quầy {counter} không có máy in (chưa có thiết bị quầy nào báo khả năng in)",
                  "Counter {counter} has no printing agent (no counter device there lists the capability 'print')")


def bridge_for(context: "ServiceContext", centre: str) -> "Bridge | None":
    """The running bridge if it serves `centre` (one broker, one centre), else None."""
    bridge = context.bridge
    return bridge if bridge is not None and bridge.centre == centre else None


async def print_at_counter(context: "ServiceContext", centre: str, counter: int, document: PrintDocument) -> tuple[str, str]:
    """Send print.document to the printing agent at `counter`; (command id, device). The agent's ack says whether it
    printed; the command is resent until then, for PRINT_TTL_S at most."""
    bridge = bridge_for(context, centre)
    if bridge is None or not bridge.connected:
        raise DomainError(BRIDGE_OFF)
    printers = await asyncio.to_thread(DeviceRegistry(context.db, centre).printers, counter)
    if not printers:
        raise DomainError(NO_PRINTER, counter=counter)
    command = await bridge.commands.send(printers[0], "print.document", document, PRINT_TTL_S)
    return command.id, printers[0]


COUNTER_NEEDED = kind("counter_needed", 422, "Cần chọn quầy có máy in để in", "Choose the counter whose printer should print it")


def printing_counter(principal: "Principal", asked: int | None) -> int:
    """A clerk prints at the counter they are signed in to; an administrator names the counter."""
    if principal.role is Role.clerk:
        if principal.counter is None:
            raise DomainError(COUNTER_NEEDED)
        if asked is not None and asked != principal.counter:
            raise DomainError(WRONG_COUNTER, signed_in=principal.counter, counter=asked)
        return principal.counter
    if asked is None:
        raise DomainError(COUNTER_NEEDED)
    return asked
