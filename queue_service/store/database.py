"""The Database handle: engine, sessions and write transactions that serialise correctly on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


class Database:
    """Built in main() or the app factory and passed down; no connection is opened until start()."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        # SQLite lets one writer in at a time and makes the others poll with growing sleeps (busy_timeout),
        # which turns a queue of 16 writers into 100 ms stalls; queueing them on a lock in-process is fair and fast.
        self._sqlite_writer = threading.Lock()

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def start(self) -> "Database":
        if self.engine is not None:
            return self
        if self.is_sqlite:
            if self.url.database and self.url.database != ":memory:":
                Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(self.url, connect_args={"timeout": 30})
            _sqlite_setup(engine)
        else:
            engine = create_engine(self.url, pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        return self

    def stop(self) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
            self._sessions = None

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that will write: on SQLite it takes the write lock at BEGIN (BEGIN IMMEDIATE),
        so two writers queue on busy_timeout instead of one failing on lock upgrade."""
        if not self.is_sqlite:
            with self._session({"motcua_write": True}) as session:
                yield session
            return
        with self._sqlite_writer, self._session({"motcua_write": True}) as session:
            yield session

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._session({}) as session:
            yield session

    @contextlib.contextmanager
    def _session(self, options: dict) -> Iterator[Session]:
        if self._sessions is None:
            raise RuntimeError("Database.start() was not called")
        session = self._sessions()
        try:
            session.connection(execution_options=options)
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def upgrade(self) -> None:
        """Bring the schema to the newest revision of every migration branch."""
        from alembic import command

        self.start()
        with self.engine.begin() as connection:
            config = alembic_config(str(self.url.render_as_string(hide_password=False)))
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")


def alembic_config(url: str):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _sqlite_setup(engine: Engine) -> None:
    # pysqlite's own transaction handling is switched off so BEGIN is ours to emit (SQLAlchemy docs,
    # "Serializable isolation / Savepoints / Transactional DDL" for pysqlite).
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = "IMMEDIATE" if connection.get_execution_options().get("motcua_write") else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")
