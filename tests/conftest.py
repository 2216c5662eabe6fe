"""Fixtures shared by the whole suite: throwaway databases on real SQLite and real PostgreSQL."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from queue_service.store import Database  # noqa: E402
from tests.support.postgres import throwaway_database  # noqa: E402


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'motcua.db'}"


@pytest.fixture
def pg_url():
    with throwaway_database() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A migrated, empty store, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'motcua.db'}"
    else:
        with throwaway_database() as url:
            yield url


@pytest.fixture
def db(db_url):
    database = Database(db_url).start()
    database.upgrade()
    yield database
    database.stop()
