"""Device events (dev/{device}/event/{name}): validated, deduplicated by id, gaps seen by seq, then dispatched through
an event name → handler table that also says which kinds of device may raise each event."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Awaitable, Callable

from queue_service.bridge.directory import DeviceDirectory
from queue_service.bridge.event_store import EventStore
from queue_service.devices.registry import DeviceInfo
from queue_service.errors import DomainError
from queue_service.queue.engine import QueueEngine
from queue_service.queue.recorder import Actor
from queue_service.ratings.rules import GivenRating, RatingBook
from wire.codec import WireError, decode, event_data
from wire.messages import CodeScanned, Event, PaperOut
from wire.queue_messages import TicketVoid
from wire.rating import RatingGiven

log = logging.getLogger(__name__)

Handler = Callable[[DeviceInfo, Event, object], Awaitable[None]]


@dataclass(frozen=True)
class Route:
    kinds: frozenset[str]  # who may raise it; anyone else is refused and logged with the device id
    handler: Handler


class EventHandler:
    def __init__(self, store: EventStore, directory: DeviceDirectory, ratings: RatingBook, engine: QueueEngine,
                 clock) -> None:
        self.store = store
        self.engine = engine
        self.directory = directory
        self.ratings = ratings
        self.clock = clock
        self.handled = 0
        self.rejected = 0
        self.routes: dict[str, Route] = {
            # The rating pad is wired to the counter agent, or a rating tablet stands at the counter (DESIGN.md §1).
            "rating.given": Route(frozenset({"counter", "rating_tablet"}), self._rating),
            "code.scanned": Route(frozenset({"kiosk", "counter"}), self._code_scanned),
            "printer.paper_out": Route(frozenset({"kiosk", "counter"}), self._paper_out),
            "ticket.void": Route(frozenset({"kiosk"}), self._ticket_void),
        }

    async def handle(self, device: str, name: str, payload: bytes) -> None:
        try:
            event = decode(Event, payload)
            if event.name != name:
                raise WireError("invalid", f"event name {event.name!r} differs from its topic {name!r}")
            data = event_data(event)
        except WireError as exc:
            return self._reject(device, name, str(exc))
        route = self.routes.get(name)
        if route is None:
            return self._reject(device, name, "the service handles no such event")
        info = await self.directory.get(device)
        if info is None:
            return self._reject(device, name, "unknown or revoked device")
        if info.kind not in route.kinds:
            return self._reject(device, name, f"a {info.kind} may not send it")
        new, last = await asyncio.to_thread(self.store.first_sight, device, event, self.clock())
        if not new:
            log.info("event %s (%s) from %s seen before: counted once", event.id, name, device)
            return
        if last is not None and event.seq > last + 1:
            log.warning("events from %s: gap, seq %s follows %s (%s missing)", device, event.seq, last, event.seq - last - 1)
        elif last is not None and event.seq <= last:
            log.warning("events from %s: seq %s after %s (device state reset?)", device, event.seq, last)
        self.handled += 1
        await route.handler(info, event, data)

    def _reject(self, device: str, name: str, why: str) -> None:
        self.rejected += 1
        log.warning("event %s from device %s rejected: %s", name, device, why)

    async def _rating(self, info: DeviceInfo, event: Event, data: RatingGiven) -> None:
        given = GivenRating(device=info.id, device_counter=info.counter, ticket_id=data.ticket_id, value=data.value,
                            reason=data.reason, at=event.ts)
        await asyncio.to_thread(self.ratings.record, given)

    async def _code_scanned(self, info: DeviceInfo, _event: Event, data: CodeScanned) -> None:
        log.info("code scanned at %s (%s, %s chars)", info.id, data.symbology, len(data.code))

    async def _paper_out(self, info: DeviceInfo, _event: Event, data: PaperOut) -> None:
        log.warning("printer %s of %s is out of paper", data.printer, info.id)

    async def _ticket_void(self, info: DeviceInfo, _event: Event, data: TicketVoid) -> None:
        """The slip did not print: the number is voided (only the issuing kiosk's, only while it waits); a refusal
        is logged, since an event has nobody to answer."""
        actor = Actor(f"device:{info.id}", info.id)
        try:
            await asyncio.to_thread(self.engine.void, self.store.centre, data.ticket_id, actor, data.reason,
                                    data.request_id)
        except DomainError as exc:
            log.warning("ticket %s: void from %s refused: %s", data.number or data.request_id, info.id, exc)
            return
        log.warning("ticket %s voided: %s could not print it (%s)", data.number or data.request_id, info.id,
                    data.reason)
