"""The service's MQTT bridge: one connection, its routing of incoming messages, and the tasks it runs."""

from __future__ import annotations

import asyncio
import logging

import aiomqtt

from queue_service.bridge.command_store import CommandStore
from queue_service.bridge.commands import CommandSender
from queue_service.bridge.connection import Connection, Endpoint
from queue_service.bridge.directory import DeviceDirectory
from queue_service.bridge.event_store import EventStore
from queue_service.bridge.events import EventHandler
from queue_service.bridge.prompts import RatingPrompter
from queue_service.bridge.requests import RequestServer
from queue_service.bridge.sms_sender import SmsSender
from queue_service.bridge.state import StatePublisher
from queue_service.bridge.verbs import Verbs
from queue_service.context import ServiceContext
from queue_service.devices.registry import DeviceRegistry
from queue_service.devices.state import DeviceStateRecorder
from queue_service.queue.engine import QueueChange, QueueEngine
from queue_service.ratings.rules import RatingBook
from wire.topics import Topics

log = logging.getLogger(__name__)

SHARE_GROUP = "central"  # several service workers split the requests between them
INBOX_LIMIT = 10_000


class Bridge:
    """Quiet constructor; start() from the app lifespan (never blocks on the broker), stop() at shutdown."""

    def __init__(self, context: ServiceContext, engine: QueueEngine, endpoint: Endpoint) -> None:
        self.context = context
        self.engine = engine
        self.centre = endpoint.credentials.centre
        self.topics = Topics(self.centre)
        self.endpoint = endpoint
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task] = []
        self._side: set[asyncio.Task] = set()

    async def start(self, wait_s: float = 3.0) -> None:
        config = self.context.centre(self.centre)  # the broker's centre must be one this service serves
        self._loop = asyncio.get_running_loop()
        db, topics, clock = self.context.db, self.topics, self.context.clock
        self.registry = DeviceRegistry(db, self.centre)
        self.directory = DeviceDirectory(self.registry)
        self.recorder = DeviceStateRecorder(db, topics)
        filters = [*topics.all_device_state(), topics.all_events(), topics.all_acks(), topics.all_requests(SHARE_GROUP)]
        self.connection = Connection(self.endpoint, topics, filters, self._on_message, self._on_connect)
        self.commands = CommandSender(CommandStore(db, self.centre), self.connection, topics, clock)
        self.state = StatePublisher(self.engine, self.centre, self.connection, topics)
        self.prompter = RatingPrompter(config, self.commands, self.directory)
        self.sms = SmsSender(self.context, self.engine, self.centre, self.commands)
        routes = Verbs(self.context, self.engine, self.centre, on_sms=self._sms_wake).table()
        self.requests = RequestServer(routes, self.connection, topics, self.directory, clock)
        self.ratings = RatingBook(db, config, clock)
        self.events = EventHandler(EventStore(db, self.centre), self.directory, self.ratings, self.engine, clock)
        self.changes: asyncio.Queue[QueueChange] = asyncio.Queue()
        self.inbox: asyncio.Queue = asyncio.Queue(INBOX_LIMIT)
        self.engine.listeners.append(self.on_change)
        for job in (self.connection.run(), self._follow(), self.state.run_board(), self.commands.run(), self._drain(),
                    self.sms.run()):
            self._tasks.append(asyncio.create_task(job))
        try:  # a short wait makes the common case deterministic; a broker that is down never delays start-up long
            await asyncio.wait_for(self.connection.connected.wait(), wait_s)
        except asyncio.TimeoutError:
            log.warning("bridge: broker %s:%s not reachable yet; the service runs and keeps retrying",
                        self.endpoint.host, self.endpoint.port)

    async def stop(self) -> None:
        if self.on_change in self.engine.listeners:
            self.engine.listeners.remove(self.on_change)
        if self.connection.connected.is_set():
            await self.connection.goodbye()
        for task in [*self._tasks, *self._side]:
            task.cancel()
        await asyncio.gather(*self._tasks, *self._side, return_exceptions=True)
        self._tasks.clear()
        await asyncio.to_thread(self.commands.close)  # the last command writes finish before the store closes

    @property
    def connected(self) -> bool:
        return self.connection.connected.is_set()

    def on_change(self, change: QueueChange) -> None:
        """Engine listener, called from HTTP worker threads after a commit: hand over, never block or raise."""
        if change.centre != self.centre or self._loop is None:
            return
        try:
            self._loop.call_soon_threadsafe(self.changes.put_nowait, change)
        except RuntimeError:  # the loop has closed during shutdown
            pass

    async def _follow(self) -> None:
        """Each committed change, in order: the displays' state first, then the rating prompt, then the near-turn SMS."""
        while True:
            change = await self.changes.get()
            for step in (self.state.apply, self.prompter.apply, self.sms.apply):
                try:
                    await step(change)
                except Exception:  # one bad change must not stop the displays' feed
                    log.exception("bridge: %s failed on %s", step.__qualname__, change.kinds)

    def _sms_wake(self) -> None:
        """From a request's worker thread: an SMS was queued."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self.sms.wake)

    async def _on_connect(self) -> None:
        await self.commands.on_connect()
        self._spawn(self.state.republish())

    def _on_message(self, message: aiomqtt.Message) -> None:
        """Requests run concurrently; state, events and acks go through one ordered inbox (seq order matters)."""
        parsed = self.topics.parse(message.topic.value)
        payload = message.payload if isinstance(message.payload, bytes) else str(message.payload or "").encode()
        if parsed is None:
            log.warning("bridge: ignoring message on %s", message.topic.value)
        elif parsed.kind == "req":
            self._spawn(self.requests.handle(parsed, payload, message.properties))
        else:
            try:
                self.inbox.put_nowait((parsed, message.topic.value, payload))
            except asyncio.QueueFull:
                log.warning("bridge: inbox full, dropping %s from %s", parsed.kind, parsed.device)

    async def _drain(self) -> None:
        while True:
            parsed, topic, payload = await self.inbox.get()
            try:
                if parsed.kind == "event":
                    await self.events.handle(parsed.device, parsed.name, payload)
                elif parsed.kind == "ack":
                    await self.commands.on_ack(parsed.device, payload)
                elif parsed.kind in ("availability", "meta", "health"):
                    await asyncio.to_thread(self.recorder.handle, topic, payload)
            except Exception:  # the bridge never crashes on input
                log.exception("bridge: handling %s from %s failed", parsed.kind, parsed.device)

    def _spawn(self, job) -> None:
        task = asyncio.create_task(job)
        self._side.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self._side.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("bridge task failed", exc_info=task.exception())
