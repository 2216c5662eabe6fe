"""Commands to devices: sent with retry until acknowledged (persisted, resent with backoff, matched to acks by id),
or asked interactively (sent once, the ack awaited; for an administrator's browser)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from concurrent.futures import ThreadPoolExecutor

from queue_service.bridge.command_store import CommandStore, retry_delay
from queue_service.bridge.connection import Connection
from wire.codec import WireError, body, decode, encode, new_id
from wire.messages import Ack, Command, WireModel
from wire.topics import Topics

log = logging.getLogger(__name__)

# The resend loop sleeps until the next command falls due; it also looks at least this often, for commands another
# service process stored (several workers share one store).
RESEND_LOOK_S = 5.0
# A newer command of these names replaces the device's older pending one: only the latest prompt means anything.
SUPERSEDING = frozenset({"rating.open"})


class NotSent(ConnectionError):
    """An interactive command could not be published (the broker link is down)."""


class CommandSender:
    def __init__(self, store: CommandStore, connection: Connection, topics: Topics, clock) -> None:
        self.store = store
        self.connection = connection
        self.topics = topics
        self.clock = clock
        self._wake = asyncio.Event()
        self._next_due: dt.datetime | None = None
        # Every store operation of the sender runs on this one thread, in the order it was asked for: a command's
        # write always precedes the delete its ack causes, and a newer display command supersedes an older one.
        self._store_thread = ThreadPoolExecutor(1, thread_name_prefix="commands")
        self._asked: dict[str, tuple[str, asyncio.Future]] = {}  # interactive command id → (device, its ack)

    def _in_order(self, function, *args):
        return asyncio.get_running_loop().run_in_executor(self._store_thread, function, *args)

    async def send(self, device: str, name: str, args: WireModel, ttl_s: float) -> Command:
        """Publish and persist at once, so a device never waits for the store; a SUPERSEDING command replaces the
        device's older pending one of the same name. A crash between the two leaves a command the broker already
        holds for the device (QoS 1), only without resends."""
        now = self.clock()
        command = Command(id=new_id(), name=name, expires_at=now + dt.timedelta(seconds=ttl_s), args=body(args))
        supersede = name if name in SUPERSEDING else None
        saved = self._in_order(self.store.put, device, command, now, supersede)
        self._due_at(now + retry_delay(1))
        await self._publish(device, command, now)
        try:
            dropped = await saved
        except Exception:  # sent, but it will not be resent: say so, and keep the bridge running
            log.exception("command %s to %s was sent but could not be stored for resending", command.id, device)
        else:
            if dropped:
                log.info("command %s to %s supersedes %s pending %s command(s)", command.id, device, dropped, name)
        return command

    async def ask(self, device: str, name: str, args: WireModel, timeout_s: float) -> Ack:
        """Send once and wait for the device's ack: not stored and not resent, since the person at the browser
        retries by asking again and a late answer would be stale. It expires when the wait ends, so a device that
        gets it late acks `expired` instead of acting. Raises NotSent, or asyncio.TimeoutError."""
        now = self.clock()
        command = Command(id=new_id(), name=name, expires_at=now + dt.timedelta(seconds=timeout_s), args=body(args))
        answer = asyncio.get_running_loop().create_future()
        self._asked[command.id] = (device, answer)
        try:
            if not await self._publish(device, command, now):
                raise NotSent(f"{name} to {device}: not connected to the broker")
            return await asyncio.wait_for(answer, timeout_s)
        finally:
            self._asked.pop(command.id, None)

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
        asked = self._asked.get(ack.id)
        if asked is not None:
            if asked[0] == device and not asked[1].done():  # only the device asked may answer
                asked[1].set_result(ack)
            return
        if not await self._in_order(self.store.ack, device, ack.id):
            log.info("ack %s from %s matches no pending command (already acked or expired)", ack.id, device)
        elif ack.status != "done":
            log.warning("command %s (%s) on %s: %s %s", ack.id, ack.name, device, ack.status, ack.error or "")

    async def on_connect(self) -> None:
        now = self.clock()
        await self._in_order(self.store.all_due_now, now)
        self._next_due = now
        self._wake.set()

    def _due_at(self, when: dt.datetime) -> None:
        """Something falls due at `when`: wake the resend loop if it would sleep past it."""
        if self._next_due is None or when < self._next_due:
            self._next_due = when
            self._wake.set()

    async def run(self) -> None:
        """Resend what is due, for as long as the bridge runs; between two due times it does not touch the store."""
        while True:
            wait = RESEND_LOOK_S
            if self._next_due is not None and self.connection.connected.is_set():
                wait = min(wait, max(0.0, (self._next_due - self.clock()).total_seconds()))
            try:
                await asyncio.wait_for(self._wake.wait(), wait)
                self._wake.clear()
                continue  # woken to sleep less long, or (re)connected: work out the wait again
            except asyncio.TimeoutError:
                pass
            if not self.connection.connected.is_set():
                continue  # on_connect makes everything due at once
            try:
                now = self.clock()
                self._next_due = None  # a command sent while the store is read lowers it again (_due_at)
                due, expired, stored_next = await self._in_order(self.store.due, now)
                self._next_due = min((t for t in (stored_next, self._next_due) if t is not None), default=None)
            except Exception:  # a store hiccup must not end the resend loop
                log.exception("reading pending commands failed")
                self._next_due = self.clock() + dt.timedelta(seconds=RESEND_LOOK_S)
                continue
            if expired:
                log.warning("%s command(s) expired before a device acknowledged them", expired)
            for item in due:
                log.info("resending %s (%s) to %s, attempt %s", item.command.id, item.command.name, item.device,
                         item.attempts)
                await self._publish(item.device, item.command, now)

    def close(self) -> None:
        self._store_thread.shutdown(wait=True)
