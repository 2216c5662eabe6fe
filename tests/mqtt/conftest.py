"""Fixtures of the MQTT tests: a real Mosquitto with the project configuration per test."""

from __future__ import annotations

import pytest

from tests.support.broker import TestBroker, require_mosquitto


@pytest.fixture
def broker_kind() -> str:
    """Mosquitto, unless a test module parametrizes `broker_kind` over BROKER_KINDS (the embedded broker too)."""
    return "mosquitto"


@pytest.fixture
def broker(tmp_path, broker_kind):
    require_mosquitto(broker_kind)
    running = TestBroker(tmp_path / "broker", centre="test", kind=broker_kind).start()
    yield running
    running.stop()
