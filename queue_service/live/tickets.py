"""TicketStreams: each citizen's live ticket page (the QR on the ticket) pushed by server-sent events.

The engine's listener only marks the change's centre dirty (any thread, never blocking it). One refresh per centre
runs at a time on the event loop: it reads what every open page of that centre shows in one worker thread
(ticket_state.snapshot: a few queries per centre, none per page), then offers each page its payload only when it
differs from what that ticket's pages were last sent. Changes that come while a refresh runs are folded into the next
one, so a burst of calls costs one read. Each page has a small bounded queue (feed.Subscriber): a page too slow to
take its events is dropped and its browser reconnects (EventSource retry) to read the state afresh; every event is
the whole state, so nothing is lost by it. Streams are capped per client address and in all."""

from __future__ import annotations

import asyncio
import json
import logging

from queue_service.context import ServiceContext
from queue_service.errors import DomainError, kind
from queue_service.live import ticket_state
from queue_service.live.feed import LiveEvent, Subscriber
from queue_service.queue.engine import QueueChange, QueueEngine
from queue_service.queue.errors import UNKNOWN_TICKET

log = logging.getLogger(__name__)

QUEUE_SIZE = 4  # updates a page may lag behind before it is dropped (each one is the whole state)
HEARTBEAT_S = 20.0  # a comment line this often keeps mobile carriers' proxies from closing a quiet stream

EXPIRED = kind("ticket_expired", 404, "Số thứ tự này đã hết hiệu lực (chỉ dùng trong ngày được cấp)",
               "This ticket has expired (it is valid on the day it was issued)")
TOO_MANY = kind("too_many_streams", 429, "Có quá nhiều trang theo dõi đang mở, vui lòng thử lại sau {retry} giây",
                "Too many live pages are open; retry in {retry} s")
RETRY_S = 30


class TicketStream:
    """One open page: its ticket, its address (for the per-address cap) and its bounded queue."""

    def __init__(self, centre: str, public_id: str, address: str, size: int) -> None:
        self.public_id, self.address = public_id, address
        self.subscriber = Subscriber(centre, size)

    async def next(self) -> LiveEvent | None:
        return await self.subscriber.next()


class TicketStreams:
    def __init__(self, context: ServiceContext, *, queue_size: int = QUEUE_SIZE, heartbeat_s: float = HEARTBEAT_S) -> None:
        self.context = context
        self.queue_size = queue_size
        self.heartbeat_s = heartbeat_s
        self._pages: dict[str, dict[str, set[TicketStream]]] = {}  # centre -> public id -> open streams
        self._sent: dict[str, str] = {}  # public id -> the payload its pages were last sent (JSON)
        self._by_address: dict[str, int] = {}
        self._total = 0
        self._dirty: set[str] = set()
        self._refreshing: dict[str, asyncio.Task] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self.reads = 0  # snapshot reads done by refreshes (a benchmark and a test look at it)

    def listen(self, engine: QueueEngine) -> "TicketStreams":
        engine.listeners.append(self.on_change)
        return self

    def on_change(self, change: QueueChange) -> None:
        """Engine listener (any thread): the centre's pages must be read again."""
        loop = self._loop
        if loop is None or change.centre not in self._pages:
            return
        try:
            loop.call_soon_threadsafe(self._mark, change.centre)
        except RuntimeError:  # the loop has closed during shutdown
            pass

    async def open(self, public_id: str, address: str) -> TicketStream:
        """A page's stream with its current state queued first; DomainError for an unknown or expired ticket, or
        when the address or the service has too many streams open."""
        self._loop = asyncio.get_running_loop()
        settings = self.context.settings
        if self._total >= settings.ticket_streams_max or self._by_address.get(address, 0) >= settings.ticket_streams_per_address:
            raise DomainError(TOO_MANY, retry=RETRY_S)
        self._by_address[address] = self._by_address.get(address, 0) + 1  # held during the read: a burst of
        self._total += 1  # connections from one address cannot all pass the check before any is counted
        try:
            found, page = await asyncio.to_thread(self._first_read, public_id)
        except BaseException:
            self._release(address)
            raise
        stream = TicketStream(found.centre, public_id, address, self.queue_size)
        self._pages.setdefault(found.centre, {}).setdefault(public_id, set()).add(stream)
        self._sent[public_id] = json.dumps(page, ensure_ascii=False)
        stream.subscriber.offer(_event(self._sent[public_id], page))
        return stream

    def close(self, stream: TicketStream) -> None:
        centre = self._pages.get(stream.subscriber.centre, {})
        streams = centre.get(stream.public_id)
        if streams is None or stream not in streams:
            return
        streams.discard(stream)
        if not streams:
            del centre[stream.public_id]
            self._sent.pop(stream.public_id, None)
        if not centre:
            self._pages.pop(stream.subscriber.centre, None)
        self._release(stream.address)

    def _release(self, address: str) -> None:
        self._total -= 1
        left = self._by_address[address] - 1
        if left:
            self._by_address[address] = left
        else:
            del self._by_address[address]

    def open_streams(self, centre: str | None = None) -> int:
        if centre is None:
            return self._total
        return sum(len(s) for s in self._pages.get(centre, {}).values())

    def _first_read(self, public_id: str) -> tuple[ticket_state.Found, dict]:
        now = self.context.clock()
        with self.context.db.read() as session:
            found = ticket_state.find(session, self.context.centre, public_id, now)
            if found is None:
                raise DomainError(UNKNOWN_TICKET)
            if found.past_day and found.state not in ticket_state.FINAL_STATES:
                raise DomainError(EXPIRED)
            pages = ticket_state.snapshot(session, self.context.centre(found.centre), [public_id], now)
        return found, pages[public_id]

    def _mark(self, centre: str) -> None:
        self._dirty.add(centre)
        if centre not in self._refreshing:
            self._refreshing[centre] = asyncio.get_running_loop().create_task(self._refresh(centre))

    async def _refresh(self, centre: str) -> None:
        try:
            while centre in self._dirty and self._pages.get(centre):
                self._dirty.discard(centre)
                watched = list(self._pages[centre])
                try:
                    pages = await asyncio.to_thread(self._read, centre, watched)
                except Exception:  # a failed read must not end the refreshes: the next change reads again
                    log.exception("live ticket pages of %s: read failed", centre)
                    continue
                self._fan_out(centre, pages)
        finally:
            self._refreshing.pop(centre, None)
            self._dirty.discard(centre)

    def _read(self, centre: str, watched: list[str]) -> dict[str, dict]:
        self.reads += 1
        with self.context.db.read() as session:
            return ticket_state.snapshot(session, self.context.centre(centre), watched, self.context.clock())

    def _fan_out(self, centre: str, pages: dict[str, dict]) -> None:
        open_pages = self._pages.get(centre, {})
        for public_id, page in pages.items():
            streams = open_pages.get(public_id)
            data = json.dumps(page, ensure_ascii=False)
            if not streams or self._sent.get(public_id) == data:
                continue
            self._sent[public_id] = data
            event = _event(data, page)
            for stream in list(streams):
                if not stream.subscriber.offer(event):
                    self.close(stream)
                    log.warning("live ticket page: a client fell %s updates behind and was dropped", self.queue_size)


def _event(data: str, page: dict) -> LiveEvent:
    """`ticket` for an update, `final` for the last one (the ticket is done or cancelled: the stream ends)."""
    return LiveEvent("", "final" if page["final"] else "ticket", data)
