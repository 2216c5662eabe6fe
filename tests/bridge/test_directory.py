"""The bridge's device directory: a clerk's call never waits on the store, and a revoked device is still refused."""

from __future__ import annotations

import asyncio

import pytest

from queue_service.bridge.directory import CACHE_S, DeviceDirectory
from queue_service.devices.registry import DeviceRegistry
from queue_service.store import Database

CENTRE = "hcc-demo"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingRegistry(DeviceRegistry):
    """The real registry on a real store, counting its reads."""

    reads = 0

    def get(self, device_id):
        self.reads += 1
        return super().get(device_id)

    def rating_devices(self, counter):
        self.reads += 1
        return super().rating_devices(counter)


@pytest.fixture
def registry(sqlite_url):
    db = Database(sqlite_url).start()
    db.upgrade()
    registry = CountingRegistry(db, CENTRE)
    registry.add("rating_tablet", "tablet-01", counter=1)
    yield registry
    db.stop()


async def _settle() -> None:
    for _ in range(50):  # the background refresh runs in a worker thread
        await asyncio.sleep(0.01)


def test_answers_come_from_memory_and_stale_ones_are_refreshed_behind_the_call(registry):
    clock = Clock()
    directory = DeviceDirectory(registry, clock)

    async def scenario():
        assert await directory.rating_devices(1) == ["tablet-01"]
        assert await directory.rating_devices(1) == ["tablet-01"]
        assert registry.reads == 1, "a second call within CACHE_S reads nothing"
        registry.add("rating_tablet", "tablet-01b", counter=1)
        clock.now += CACHE_S + 1
        assert await directory.rating_devices(1) == ["tablet-01"], "a stale answer is given at once, not awaited"
        await _settle()
        assert registry.reads == 2
        assert sorted(await directory.rating_devices(1)) == ["tablet-01", "tablet-01b"]

    asyncio.run(scenario())


def test_a_revoked_device_is_refused_once_its_entry_is_refreshed(registry):
    clock = Clock()
    directory = DeviceDirectory(registry, clock)

    async def scenario():
        assert (await directory.get("tablet-01")).kind == "rating_tablet"
        assert await directory.get("nobody") is None
        registry.revoke("tablet-01")
        clock.now += CACHE_S + 1
        await directory.get("tablet-01")  # starts the refresh
        await _settle()
        assert await directory.get("tablet-01") is None

    asyncio.run(scenario())


def test_a_store_failure_in_a_background_refresh_keeps_the_last_answer(registry, caplog):
    clock = Clock()
    directory = DeviceDirectory(registry, clock)

    async def scenario():
        assert await directory.rating_devices(1) == ["tablet-01"]
        registry.db.stop()  # the store goes away
        clock.now += CACHE_S + 1
        assert await directory.rating_devices(1) == ["tablet-01"]
        await _settle()
        assert await directory.rating_devices(1) == ["tablet-01"]

    asyncio.run(scenario())
    assert "using the last answer" in caplog.text
