"""Fixtures for booking tests: the sample centre (HT bookable: 30-minute slots of 4), a manual clock, an engine."""

from __future__ import annotations

import pytest

from queue_service.queue.engine import QueueEngine
from tests.queue.conftest import CENTRE, DEMO, clock, demo_centre, make_context  # noqa: F401  (fixtures)

__all__ = ["CENTRE", "DEMO"]


@pytest.fixture
def context(db, demo_centre, clock):
    return make_context(db, demo_centre, clock)


@pytest.fixture
def engine(context):
    return QueueEngine(context)
