"""Who a device is, for the bridge: its kind, counter and capabilities from the store, cached briefly."""

from __future__ import annotations

import asyncio
import logging
import time

from queue_service.devices.registry import DeviceInfo, DeviceRegistry

log = logging.getLogger(__name__)

# A revoked device is also dropped by the broker at once (SIGHUP reload), so a few seconds of cache are harmless.
CACHE_S = 5.0


class DeviceDirectory:
    """Reads the registry in a worker thread so the event loop never waits on the store. An answer older than CACHE_S
    is still given once while a fresh one is read in the background, so a clerk's call never waits for the store."""

    def __init__(self, registry: DeviceRegistry, clock=time.monotonic) -> None:
        self.registry = registry
        self._clock = clock
        self._known: dict[tuple[str, object], tuple[float, object]] = {}
        self._refreshing: dict[tuple[str, object], asyncio.Task] = {}  # strong references while they run

    async def get(self, device: str) -> DeviceInfo | None:
        """The device if it is provisioned and not revoked, else None."""
        return await self._lookup(("device", device), self._read_device)

    async def rating_devices(self, counter: int) -> list[str]:
        """The pads and tablets that ask for a rating at `counter` (DeviceRegistry.rating_devices)."""
        return await self._lookup(("rating", counter), self.registry.rating_devices)

    def _read_device(self, device: str) -> DeviceInfo | None:
        info = self.registry.get(device)
        return info if info is not None and info.active else None

    async def _lookup(self, key: tuple[str, object], read):
        hit = self._known.get(key)
        if hit is None:  # never asked before: the answer is needed now
            return await self._refresh(key, read)
        if self._clock() - hit[0] > CACHE_S and key not in self._refreshing:
            task = self._refreshing[key] = asyncio.create_task(self._refresh(key, read))
            task.add_done_callback(lambda _t: self._refreshing.pop(key, None))
        return hit[1]

    async def _refresh(self, key: tuple[str, object], read):
        try:
            value = await asyncio.to_thread(read, key[1])
        except Exception:
            if key in self._known:  # a background refresh: keep the last answer, try again next time
                log.warning("bridge: reading %s %s from the store failed; using the last answer", *key, exc_info=True)
                return self._known[key][1]
            raise
        if len(self._known) > 20_000:
            self._known.clear()
        self._known[key] = (self._clock(), value)
        return value
