"""Helpers of the MQTT tests: a minimal service-side responder and waiting on conditions."""

from __future__ import annotations

import datetime as dt
import time

from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from wire.codec import encode, new_id
from wire.messages import Command


def wait_for(condition, timeout: float = 10.0, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def command(name: str, args: dict | None = None, *, ttl_s: float = 30, command_id: str | None = None) -> Command:
    expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=ttl_s)
    return Command(id=command_id or new_id(), name=name, expires_at=expires, args=args or {})


class Responder:
    """What the service bridge does for requests: answer on the v5 ResponseTopic with the CorrelationData."""

    def __init__(self, broker, answer) -> None:
        self.answer = answer
        self.requests = []
        self.probe = broker.probe(subscribe=[broker.layout.topics.all_requests()])
        self.probe.client.on_message = self._on_message

    def _on_message(self, client, _userdata, msg) -> None:
        self.requests.append(msg)
        payload = self.answer(msg)
        if payload is None:
            return
        props = Properties(PacketTypes.PUBLISH)
        props.CorrelationData = msg.properties.CorrelationData
        client.publish(msg.properties.ResponseTopic, payload if isinstance(payload, bytes) else encode(payload),
                       qos=1, properties=props)

    def stop(self) -> None:
        self.probe.stop()
