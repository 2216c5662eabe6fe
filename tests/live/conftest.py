"""The queue fixtures (sample centre, manual clock, an engine over SQLite and PostgreSQL) for the live feed's tests."""

from tests.queue.conftest import clock, demo_centre, engine  # noqa: F401
