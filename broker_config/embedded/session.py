"""One client id's session in the demo broker (a real centre runs Mosquitto): subscriptions, QoS 1 messages in
flight and queued, kept while the client is away for its session expiry interval (in memory only)."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

import mqtt5

from broker_config.embedded.messages import Message
from broker_config.embedded.topics import FilterSpec

log = logging.getLogger(__name__)


class Link(Protocol):
    """What a session needs from the network connection it is attached to."""

    def send_publish(self, packet: mqtt5.PublishPacket) -> bool: ...


@dataclass
class Subscription:
    spec: FilterSpec
    qos: int
    no_local: bool = False
    retain_as_published: bool = False
    retain_handling: int = 0
    subscription_id: int | None = None


@dataclass
class Delivery:
    """One message on its way to this session, at the QoS and retain flag it is sent with."""

    message: Message
    qos: int
    retain: bool
    subscription_ids: list[int] = field(default_factory=list)


class Session:
    def __init__(self, client_id: str, username: str | None, max_inflight: int, max_queued: int) -> None:
        self.client_id, self.username = client_id, username
        self.subscriptions: dict[str, Subscription] = {}
        self.link: Link | None = None
        self.expiry_s = 0
        self.max_inflight, self.max_queued = max_inflight, max_queued
        self.send_quota = max_inflight  # min(ours, the client's receive maximum), set on each connect
        self.inflight: dict[int, Delivery] = {}
        self.queue: deque[Delivery] = deque()
        self.expiry_handle: asyncio.TimerHandle | None = None
        self.will_handle: asyncio.TimerHandle | None = None
        self._next_id = 0

    def deliver(self, delivery: Delivery) -> None:
        if delivery.qos == 0:
            # Like Mosquitto (queue_qos0_messages false), QoS 0 reaches only a connected client.
            if self.link is not None and (packet := delivery.message.packet(
                    qos=0, retain=delivery.retain, subscription_ids=delivery.subscription_ids)) is not None:
                self.link.send_publish(packet)
            return
        if self.link is not None and not self.queue and len(self.inflight) < self.send_quota:
            self._send(delivery)
        elif not self.max_queued or len(self.queue) < self.max_queued:  # 0: no limit, as in Mosquitto
            self.queue.append(delivery)
        else:
            log.warning("Outgoing messages are being dropped for client %s (max_queued_messages %d).",
                        self.client_id, self.max_queued)

    def acknowledged(self, packet_id: int) -> bool:
        found = self.inflight.pop(packet_id, None) is not None
        self.pump()
        return found

    def resume(self) -> None:
        """After a reconnect to this session: resend what was in flight (DUP set), then send what queued up."""
        for packet_id, delivery in list(self.inflight.items()):
            packet = delivery.message.packet(qos=1, retain=delivery.retain, packet_id=packet_id,
                                             subscription_ids=delivery.subscription_ids, duplicate=True)
            if packet is None or not self.link.send_publish(packet):
                del self.inflight[packet_id]
        self.pump()

    def pump(self) -> None:
        while self.link is not None and self.queue and len(self.inflight) < self.send_quota:
            self._send(self.queue.popleft())

    def clear(self) -> None:
        self.subscriptions.clear()
        self.inflight.clear()
        self.queue.clear()
        for handle in (self.expiry_handle, self.will_handle):
            if handle is not None:
                handle.cancel()
        self.expiry_handle = self.will_handle = None

    def _send(self, delivery: Delivery) -> None:
        packet_id = self._packet_id()
        packet = delivery.message.packet(qos=1, retain=delivery.retain, packet_id=packet_id,
                                         subscription_ids=delivery.subscription_ids)
        if packet is not None and self.link.send_publish(packet):  # expired while queued, or too big: dropped
            self.inflight[packet_id] = delivery

    def _packet_id(self) -> int:
        for _ in range(65535):
            self._next_id = self._next_id % 65535 + 1
            if self._next_id not in self.inflight:
                return self._next_id
        raise RuntimeError("no free packet id")  # cannot happen: in flight is bounded by the send quota
