"""Commands to devices with retry until acknowledged: persisted, resent with backoff, matched to acks by id."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from queue_service.bridge.command_store import CommandStore
from queue_service.bridge.connection import Connection
from wire.codec import WireError, body, decode, encode, new_id
from wire.messages import Ack, Command, WireModel
from wire.topics import Topics

log = logging.getLogger(__name__)

RESEND_TICK_S = 0.5


class CommandSender:
    def __init__(self, store: CommandStore, connection: Connection, topics: Topics, clock) -> None:
        self.store = store
        self.connection = connection
        self.topics = topics
        self.clock = clock
        self._wake = asyncio.Event()

    async def send(self, device: str, name: str, args: WireModel, ttl_s: float) -> Command:
        """Persist, then publish; a display command supersedes the device's older pending display commands."""
        now = self.clock()
        command = Command(id=new_id(), name=name, expires_at=now + dt.timedelta(seconds=ttl_s), args=body(args))
        supersede = "display." if name.startswith("display.") else None
        dropped = await asyncio.to_thread(self.store.put, device, command, now, supersede)
        if dropped:
            log.info("command %s to %s supersedes %s pending display command(s)", command.id, device, dropped)
        await self._publish(device, command, now)
        return command

    async def _publish(self, device: str, command: Command, now: dt.datetime) -> bool:
        # The message expiry lets the broker drop a command a sleeping device would only find stale.
        left = (command.expires_at - now).total_seconds()
        return await self.connection.publish(self.topics.command(device, command.name), encode(command), expiry_s=left)

    async def on_ack(self, device: str, payload: bytes) -> None:
        try:
            ack = decode(Ack, payload)
        except WireError as exc:
            log.warning("dropping ack from %s: %s", device, exc)
            return
        if not await asyncio.to_thread(self.store.ack, device, ack.id):
            log.info("ack %s from %s matches no pending command (already acked or expired)", ack.id, device)
        elif ack.status != "done":
            log.warning("command %s (%s) on %s: %s %s", ack.id, ack.name, device, ack.status, ack.error or "")

    async def on_connect(self) -> None:
        await asyncio.to_thread(self.store.all_due_now, self.clock())
        self._wake.set()

    async def run(self) -> None:
        """Resend what is due, for as long as the bridge runs."""
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), RESEND_TICK_S)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()
            if not self.connection.connected.is_set():
                continue
            try:
                now = self.clock()
                due, expired = await asyncio.to_thread(self.store.due, now)
            except Exception:  # a store hiccup must not end the resend loop
                log.exception("reading pending commands failed")
                continue
            if expired:
                log.warning("%s command(s) expired before a device acknowledged them", expired)
            for item in due:
                log.info("resending %s (%s) to %s, attempt %s", item.command.id, item.command.name, item.device,
                         item.attempts)
                await self._publish(item.device, item.command, now)
