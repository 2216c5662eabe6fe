"""Fixtures of the MQTT tests: a real Mosquitto with the project configuration per test."""

from __future__ import annotations

import pytest

from tests.support.broker import TestBroker, require_mosquitto


@pytest.fixture
def broker(tmp_path):
    require_mosquitto()
    running = TestBroker(tmp_path / "broker", centre="test").start()
    yield running
    running.stop()
