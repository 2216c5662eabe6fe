"""Storage: one SQLAlchemy metadata, one Database handle, Alembic migrations (SQLite by default, PostgreSQL by URL)."""

from queue_service.store.base import Base, UTCDateTime
from queue_service.store.database import Database

__all__ = ["Base", "Database", "UTCDateTime"]
