"""Fixtures of the bridge tests: a real Mosquitto, a store with provisioned devices, the app with the bridge on."""

from __future__ import annotations

import pytest

from tests.support.broker import TestBroker, require_mosquitto
from tests.support.service import CENTRE, Centre, centre_store  # noqa: F401 (Centre: tests import it from here)


@pytest.fixture
def broker_kind() -> str:
    """Mosquitto, unless a test module parametrizes `broker_kind` over BROKER_KINDS (the embedded broker too)."""
    return "mosquitto"


@pytest.fixture
def broker(tmp_path, broker_kind):
    require_mosquitto(broker_kind)
    running = TestBroker(tmp_path / "broker", centre=CENTRE, kind=broker_kind).start()
    yield running
    running.stop()


@pytest.fixture
def centre(broker, tmp_path):
    with centre_store(broker, tmp_path) as store:
        yield store
