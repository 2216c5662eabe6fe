"""Staff passwords in the store (SQLite and PostgreSQL), and `motcua staff password` through its real entry point."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from queue_service.auth import passwords
from queue_service.auth.tables import StaffPassword
from queue_service.errors import DomainError
from queue_service.store import Database

NOW = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.timezone.utc)
DEMO = "examples/centre-demo.yaml"


def test_set_verify_and_forced_change(db):
    passwords.set_password(db, "hcc-demo", "nv01", "tam-thoi-123", NOW)
    with db.read() as session:
        row = session.get(StaffPassword, ("hcc-demo", "nv01"))
    assert row.password_hash.startswith("$argon2id$") and "tam-thoi-123" not in row.password_hash
    assert passwords.verify_password(db, "hcc-demo", "nv01", "tam-thoi-123") == passwords.Verified(must_change=True)
    assert passwords.verify_password(db, "hcc-demo", "nv01", "tam-thoi-124") is None
    assert passwords.verify_password(db, "hcc-demo", "nv02", "tam-thoi-123") is None  # no password set
    assert passwords.verify_password(db, "other-centre", "nv01", "tam-thoi-123") is None

    for current, new, code in [("sai-mat-khau", "moi-dai-hon-8", "wrong_current_password"),
                               ("tam-thoi-123", "tam-thoi-123", "password_unchanged"),
                               ("tam-thoi-123", "ngan", "password_too_short")]:
        with pytest.raises(DomainError) as refused:
            passwords.change_password(db, "hcc-demo", "nv01", current, new, NOW)
        assert refused.value.kind.code == code
    passwords.change_password(db, "hcc-demo", "nv01", "tam-thoi-123", "mat-khau-rieng", NOW)
    assert passwords.verify_password(db, "hcc-demo", "nv01", "mat-khau-rieng") == passwords.Verified(must_change=False)
    assert passwords.verify_password(db, "hcc-demo", "nv01", "tam-thoi-123") is None


def test_an_admin_password_meets_the_length_rule(db):
    with pytest.raises(DomainError) as refused:
        passwords.set_password(db, "hcc-demo", "nv01", "1234567", NOW)
    assert refused.value.kind.code == "password_too_short" and "8" in refused.value.message_vi


def _motcua(*args, stdin: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MOTCUA_DATABASE_URL": url, "MOTCUA_CENTRE_FILES": f'["{DEMO}"]'}
    return subprocess.run([sys.executable, "-m", "motcua", *args], input=stdin, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_cli_sets_a_password_from_stdin(db_url):
    done = _motcua("staff", "password", "nv02", "--stdin", stdin="bat-dau-8h00\n", url=db_url)
    assert done.returncode == 0, done.stderr
    assert "nv02" in done.stdout and "bat-dau-8h00" not in done.stdout + done.stderr
    db = Database(db_url).start()
    try:
        assert passwords.verify_password(db, "hcc-demo", "nv02", "bat-dau-8h00") == passwords.Verified(must_change=True)
    finally:
        db.stop()

    unknown = _motcua("staff", "password", "nv99", "--stdin", stdin="bat-dau-8h00\n", url=db_url)
    assert unknown.returncode == 2 and "nv99" in unknown.stderr
    short = _motcua("staff", "password", "nv02", "--stdin", stdin="ngan\n", url=db_url)
    assert short.returncode == 2 and "at least 8" in short.stderr and "ít nhất 8" in short.stderr
    db = Database(db_url).start()
    try:
        with db.read() as session:
            assert session.scalars(select(StaffPassword.staff_id)).all() == ["nv02"]
    finally:
        db.stop()
