"""The operations watcher: after every queue or device change, and on a timer (waits and pauses grow with the clock
alone), it evaluates the centres' alerts and tells the live feed what changed: `device` for a device's new state,
`alert` for an alert that began or ended, then `board`, the operations board's figures, computed once for every board
that follows the feed (none computed while no board does). The board and the devices page follow that one feed."""

from __future__ import annotations

import asyncio
import logging

from queue_service.alerts.evaluate import evaluate
from queue_service.context import ServiceContext
from queue_service.devices.mirror import device_row
from queue_service.devices.registry import DeviceRegistry
from queue_service.live.feed import LiveFeed
from queue_service.operations.read import operations
from queue_service.queue.engine import QueueChange, QueueEngine

log = logging.getLogger(__name__)


class OperationsWatcher:
    """Quiet constructor; start() and stop() from the app's lifespan."""

    def __init__(self, context: ServiceContext, engine: QueueEngine, feed: LiveFeed) -> None:
        self.context = context
        self.engine = engine
        self.feed = feed
        self._loop: asyncio.AbstractEventLoop | None = None
        self._dirty = asyncio.Event()
        self._tasks: dict[asyncio.AbstractEventLoop, asyncio.Task] = {}  # per loop: an app's lifespan may run twice
        self._recorder = None

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._dirty = asyncio.Event()
        self.engine.listeners.append(self.on_change)
        bridge = self.context.bridge  # started before (its lifespan hook comes first)
        if bridge is not None:
            self._recorder = bridge.recorder
            self._recorder.listeners.append(self.on_device)
        self._dirty.set()  # after a restart: what changed while the service was away
        self._tasks[self._loop] = asyncio.create_task(self._run(self._dirty))

    async def stop(self) -> None:
        if self.on_change in self.engine.listeners:
            self.engine.listeners.remove(self.on_change)
        if self._recorder is not None and self.on_device in self._recorder.listeners:
            self._recorder.listeners.remove(self.on_device)
        task = self._tasks.pop(asyncio.get_running_loop(), None)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def on_change(self, change: QueueChange) -> None:
        """Engine listener (any thread)."""
        self._wake()

    def on_device(self, centre: str, device: str) -> None:
        """Device state recorder listener (a worker thread, after its write committed)."""
        info = DeviceRegistry(self.context.db, centre).get(device)
        if info is not None:
            self.feed.notify(centre, "device", device_row(info))
        self._wake()

    def _wake(self) -> None:
        loop = self._loop
        if loop is not None:
            try:
                loop.call_soon_threadsafe(self._dirty.set)
            except RuntimeError:  # the loop has closed during shutdown
                pass

    async def _run(self, dirty: asyncio.Event) -> None:
        interval = self.context.settings.alerts_interval_s
        loop = asyncio.get_running_loop()
        while loop in self._tasks:  # stop() removes it: the loop ends even if a cancellation were lost
            try:
                # asyncio.timeout, not wait_for: on 3.11 wait_for may swallow a cancellation that comes as the event
                # is set, and stop() would then wait for this task for ever
                async with asyncio.timeout(interval):
                    await dirty.wait()
            except TimeoutError:
                pass
            dirty.clear()
            for centre in list(self.context.centres.values()):
                board = self.feed.subscribers(centre.centre.id, wanting="board") > 0
                if board:  # first what changed (a call), then the alerts it may raise; a board waits for neither
                    await self._board(centre)
                try:
                    changed = await asyncio.to_thread(evaluate, self.context.db, centre, self.context.clock())
                except Exception:  # one failed evaluation must not end the watching
                    log.exception("alerts: evaluating %s failed", centre.centre.id)
                    continue
                for alert in changed:
                    log.info("alert %s %s %s", "ended" if alert.ended_at else "began", alert.kind, alert.subject)
                    self.feed.notify(centre.centre.id, "alert", alert.model_dump(mode="json"))
                if changed and board:
                    await self._board(centre)

    async def _board(self, centre) -> None:
        centre_id = centre.centre.id
        try:
            figures = await asyncio.to_thread(operations, self.context.db, centre, self.context.clock(),
                                              self.feed.last_id(centre_id))
        except Exception:
            log.exception("board: reading the figures of %s failed", centre_id)
            return
        self.feed.notify(centre_id, "board", figures.model_dump(mode="json"))


def install_watcher(context: ServiceContext, engine: QueueEngine, feed: LiveFeed) -> OperationsWatcher:
    watcher = OperationsWatcher(context, engine, feed)

    async def start(_: ServiceContext) -> None:
        await watcher.start()

    async def stop(_: ServiceContext) -> None:
        await watcher.stop()

    context.lifespan.add("operations", start, stop)
    return watcher
