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
