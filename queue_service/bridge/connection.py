"""The bridge's one aiomqtt client: MQTT v5, TCP_NODELAY, retained last will, its own reconnect loop with backoff."""

from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import dataclass
from typing import Awaitable, Callable

import aiomqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from queue_service.devices.provisioning import Credentials
from wire.codec import encode
from wire.messages import Availability
from wire.topics import Topics

log = logging.getLogger(__name__)

# Kept by the broker while the service restarts, so events and acks sent meanwhile are delivered when it returns.
SESSION_EXPIRY_S = 3600
BACKOFF_MIN_S, BACKOFF_MAX_S = 0.5, 5.0


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    credentials: Credentials


class Connection:
    """Connects, subscribes, announces `ready`, then hands every message to `on_message`; reconnects forever.
    Quiet constructor: nothing happens before run()."""

    def __init__(self, endpoint: Endpoint, topics: Topics, filters: list[str],
                 on_message: Callable[[aiomqtt.Message], None],
                 on_connect: Callable[[], Awaitable[None]]) -> None:
        self.endpoint = endpoint
        self.topics = topics
        self.filters = filters
        self.on_message = on_message
        self.on_connect = on_connect
        self.connected = asyncio.Event()
        self.connects = 0
        self._client: aiomqtt.Client | None = None

    def _client_for(self) -> aiomqtt.Client:
        e = self.endpoint
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = SESSION_EXPIRY_S
        will = aiomqtt.Will(self.topics.service_availability(), encode(Availability(state="lost")), qos=1, retain=True)
        # The client id is forced to the username by the broker config; a second service needs its own credential.
        return aiomqtt.Client(
            e.host, e.port, username=e.credentials.username, password=e.credentials.password,
            identifier=e.credentials.username, protocol=aiomqtt.ProtocolVersion.V5, will=will, clean_start=False,
            properties=props, keepalive=30, timeout=10,
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
        )

    async def run(self) -> None:
        backoff = BACKOFF_MIN_S
        while True:
            try:
                async with self._client_for() as client:
                    self._client = client
                    # Subscriptions are made on every connect: a broker that lost its state must not leave us deaf.
                    for topic in self.filters:
                        await client.subscribe(topic, qos=1)
                    await self.publish(self.topics.service_availability(), encode(Availability(state="ready")), retain=True)
                    self.connects += 1
                    self.connected.set()
                    backoff = BACKOFF_MIN_S
                    log.info("bridge connected to %s:%s", self.endpoint.host, self.endpoint.port)
                    await self.on_connect()
                    async for message in client.messages:
                        self.on_message(message)
            except aiomqtt.MqttError as exc:
                log.warning("bridge: broker %s:%s unavailable (%s); retrying in %.1f s",
                            self.endpoint.host, self.endpoint.port, exc, backoff)
            finally:
                self._client = None
                self.connected.clear()
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX_S)

    async def publish(self, topic: str, payload: bytes, *, retain: bool = False, expiry_s: int | None = None,
                      correlation: bytes | None = None) -> bool:
        """QoS 1; False when not connected or the link broke (callers rely on republish/resend, never on this)."""
        client = self._client
        if client is None:
            return False
        props = None
        if expiry_s is not None or correlation is not None:
            props = Properties(PacketTypes.PUBLISH)
            if expiry_s is not None:
                props.MessageExpiryInterval = max(1, int(expiry_s))
            if correlation is not None:
                props.CorrelationData = correlation
        try:
            await client.publish(topic, payload, qos=1, retain=retain, properties=props, timeout=5)
            return True
        except aiomqtt.MqttError as exc:
            log.warning("bridge: could not publish on %s: %s", topic, exc)
            return False

    async def goodbye(self) -> None:
        """A clean stop: retained `disconnected` (a clean DISCONNECT suppresses the last will)."""
        await self.publish(self.topics.service_availability(), encode(Availability(state="disconnected")), retain=True)
