"""Queue changes → MQTT: retained counter states (the LEDs and screens follow them), `calls` announcements, and a
coalesced board."""

from __future__ import annotations

import asyncio
import logging
import time

from queue_service.bridge.connection import Connection
from queue_service.bridge.shapes import board_message, counter_state
from queue_service.queue.engine import QueueChange, QueueEngine
from queue_service.queue.views import BoardView
from wire.codec import encode
from wire.queue_messages import Call
from wire.topics import Topics, counter_id

log = logging.getLogger(__name__)

BOARD_INTERVAL_S = 0.5  # at most two boards a second, however busy the counters are


class StatePublisher:
    def __init__(self, engine: QueueEngine, centre: str, connection: Connection, topics: Topics) -> None:
        self.engine = engine
        self.centre = centre
        self.connection = connection
        self.topics = topics
        self._board_dirty = asyncio.Event()
        # Calls are numbered from the start time in ms, so `seq` keeps increasing across service restarts without
        # a store write on the call path; a screen sees one gap per restart.
        self._seq = int(time.time() * 1000)

    async def apply(self, change: QueueChange) -> None:
        self._board_dirty.set()
        view = change.counter
        if view is None:
            return
        # The retained state carries number, status, field, ticket_state and recalls: a counter's LED shows and
        # blinks from it alone, and a rebooted LED is right at once.
        jobs = [self.connection.publish(self.topics.counter_state(counter_id(view.number)),
                                        encode(counter_state(view)), retain=True)]
        if change.announce and change.ticket is not None:
            self._seq += 1
            call = Call(seq=self._seq, number=change.ticket.number, counter=counter_id(view.number),
                        field=change.ticket.field.code, recall=change.ticket.recalls)
            jobs.insert(0, self.connection.publish(self.topics.calls(), encode(call)))
        await asyncio.gather(*jobs)

    async def run_board(self) -> None:
        while True:
            await self._board_dirty.wait()
            # Wait first, then compute: the board's dozens of queries then never compete with the reply to the
            # clerk who just pressed Next, and a burst of changes makes one board.
            await asyncio.sleep(BOARD_INTERVAL_S)
            self._board_dirty.clear()
            if self.connection.connected.is_set():
                try:
                    await self._publish_board()
                except Exception:
                    log.exception("bridge: board failed")

    async def _publish_board(self) -> BoardView:
        view = await asyncio.to_thread(self.engine.board, self.centre)
        message = board_message(view, self.engine.context.centre(self.centre))
        await self.connection.publish(self.topics.board(), encode(message), retain=True)
        return view

    async def republish(self) -> None:
        """After a (re)connect: every counter's retained state and the board, as the store has them now."""
        view = await self._publish_board()
        for counter in view.counters:
            await self.connection.publish(self.topics.counter_state(counter_id(counter.number)),
                                          encode(counter_state(counter)), retain=True)
