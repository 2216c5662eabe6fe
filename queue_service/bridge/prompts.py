"""After a ticket is finished (Finish, or Next finishing the current one): rating.open to the rating pads and
tablets at that counter, so the citizen is asked while still there."""

from __future__ import annotations

import logging

from queue_service.bridge.commands import CommandSender
from queue_service.bridge.directory import DeviceDirectory
from queue_service.config import CentreConfig
from queue_service.queue.engine import QueueChange
from queue_service.ratings.prompt import rating_open

log = logging.getLogger(__name__)


class RatingPrompter:
    def __init__(self, centre: CentreConfig, commands: CommandSender, directory: DeviceDirectory) -> None:
        self.centre = centre
        self.commands = commands
        self.directory = directory
        self.sent = 0

    async def apply(self, change: QueueChange) -> None:
        if change.finished is None or change.counter is None:
            return
        counter = change.counter.number
        devices = await self.directory.rating_devices(counter)
        if not devices:
            return
        prompt = rating_open(self.centre, change.finished, counter, change.served_by)
        for device in devices:
            # The command lives as long as the window: a pad that comes back later must not rate someone else.
            await self.commands.send(device, "rating.open", prompt, prompt.window_s)
            self.sent += 1
        log.info("rating.open for %s at counter %s sent to %s", change.finished.number, counter, ", ".join(devices))
