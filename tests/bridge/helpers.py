"""Small helpers of the bridge tests: waiting on conditions, decoding what a probe received."""

from __future__ import annotations

import time

from wire.codec import decode


def wait_for(condition, timeout: float = 10.0, step: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(step)
    return condition()


def expect(probe, topic: str, model, where=lambda m: True, timeout: float = 10.0):
    """The first message on `topic` decoding to `model` that satisfies `where`, or None."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        msg = probe.expect(topic, timeout=left)
        if msg is None:
            return None
        value = decode(model, msg.payload)
        if where(value):
            return value
    return None


def call_next(client, clerk: dict, counter: int) -> dict:
    client.post(f"/api/v1/centres/hcc-demo/counters/{counter}/open", headers=clerk).raise_for_status()
    response = client.post(f"/api/v1/centres/hcc-demo/counters/{counter}/next", headers=clerk)
    response.raise_for_status()
    return response.json()


def issue(client, headers: dict, field: str = "HT") -> dict:
    response = client.post("/api/v1/centres/hcc-demo/tickets", json={"field": field}, headers=headers)
    response.raise_for_status()
    return response.json()


class RawDevice:
    """A device driven by hand over a plain paho client (tests.support.broker.Probe): sends what a correct agent never
    would, or sends while the service is away and reads the reply later."""

    def __init__(self, centre, device: str) -> None:
        self.topics = centre.broker.layout.topics
        self.device = device
        self.probe = centre.broker.probe(device, subscribe=[self.topics.device_responses(device)])
        self.n = 0

    def send(self, verb: str, payload: bytes) -> bytes:
        """Publish a request; returns its correlation data, for `reply`."""
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        self.n += 1
        props = Properties(PacketTypes.PUBLISH)
        props.ResponseTopic = self.topics.response(self.device, verb)
        props.CorrelationData = f"c{self.n}".encode()
        self.probe.publish(self.topics.request(self.device, verb), payload, properties=props)
        return props.CorrelationData

    def reply(self, verb: str, correlation: bytes, timeout: float = 5.0):
        from wire.queue_messages import Reply

        while (msg := self.probe.expect(self.topics.response(self.device, verb), timeout)) is not None:
            if msg.properties.CorrelationData == correlation:
                return decode(Reply, msg.payload)
        return None

    def ask(self, verb: str, payload: bytes, timeout: float = 5.0):
        return self.reply(verb, self.send(verb, payload), timeout)

    def stop(self) -> None:
        self.probe.stop()


def announce(centre, probe, device: str, kind: str = "counter", capabilities: tuple[str, ...] = ("rating",)) -> None:
    """Publish a device's retained meta by hand (as a DeviceSession does on connect) and wait until the service's
    store has it (the bridge records it when it sees it; before, the device is not known to rate or print)."""
    from queue_service.devices.registry import DeviceRegistry
    from wire.codec import encode
    from wire.messages import Meta

    topics = centre.broker.layout.topics
    meta = Meta(kind=kind, software="test", capabilities=list(capabilities))
    assert probe.publish(topics.meta(device), encode(meta), retain=True) is not None
    registry = DeviceRegistry(centre.db, "hcc-demo")
    assert wait_for(lambda: registry.get(device).capabilities == list(capabilities)), f"meta of {device} recorded"
