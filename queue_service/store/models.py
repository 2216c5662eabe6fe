"""Imports every table module so the metadata Alembic compares against is complete."""

from queue_service.store.base import Base

# Each domain registers its tables on Base when imported; add new table modules here.
import queue_service.queue.tables  # noqa: E402,F401
import queue_service.auth.tables  # noqa: E402,F401
import queue_service.devices.tables  # noqa: E402,F401
import queue_service.dossiers.tables  # noqa: E402,F401
import queue_service.calendar.tables  # noqa: E402,F401
import queue_service.ratings.tables  # noqa: E402,F401
import queue_service.bookings.tables  # noqa: E402,F401
import queue_service.sms.tables  # noqa: E402,F401
import queue_service.alerts.tables  # noqa: E402,F401

metadata = Base.metadata
