"""Fixtures of the audit tests: the scripted day of the report tests (queue and dossiers), and the bridge's broker."""

from tests.bridge.conftest import broker, broker_kind, centre  # noqa: F401 (fixtures)
from tests.queue.conftest import clock, demo_centre  # noqa: F401 (fixtures)
from tests.reports.conftest import app_over, played  # noqa: F401 (fixtures)
