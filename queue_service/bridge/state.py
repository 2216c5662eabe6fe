"""Queue changes → MQTT: retained counter states, `calls` announcements, the counters' LED commands, a coalesced board."""

from __future__ import annotations

import asyncio
import logging
import time

from queue_service.bridge.commands import CommandSender
from queue_service.bridge.connection import Connection
from queue_service.bridge.directory import DeviceDirectory, counter_slug
from queue_service.queue.engine import QueueChange, QueueEngine
from queue_service.queue.views import BoardView, CounterView
from wire.codec import encode
from wire.messages import DisplayClear, DisplayShow
from wire.queue_messages import Board, BoardField, Call, CounterState
from wire.topics import Topics

log = logging.getLogger(__name__)

BOARD_INTERVAL_S = 0.5  # at most two boards a second, however busy the counters are
LED_TTL_S = 600  # a number on an LED stays right until the counter's next change, which supersedes it
SHOWING_STATES = ("called", "serving")


def counter_state(view: CounterView) -> CounterState:
    current = view.current if view.current is not None and view.current.state in SHOWING_STATES else None
    return CounterState(counter=counter_slug(view.number), status=view.status,
                        number=current.number if current else None, field=current.field.code if current else None)


def board_message(view: BoardView) -> Board:
    return Board(served_today=view.served_today, fields=[
        BoardField(field=f.field.code, name=f.field.name_vi, waiting=f.waiting, estimated_wait_min=f.estimated_wait_minutes,
                   counters_open=len(f.counters_open)) for f in view.fields])


class StatePublisher:
    def __init__(self, engine: QueueEngine, centre: str, connection: Connection, topics: Topics,
                 commands: CommandSender, directory: DeviceDirectory) -> None:
        self.engine = engine
        self.centre = centre
        self.connection = connection
        self.topics = topics
        self.commands = commands
        self.directory = directory
        self.changes: asyncio.Queue[QueueChange] = asyncio.Queue()
        self._board_dirty = asyncio.Event()
        # Calls are numbered from the start time in ms, so `seq` keeps increasing across service restarts without
        # a store write on the call path; a screen sees one gap per restart.
        self._seq = int(time.time() * 1000)
        self._shown: dict[int, str | None] = {}  # counter → number its LED shows, so a start does not resend it

    async def run(self) -> None:
        while True:
            change = await self.changes.get()
            try:
                await self._apply(change)
            except Exception:  # one bad change must not stop the displays' feed
                log.exception("bridge: publishing %s failed", change.kinds)

    async def _apply(self, change: QueueChange) -> None:
        self._board_dirty.set()
        view = change.counter
        if view is None:
            return
        jobs = [self.connection.publish(self.topics.counter_state(counter_slug(view.number)),
                                        encode(counter_state(view)), retain=True),
                self._led(view, change.announce)]
        if change.announce and change.ticket is not None:
            self._seq += 1
            call = Call(seq=self._seq, number=change.ticket.number, counter=counter_slug(view.number),
                        field=change.ticket.field.code, recall=change.ticket.recalls)
            jobs.insert(0, self.connection.publish(self.topics.calls(), encode(call)))
        await asyncio.gather(*jobs)

    async def _led(self, view: CounterView, announce: bool) -> None:
        number = counter_state(view).number if view.status == "open" else None  # idle, paused, closed: blank
        if self._shown.get(view.number, "unset") == number and not announce:
            return
        self._shown[view.number] = number
        for device in await self.directory.at_counter(view.number):
            if number is not None:
                args = DisplayShow(lines=[number, f"Quầy {counter_slug(view.number)}"], number=number,
                                   blink_s=3 if announce else 0)
                await self.commands.send(device, "display.show", args, LED_TTL_S)
            else:
                await self.commands.send(device, "display.clear", DisplayClear(), LED_TTL_S)

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
        await self.connection.publish(self.topics.board(), encode(board_message(view)), retain=True)
        return view

    async def republish(self) -> None:
        """After a (re)connect: every counter's retained state and the board, as the store has them now."""
        view = await self._publish_board()
        for counter in view.counters:
            await self.connection.publish(self.topics.counter_state(counter_slug(counter.number)),
                                          encode(counter_state(counter)), retain=True)
