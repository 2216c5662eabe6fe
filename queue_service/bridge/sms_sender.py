"""The SMS outbox, sent: due messages are handed one at a time to the centre's SMS agent (`sms.send`, asked and
awaited), and what it answers is recorded (queue_service/sms/outbox.py). The agent or the broker away: nothing is
lost, the messages wait and the sender looks again after sms.retry_s. Once a local day, the phone numbers of past
days are deleted (queue_service/sms/privacy.py). Also the near-turn check after each queue change."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from queue_service.bridge.commands import CommandSender, NotSent
from queue_service.context import ServiceContext
from queue_service.queue.engine import QueueChange, QueueEngine
from queue_service.sms import near_turn, outbox, privacy
from wire.codec import WireError, validate
from wire.messages import WIRE_VERSION
from wire.sms import SmsResult, SmsSend

log = logging.getLogger(__name__)

LOOK_S = 30.0  # looks at the outbox at least this often (messages queued by another process, retries falling due)


class SmsSender:
    def __init__(self, context: ServiceContext, engine: QueueEngine, centre: str, commands: CommandSender) -> None:
        self.context = context
        self.engine = engine
        self.centre = centre
        self.commands = commands
        self._wake = asyncio.Event()
        self._purged: dt.date | None = None
        self._paused_until: dt.datetime | None = None

    @property
    def config(self):
        return self.context.centre(self.centre)

    def wake(self) -> None:
        self._wake.set()

    async def apply(self, change: QueueChange) -> None:
        """After each committed queue change: tickets that moved closer may be near their turn now."""
        if not (self.config.sms.near_turn and self.config.sms.device):
            return
        if await asyncio.to_thread(near_turn.check, self.context.db, self.engine, self.config, self.context.clock()):
            self.wake()

    async def run(self) -> None:
        while True:
            try:
                await self.pump()
            except Exception:  # a store hiccup must not end the sender
                log.exception("sms: sending the outbox failed")
            try:
                await asyncio.wait_for(self._wake.wait(), self._wait_s())
            except asyncio.TimeoutError:
                pass
            self._wake.clear()

    def _wait_s(self) -> float:
        return min(LOOK_S, self.config.sms.retry_s)

    async def pump(self) -> int:
        """Purge past days once a day; send what is due; returns how many the agent answered."""
        config, now = self.config, self.context.clock()
        today = now.astimezone(config.zone).date()
        if self._purged != today:
            await asyncio.to_thread(privacy.purge, self.context.db, config, now)
            self._purged = today
        device = config.sms.device
        if device is None or (self._paused_until is not None and now < self._paused_until):
            return 0
        self._paused_until = None
        answered = 0
        while True:
            claimed = await asyncio.to_thread(outbox.claim, self.context.db, config, self.context.clock())
            if not claimed:
                return answered
            for i, message in enumerate(claimed):
                send = SmsSend(id=message.key, number=message.phone, text=message.body)
                try:
                    ack = await self.commands.ask(device, "sms.send", send, timeout_s=config.sms.answer_s)
                except (NotSent, asyncio.TimeoutError) as exc:
                    reason = f"no answer from {device}: " + (str(exc) or "timed out")
                    log.warning("sms: %s; %s message(s) wait", reason, len(claimed) - i)
                    now = self.context.clock()
                    await asyncio.to_thread(outbox.unanswered, self.context.db, config,
                                            [m.id for m in claimed[i:]], reason, now)
                    self._paused_until = now + outbox.retry_delay(config, 1)
                    return answered
                answered += 1
                await asyncio.to_thread(outbox.record, self.context.db, config, message.id, _result(message.key, ack),
                                        self.context.clock())


def _result(key: str, ack) -> SmsResult:
    """The agent's answer; an ack that is not `done` (rejected arguments, no such command) is a refusal."""
    if ack.status == "done":
        try:
            return validate(SmsResult, {"v": WIRE_VERSION, **(ack.result or {})})
        except WireError as exc:
            return SmsResult(id=key, state="failed", error=f"bad answer: {exc.detail}"[:300])
    return SmsResult(id=key, state="failed", error=f"{ack.status}: {ack.error or ''}"[:300])
