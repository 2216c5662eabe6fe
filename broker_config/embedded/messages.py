"""An application message inside the demo broker (a real centre runs Mosquitto): what a PUBLISH or a will carried,
kept with its expiry so every copy sent on says how long it has left (MQTT 3.3.2.3.3)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import mqtt5


@dataclass
class Message:
    topic: str
    payload: bytes
    qos: int
    retain: bool
    sender: str | None = None  # client id of the publisher, for no-local subscriptions
    expires_at: float | None = None  # time.monotonic(); None never expires
    payload_format_indicator: int = 0
    content_type: str | None = None
    response_topic: str | None = None
    correlation_data: bytes | None = None
    user_properties: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_publish(cls, packet: mqtt5.PublishPacket, topic: str, sender: str) -> "Message":
        return cls(topic, bytes(packet.payload), int(packet.qos), packet.retain, sender,
                   _expiry(packet.message_expiry_interval), packet.payload_format_indicator, packet.content_type,
                   packet.response_topic, packet.correlation_data, list(packet.user_properties))

    @classmethod
    def from_will(cls, will: mqtt5.Will, sender: str) -> "Message":
        return cls(will.topic, bytes(will.payload or b""), int(will.qos), will.retain, sender,
                   _expiry(will.message_expiry_interval), will.payload_format_indicator, will.content_type,
                   will.response_topic, will.correlation_data, list(will.user_properties))

    def expired(self, now: float | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (time.monotonic() if now is None else now)

    def packet(self, *, qos: int, retain: bool, packet_id: int | None = None, subscription_ids: list[int] = (),
               duplicate: bool = False) -> mqtt5.PublishPacket | None:
        """The PUBLISH to send a subscriber, with the expiry interval it has left; None once it has expired."""
        left = None
        if self.expires_at is not None:
            remaining = self.expires_at - time.monotonic()
            if remaining <= 0:
                return None
            left = max(1, math.ceil(remaining))
        return mqtt5.PublishPacket(
            self.topic, self.payload, qos=mqtt5.QoS(qos), retain=retain, packet_id=packet_id if qos else None,
            duplicate=duplicate, payload_format_indicator=self.payload_format_indicator,
            message_expiry_interval=left, content_type=self.content_type, response_topic=self.response_topic,
            correlation_data=self.correlation_data, subscription_ids=list(subscription_ids),
            user_properties=self.user_properties,
        )


def _expiry(interval: int | None) -> float | None:
    # Like Mosquitto, an interval of 0 is treated as no expiry.
    return time.monotonic() + interval if interval else None
