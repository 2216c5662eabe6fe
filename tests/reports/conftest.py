"""Fixtures of the report tests: the demo centre after the scripted day, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.queue.conftest import clock, demo_centre  # noqa: F401 (fixtures)
from tests.reports.scripted_day import play


@pytest.fixture
def played(db, demo_centre, clock):  # noqa: F811
    """The store after the scripted day (tests/reports/scripted_day.py)."""
    play(db, demo_centre, clock)
    return db


@pytest.fixture
def app_over(played, demo_centre, clock):  # noqa: F811
    """The service's app over the played store, its clock on the scripted Monday's evening."""
    from queue_service.api.app import create_app
    from tests.queue.conftest import make_context
    from tests.support.clock import local

    clock.set(local(2026, 11, 23, 18, 0))
    return create_app(make_context(played, demo_centre, clock))
