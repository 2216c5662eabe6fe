"""Fixtures for queue tests: the sample centre, a manual clock and an engine over the `db` fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from queue_service.config import load_centre
from queue_service.context import ServiceContext
from queue_service.queue.engine import QueueEngine
from queue_service.queue.recorder import Actor
from queue_service.settings import Settings
from tests.support.clock import ManualClock, local

DEMO = Path(__file__).resolve().parents[2] / "examples" / "centre-demo.yaml"
CENTRE = "hcc-demo"
CLERK = Actor("nv01")


@pytest.fixture(scope="session")
def demo_centre():
    return load_centre(DEMO)


@pytest.fixture
def clock():
    return ManualClock(local(2026, 11, 23, 8, 0))  # a Monday, 08:00 in Hà Nội time


def make_context(db, centre, clock, **settings) -> ServiceContext:
    settings = Settings(database_url=str(db.url.render_as_string(hide_password=False)), centre_files=[DEMO], **settings)
    return ServiceContext(settings=settings, db=db, centres={centre.centre.id: centre}, clock=clock)


@pytest.fixture
def engine(db, demo_centre, clock):
    return QueueEngine(make_context(db, demo_centre, clock))
