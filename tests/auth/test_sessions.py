"""Sessions and the sign-in rule on the store itself, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_service.auth import sessions, signin
from queue_service.auth.passwords import set_password
from queue_service.auth.roles import Role
from queue_service.config import load_centre
from queue_service.errors import DomainError

NOW = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.timezone.utc)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def centre():
    return load_centre("examples/centre-demo.yaml")


def test_a_session_lives_until_it_expires_or_ends(db, centre):
    centres = {centre.centre.id: centre}
    secret = sessions.open_session(db, "hcc-demo", "nv01", True, NOW, HOUR)
    found = sessions.find_session(db, centres, secret, NOW)
    assert found.role is Role.clerk and found.name == "Nguyễn Văn An" and found.counter is None
    assert secret not in found.key
    with pytest.raises(DomainError) as first:
        found.principal()  # the password must be changed before the session acts for anything
    assert first.value.kind.code == "password_change_required"
    found = sessions.update_session(db, found, must_change=False, counter=3)
    principal = sessions.find_session(db, centres, secret, NOW).principal()
    assert (principal.role, principal.centre, principal.counter, principal.staff_id) == (Role.clerk, "hcc-demo", 3, "nv01")
    assert sessions.find_session(db, centres, secret, NOW + HOUR) is None
    assert sessions.find_session(db, centres, secret + "x", NOW) is None
    sessions.close_session(db, found)
    assert sessions.find_session(db, centres, secret, NOW) is None

    again = sessions.open_session(db, "hcc-demo", "nv01", False, NOW, HOUR)
    set_password(db, "hcc-demo", "nv01", "dat-lai-mat-khau", NOW)  # a reset signs them out everywhere
    assert sessions.find_session(db, centres, again, NOW) is None


def test_failures_since_the_last_success_lock_a_staff_id(db, centre):
    set_password(db, "hcc-demo", "nv02", "dung-mat-khau", NOW, must_change=False)

    def attempt(password, at):
        return signin.sign_in(db, centre, "nv02", password, "10.0.0.7", at)

    for minute in range(signin.STAFF_FAILURES - 1):
        with pytest.raises(DomainError, match="sign_in_failed"):
            attempt("sai", NOW + dt.timedelta(minutes=minute / 10))
    assert attempt("dung-mat-khau", NOW + dt.timedelta(minutes=1)).must_change is False  # the count starts again
    for n in range(signin.STAFF_FAILURES):
        with pytest.raises(DomainError, match="sign_in_failed"):
            attempt("sai", NOW + dt.timedelta(minutes=2, seconds=n))
    with pytest.raises(DomainError) as locked:
        attempt("dung-mat-khau", NOW + dt.timedelta(minutes=4))
    assert locked.value.kind.code == "sign_in_locked" and locked.value.details["minutes"] == 3  # locked until 2:00 + 5 min
    assert attempt("dung-mat-khau", NOW + dt.timedelta(minutes=7, seconds=1))  # five minutes after the fifth failure from last
    with pytest.raises(DomainError, match="sign_in_failed"):
        signin.sign_in(db, centre, "nv99", "dung-mat-khau", "10.0.0.7", NOW)  # not in the centre file
