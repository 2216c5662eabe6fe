"""Throwaway PostgreSQL databases on the local server for tests (created and dropped per use)."""

from __future__ import annotations

import contextlib
import os
import uuid
from typing import Iterator

import psycopg
import pytest

ADMIN_URL = os.environ.get("MOTCUA_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin_connect():
    try:
        return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            raise  # CI installs and starts PostgreSQL: its absence is a failure, not a skip
        pytest.skip(f"no PostgreSQL at {ADMIN_URL}: {exc}")


@contextlib.contextmanager
def throwaway_database() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh, empty database; drop it afterwards."""
    name = f"motcua_test_{uuid.uuid4().hex[:12]}"
    with _admin_connect() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield base.replace("postgresql://", "postgresql+psycopg://", 1) + "/" + name
    finally:
        with _admin_connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
