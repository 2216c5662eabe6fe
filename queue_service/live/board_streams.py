"""BoardStreams: the public board page (`/board/{centre}`, the queue as anyone may see it) pushed by server-sent events.

What it sends is the public board (`GET /api/v1/centres/{c}/board`: waiting, waits and counters open per field, no
personal data), whole, as a `board` event. The engine's listener only marks the change's centre dirty (any thread,
never blocking it); one refresh per centre runs at a time on the event loop and reads the board once for all of that
centre's open pages, in a worker thread, folding changes that come meanwhile into the next read. The board goes to
every page when it differs from what they were last sent, and always to pages opened since the last read (their
first event). Each page has a small bounded queue (feed.Subscriber): one too slow to take its events is dropped and
its browser reconnects (EventSource retry) to a fresh board; streams are capped in all."""

from __future__ import annotations

import asyncio
import logging

from queue_service.errors import DomainError
from queue_service.live.feed import LiveEvent, Subscriber
from queue_service.live.tickets import RETRY_S, TOO_MANY
from queue_service.queue.engine import QueueChange, QueueEngine

log = logging.getLogger(__name__)

QUEUE_SIZE = 4  # boards a page may lag behind before it is dropped (each one is the whole board)
HEARTBEAT_S = 20.0
MAX_STREAMS = 2000  # public board pages one process holds open


class BoardStreams:
    def __init__(self, engine: QueueEngine, *, queue_size: int = QUEUE_SIZE, max_streams: int = MAX_STREAMS,
                 heartbeat_s: float = HEARTBEAT_S) -> None:
        self.engine = engine
        self.queue_size = queue_size
        self.max_streams = max_streams
        self.heartbeat_s = heartbeat_s
        self._pages: dict[str, set[Subscriber]] = {}  # centre -> open pages
        self._new: dict[str, set[Subscriber]] = {}  # centre -> pages that have not had their first board yet
        self._sent: dict[str, str] = {}  # centre -> the board its pages were last sent (JSON)
        self._dirty: set[str] = set()
        self._refreshing: dict[str, asyncio.Task] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self.reads = 0  # board reads done by refreshes (a test looks at it)

    def listen(self) -> "BoardStreams":
        self.engine.listeners.append(self.on_change)
        return self

    @property
    def open_streams(self) -> int:
        return sum(len(pages) for pages in self._pages.values())

    def on_change(self, change: QueueChange) -> None:
        """Engine listener (any thread): mark the centre for a refresh on the event loop."""
        loop = self._loop
        if loop is None or not self._pages.get(change.centre):
            return
        try:
            loop.call_soon_threadsafe(self._mark, change.centre)
        except RuntimeError:  # the loop has closed during shutdown
            pass

    def open(self, centre: str) -> Subscriber:
        """A new page (called on the event loop); its first event is the board as it is now."""
        self._loop = asyncio.get_running_loop()
        if self.open_streams >= self.max_streams:
            raise DomainError(TOO_MANY, retry=RETRY_S)
        page = Subscriber(centre, self.queue_size)
        self._pages.setdefault(centre, set()).add(page)
        self._new.setdefault(centre, set()).add(page)
        self._mark(centre)
        return page

    def close(self, page: Subscriber) -> None:
        self._pages.get(page.centre, set()).discard(page)
        self._new.get(page.centre, set()).discard(page)

    def _mark(self, centre: str) -> None:
        if not self._pages.get(centre):
            return
        self._dirty.add(centre)
        if centre not in self._refreshing:
            self._refreshing[centre] = asyncio.get_running_loop().create_task(self._refresh(centre))

    async def _refresh(self, centre: str) -> None:
        first: set[Subscriber] = set()
        try:
            while centre in self._dirty:
                self._dirty.discard(centre)
                first = self._new.pop(centre, set())
                self.reads += 1
                board = (await asyncio.to_thread(self.engine.board, centre)).model_dump_json()
                changed = board != self._sent.get(centre)
                self._sent[centre] = board
                event = LiveEvent("", "board", board)
                for page in list(self._pages.get(centre, set()) if changed else first):
                    if page in self._pages.get(centre, ()) and not page.offer(event):
                        self.close(page)
                        log.info("board stream of %s: a page fell behind and was dropped", centre)
                first = set()
        except Exception:  # a store hiccup must not end the refreshes: the next change reads again, for new pages too
            self._new.setdefault(centre, set()).update(first)
            log.exception("board streams of %s: reading the board failed", centre)
        finally:
            self._refreshing.pop(centre, None)
