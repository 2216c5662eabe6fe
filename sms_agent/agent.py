"""The SMS agent: binds a GSM modem (devicekit.modem, SIM800 AT commands in PDU mode, UCS2) and answers `sms.send`
from the service, which owns the outbox (queue_service/sms). It keeps no queue of its own: a message is either sent
now or failed now with the modem's error, and the service retries later. Idempotent by message id (sent.py).

Its retained health says whether the modem is plugged in and answering (`modem`), and what the SIM and the network
say (`network`: SIM ready, registered, the signal), polled every NETWORK_POLL_S on its own thread so a long send
never delays the health of the others."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import ClassVar

from devicekit.agent.base import Agent
from devicekit.agent.config import Role
from devicekit.modem import ModemError, Network
from devicekit.worker import Worker
from sms_agent.sent import SentLog
from wire.codec import body
from wire.messages import Part
from wire.sms import SmsResult, SmsSend, mask_phone

log = logging.getLogger(__name__)

WEAK_SIGNAL = 5  # CSQ below this (about -103 dBm) loses messages in practice


class SmsAgent(Agent):
    kind = "sms"
    roles = {"modem": Role("gsm_modem", "the GSM modem that sends the SMS", required=True)}
    NETWORK_POLL_S: ClassVar[float] = 30.0

    def capabilities(self) -> list[str]:
        return ["sms"]

    def build(self) -> None:
        self.modem = self.driver("modem")
        self.sent = SentLog(Path(self.config.state_dir) / "sms-sent.json")
        self._sending = threading.Lock()  # one message at a time, and a resend waits for the first try to end
        self._network: Part | None = None
        self._poller = Worker(f"network-{self.config.device}", self._poll)
        self.commands.register("sms.send", self._send)

    def start(self, wait: float = 5.0) -> "SmsAgent":
        super().start(wait)
        self._poller.start()
        return self

    def stop(self) -> None:
        if hasattr(self, "_poller"):
            self._poller.stop()
        super().stop()

    # ---- sms.send
    def _send(self, args: SmsSend) -> dict:
        with self._sending:
            references = self.sent.get(args.id)
            if references is not None:
                log.info("%s: sms %s was sent before; not sent again", self.config.device, args.id)
                return body(SmsResult(id=args.id, state="sent", references=references, repeated=True))
            try:
                references = self.modem.send_sms(args.number, args.text)
            except (ModemError, ValueError) as exc:  # the modem's error, an unplugged port, a text too long
                if self.modem.health.state == "disconnected":
                    exc = ModemError(f"modem unplugged: {exc}")
                log.warning("%s: sms %s to %s failed: %s", self.config.device, args.id, mask_phone(args.number), exc)
                return body(SmsResult(id=args.id, state="failed", error=str(exc)[:300] or type(exc).__name__))
            self.sent.add(args.id, references)
            return body(SmsResult(id=args.id, state="sent", references=references))

    # ---- health
    def extra_parts(self) -> dict[str, Part]:
        network = getattr(self, "_network", None)
        return {"network": network} if network is not None else {}

    def _poll(self) -> None:
        while not self._poller.stopping.wait(0 if self._network is None else self.NETWORK_POLL_S):
            try:
                self._network = network_part(self.modem.network())
            except ModemError:  # unplugged or silent: the `modem` part says so; nothing is known of the network
                self._network = None
                if self._poller.stopping.wait(1.0):
                    return
            except Exception:
                log.exception("%s: asking the modem about the network failed", self.config.device)


def network_part(network: Network) -> Part:
    if not network.sim_ready:
        return Part(status="fault", detail=f"SIM not ready: {network.sim}"[:200])
    if not network.registered:
        return Part(status="fault", detail="not registered on the network")
    if network.signal == 99 or network.signal < WEAK_SIGNAL:
        return Part(status="warning", detail=f"weak or no signal (CSQ {network.signal})")
    return Part(status="ok", detail=f"SIM ready, signal {network.signal}/31")
