"""Who a device is, for the bridge: its kind and counter from the store, cached briefly, and what each kind may do."""

from __future__ import annotations

import asyncio
import time

from queue_service.devices.registry import DeviceInfo, DeviceRegistry

# A revoked device is also dropped by the broker at once (SIGHUP reload), so a few seconds of cache are harmless.
CACHE_S = 5.0

# Which kinds may make a request or raise an event; anything else is refused and logged with the device id.
REQUEST_KINDS: dict[str, frozenset[str]] = {
    "ticket.issue": frozenset({"kiosk"}),
    "ticket.status": frozenset({"kiosk", "display", "rating_tablet", "counter"}),
    "dossier.track": frozenset({"kiosk"}),
    "ping": frozenset({"kiosk", "counter", "display", "rating_tablet"}),
}
EVENT_KINDS: dict[str, frozenset[str]] = {
    "keypad.press": frozenset({"counter"}),
    # The rating pad is wired to the counter agent, or a rating tablet stands at the counter (DESIGN.md §1).
    "rating.given": frozenset({"counter", "rating_tablet"}),
    "code.scanned": frozenset({"kiosk", "counter"}),
    "printer.paper_out": frozenset({"kiosk", "counter"}),
}


def counter_slug(number: int) -> str:
    """How a counter number appears in topics and payloads ('05'), the form the device agents use."""
    return f"{number:02d}"


class DeviceDirectory:
    """Reads the registry in a worker thread so the event loop never waits on the store."""

    def __init__(self, registry: DeviceRegistry, clock=time.monotonic) -> None:
        self.registry = registry
        self._clock = clock
        self._devices: dict[str, tuple[float, DeviceInfo | None]] = {}
        self._counters: dict[int, tuple[float, list[str]]] = {}

    async def get(self, device: str) -> DeviceInfo | None:
        """The device if it is provisioned and not revoked, else None."""
        hit = self._devices.get(device)
        if hit is None or self._clock() - hit[0] > CACHE_S:
            info = await asyncio.to_thread(self.registry.get, device)
            hit = (self._clock(), info if info is not None and info.active else None)
            if len(self._devices) > 10_000:
                self._devices.clear()
            self._devices[device] = hit
        return hit[1]

    async def at_counter(self, counter: int) -> list[str]:
        """Counter devices installed at `counter` (`motcua device add counter ID --counter N`)."""
        hit = self._counters.get(counter)
        if hit is None or self._clock() - hit[0] > CACHE_S:
            hit = (self._clock(), await asyncio.to_thread(self.registry.at_counter, counter))
            self._counters[counter] = hit
        return hit[1]
