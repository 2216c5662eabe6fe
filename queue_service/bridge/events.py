"""Device events (dev/{device}/event/{name}): validated, deduplicated by id, gaps seen by seq, dispatched by name."""

from __future__ import annotations

import asyncio
import logging

from queue_service.bridge.directory import EVENT_KINDS, DeviceDirectory
from queue_service.bridge.event_store import EventStore
from queue_service.errors import DomainError
from queue_service.queue.engine import QueueEngine
from queue_service.queue.recorder import Actor
from wire.codec import WireError, decode, event_data
from wire.messages import CodeScanned, Event, KeypadPress, PaperOut, RatingGiven

log = logging.getLogger(__name__)

# Keypad keys → the engine's counter action; the same operations the clerk console calls over HTTP.
KEY_ACTIONS = {
    "next": "call_next", "recall": "recall", "skip": "skip", "start": "start", "finish": "finish",
    "pause": "pause", "resume": "resume",
}


class EventHandler:
    def __init__(self, engine: QueueEngine, centre: str, store: EventStore, directory: DeviceDirectory, clock) -> None:
        self.engine = engine
        self.centre = centre
        self.store = store
        self.directory = directory
        self.clock = clock
        self.handled = 0
        self.rejected = 0

    async def handle(self, device: str, name: str, payload: bytes) -> None:
        try:
            event = decode(Event, payload)
            if event.name != name:
                raise WireError("invalid", f"event name {event.name!r} differs from its topic {name!r}")
            data = event_data(event)
        except WireError as exc:
            return self._reject(device, name, str(exc))
        info = await self.directory.get(device)
        if info is None:
            return self._reject(device, name, "unknown or revoked device")
        if info.kind not in EVENT_KINDS.get(name, ()):
            return self._reject(device, name, f"a {info.kind} may not send it")
        # Ratings are kept (minimally) with the event until a rating model exists; other data is not needed later.
        keep = data.model_dump(mode="json") if isinstance(data, RatingGiven) else None
        new, last = await asyncio.to_thread(self.store.first_sight, device, event, self.clock(), keep)
        if not new:
            log.info("event %s (%s) from %s seen before: counted once", event.id, name, device)
            return
        if last is not None and event.seq > last + 1:
            log.warning("events from %s: gap, seq %s follows %s (%s missing)", device, event.seq, last, event.seq - last - 1)
        elif last is not None and event.seq <= last:
            log.warning("events from %s: seq %s after %s (device state reset?)", device, event.seq, last)
        self.handled += 1
        await self._dispatch(device, info.counter, event, data)

    def _reject(self, device: str, name: str, why: str) -> None:
        self.rejected += 1
        log.warning("event %s from device %s rejected: %s", name, device, why)

    async def _dispatch(self, device: str, counter: int | None, event: Event, data) -> None:
        if isinstance(data, KeypadPress):
            await self._keypad(device, counter, data)
        elif isinstance(data, RatingGiven):
            log.info("rating %s from %s (counter %s, ticket %s)", data.level, device, data.counter or counter, data.ticket)
        elif isinstance(data, CodeScanned):
            log.info("code scanned at %s (%s, %s chars)", device, data.symbology, len(data.code))
        elif isinstance(data, PaperOut):
            log.warning("printer %s of %s is out of paper", data.printer, device)

    async def _keypad(self, device: str, counter: int | None, press: KeypadPress) -> None:
        if counter is None:
            return self._reject(device, "keypad.press", "device has no counter (motcua device add ... --counter N)")
        if press.counter is not None and press.counter.lstrip("0") != str(counter):
            return self._reject(device, "keypad.press", f"for counter {press.counter}, device is at {counter}")
        action = KEY_ACTIONS.get(press.key)
        if action is None:
            return self._reject(device, "keypad.press", f"unknown key {press.key!r}")
        operation = getattr(self.engine, action)
        try:
            await asyncio.to_thread(operation, self.centre, counter, Actor(f"device:{device}", device))
        except DomainError as exc:
            log.info("key %s at counter %s (%s): %s", press.key, counter, device, exc)
