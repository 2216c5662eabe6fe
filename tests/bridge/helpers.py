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
