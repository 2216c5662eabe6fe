"""Fixtures of the agent tests: a real Mosquitto with the project's configuration and ACLs."""

from __future__ import annotations

import pytest

from tests.support.broker import TestBroker, require_mosquitto


@pytest.fixture
def broker(tmp_path):
    require_mosquitto()
    running = TestBroker(tmp_path / "broker", centre="hcc-demo").start()
    yield running
    running.stop()
