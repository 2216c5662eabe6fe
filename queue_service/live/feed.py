"""LiveFeed: every committed queue change, device change and alert change, fanned out per centre to the browser streams
that follow it.

The engine calls its listeners from HTTP worker threads right after a commit; the feed hands each change to the event
loop (never blocking, never raising into the engine) and there gives it the next id and offers it to each subscriber's
bounded queue. A subscriber whose queue is full is dropped rather than waited for: its browser reconnects and
resumes from its last id (the feed keeps the recent events of each centre) or, when too much was missed or the
service restarted, gets a `reset` and reads its state again."""

from __future__ import annotations

import asyncio
import collections
import json
import logging
import secrets
from dataclasses import dataclass

from queue_service.queue.engine import QueueChange, QueueEngine

log = logging.getLogger(__name__)

QUEUE_SIZE = 64  # events a client may lag behind before it is dropped
HISTORY = 256  # recent events kept per centre for a reconnecting client to resume from
HEARTBEAT_S = 15.0  # a comment line this often keeps proxies from closing a quiet stream, and shows a dead one
# Events a stream gets only when it asks for them (`?with=board`): the operations board's figures, computed once per
# change for every board. They say the whole state, so they are not kept for resuming: a board reads its state on
# every (re)connection, and the next one replaces them anyway.
OPT_IN = frozenset({"board"})


@dataclass(frozen=True)
class LiveEvent:
    """One server-sent event: `change` (a committed queue change), `device` (a device's availability or health),
    `alert` (an alert began or ended), `board` (the operations board's figures, OPT_IN) or `reset` (read your state
    again)."""

    id: str  # "{boot}-{seq}": a restarted service has another boot, so an old id never resumes by mistake
    name: str
    data: str  # JSON, serialised once for every subscriber


class Subscriber:
    """One browser stream: a bounded queue of events, ended when dropped."""

    def __init__(self, centre: str, size: int, extra: frozenset[str] = frozenset()) -> None:
        self.centre = centre
        self.extra = extra & OPT_IN
        self.dropped = False
        self._queue: asyncio.Queue[LiveEvent | None] = asyncio.Queue(size)

    def wants(self, name: str) -> bool:
        return name not in OPT_IN or name in self.extra

    def offer(self, event: LiveEvent) -> bool:
        """Queue the event; False (and the stream ends) when the client is too far behind."""
        try:
            self._queue.put_nowait(event)
            return True
        except asyncio.QueueFull:
            self.dropped = True
            return False

    async def next(self) -> LiveEvent | None:
        """The next event, or None once dropped (what was queued is abandoned: the browser resumes by id)."""
        if self.dropped:
            return None
        event = await self._queue.get()
        return None if self.dropped else event


class LiveFeed:
    def __init__(self, *, queue_size: int = QUEUE_SIZE, history: int = HISTORY, heartbeat_s: float = HEARTBEAT_S) -> None:
        self.boot = secrets.token_hex(4)
        self.queue_size = queue_size
        self.heartbeat_s = heartbeat_s
        self._history_size = history
        self._seq = 0
        self._history: dict[str, collections.deque[tuple[int, LiveEvent]]] = {}
        self._forgotten: dict[str, int] = {}  # per centre, the id of the newest event the history let go
        self._subscribers: dict[str, set[Subscriber]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def listen(self, engine: QueueEngine) -> "LiveFeed":
        engine.listeners.append(self.on_change)
        return self

    def on_change(self, change: QueueChange) -> None:
        """Engine listener (any thread): hand the change to the event loop, in the order the engine reports them."""
        if self._loop is not None:  # else nobody has followed the feed in this process yet
            self.notify(change.centre, "change", payload(change))

    def notify(self, centre: str, name: str, data: dict) -> None:
        """Any thread: publish an event of `name` (device, alert) to the centre's streams, after those handed over
        before it; the data is serialised on the event loop, once for every subscriber."""
        loop = self._loop
        if loop is None:  # nobody has followed the feed in this process yet
            return
        try:
            loop.call_soon_threadsafe(self._publish, centre, name, data)
        except RuntimeError:  # the loop has closed during shutdown
            pass

    def subscribe(self, centre: str, last_event_id: str | None = None, extra: frozenset[str] = frozenset()) -> Subscriber:
        """A new stream (called on the event loop): the events missed since `last_event_id` when the feed still has
        them all, else a `reset` first. `extra`: the OPT_IN events it wants too."""
        self._loop = asyncio.get_running_loop()
        subscriber = Subscriber(centre, self.queue_size, extra)
        missed = self._since(centre, last_event_id)
        if missed is None or len(missed) >= self.queue_size:
            subscriber.offer(LiveEvent(self._id(self._seq), "reset", json.dumps({"centre": centre})))
        else:
            for event in missed:
                subscriber.offer(event)
        self._subscribers.setdefault(centre, set()).add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.get(subscriber.centre, set()).discard(subscriber)

    def last_id(self, centre: str) -> str:
        """The id of the centre's newest event (what a read of its state after it reflects)."""
        history = self._history.get(centre)
        return history[-1][1].id if history else self._id(0)

    def subscribers(self, centre: str, wanting: str | None = None) -> int:
        """Streams following `centre` (those that want `wanting` events, if given)."""
        return sum(1 for s in self._subscribers.get(centre, ()) if wanting is None or s.wants(wanting))

    def _publish(self, centre: str, name: str, data: dict) -> None:
        self._seq += 1
        event = LiveEvent(self._id(self._seq), name, json.dumps(data, ensure_ascii=False))
        if name not in OPT_IN:
            history = self._history.setdefault(centre, collections.deque())
            history.append((self._seq, event))
            if len(history) > self._history_size:
                self._forgotten[centre] = history.popleft()[0]
        for subscriber in list(self._subscribers.get(centre, ())):
            if subscriber.wants(name) and not subscriber.offer(event):
                self.unsubscribe(subscriber)
                log.warning("live feed: a client of %s fell %s events behind and was dropped", centre, self.queue_size)

    def _since(self, centre: str, last_event_id: str | None) -> list[LiveEvent] | None:
        boot, _, seq = (last_event_id or "").partition("-")
        if boot != self.boot or not seq.isdigit():
            return None
        last = int(seq)
        if last > self._seq or last < self._forgotten.get(centre, 0):  # not ours, or the history let some go
            return None
        return [event for number, event in self._history.get(centre, ()) if number > last]

    def _id(self, seq: int) -> str:
        return f"{self.boot}-{seq}"


def payload(change: QueueChange) -> dict:
    """What a change says to a browser: what happened, the counter's state after it, and the ticket acted on."""
    return {
        "centre": change.centre,
        "kinds": list(change.kinds),
        "counter": change.counter.model_dump(mode="json") if change.counter is not None else None,
        "ticket": change.ticket.model_dump(mode="json") if change.ticket is not None else None,
        "announce": change.announce,
    }
