"""Browser sessions of signed-in staff: a random secret in a cookie, its hash in the store, an expiry, a CSRF token
and the counter the clerk sits at. A session is another way to a Principal, so the API's role checks apply as they are;
it is never accepted as a bearer token (verify_token knows only `mct_` tokens)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, replace

from sqlalchemy import delete

from queue_service.auth import csrf
from queue_service.auth.roles import Principal, Role
from queue_service.auth.tables import StaffSession
from queue_service.config import CentreConfig
from queue_service.errors import UNAUTHENTICATED, DomainError, kind
from queue_service.store import Database

COOKIE = "motcua_session"
PASSWORD_CHANGE_FIRST = kind("password_change_required", 403, "Vui lòng đổi mật khẩu trước khi làm việc",
                             "Please change your password before you start")


@dataclass(frozen=True)
class SignedIn:
    """One live session as the pages and the API see it."""

    key: str  # hash of the cookie's secret: the row's id, safe to log
    centre: CentreConfig
    staff_id: str
    role: Role
    csrf_token: str
    must_change: bool
    counter: int | None
    expires_at: dt.datetime

    @property
    def name(self) -> str:
        return self.centre.staff_member(self.staff_id).name

    def principal(self) -> Principal:
        if self.must_change:
            raise DomainError(PASSWORD_CHANGE_FIRST)
        return Principal(token_id=f"session:{self.key[:12]}", role=self.role, centre=self.centre.centre.id,
                         counter=self.counter, staff_id=self.staff_id)


def _key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def open_session(db: Database, centre_id: str, staff_id: str, must_change: bool, now: dt.datetime,
                 lifetime: dt.timedelta) -> str:
    """Store a new session and return the cookie's secret, which is never stored."""
    secret = secrets.token_urlsafe(32)
    with db.write() as session:
        session.execute(delete(StaffSession).where(StaffSession.expires_at < now))  # the expired ones go here
        session.add(StaffSession(secret_hash=_key(secret), centre_id=centre_id, staff_id=staff_id,
                                 csrf_token=csrf.new_token(), must_change=must_change, counter=None,
                                 created_at=now, expires_at=now + lifetime))
    return secret


def find_session(db: Database, centres: dict[str, CentreConfig], secret: str | None, now: dt.datetime) -> SignedIn | None:
    """The live session of this cookie; None when absent, expired, or its staff member left the centre file."""
    if not secret:
        return None
    with db.read() as session:
        row = session.get(StaffSession, _key(secret))
    if row is None or row.expires_at <= now or row.centre_id not in centres:
        return None
    centre = centres[row.centre_id]
    staff = centre.staff_member(row.staff_id)
    if staff is None:
        return None
    return SignedIn(key=row.secret_hash, centre=centre, staff_id=row.staff_id, role=Role(staff.role),
                    csrf_token=row.csrf_token, must_change=row.must_change, counter=row.counter,
                    expires_at=row.expires_at)


def update_session(db: Database, signed_in: SignedIn, **changes) -> SignedIn:
    """Store a changed counter or must_change flag of a live session."""
    with db.write() as session:
        row = session.get(StaffSession, signed_in.key)
        if row is None:
            raise DomainError(UNAUTHENTICATED)
        for name, value in changes.items():
            setattr(row, name, value)
    return replace(signed_in, **changes)


def close_session(db: Database, signed_in: SignedIn) -> None:
    with db.write() as session:
        session.execute(delete(StaffSession).where(StaffSession.secret_hash == signed_in.key))


def api_principal(db: Database, centres: dict[str, CentreConfig], secret: str | None, method: str,
                  csrf_header: str | None, now: dt.datetime) -> Principal:
    """The principal of an API request that carries the session cookie and no token; a POST needs the CSRF header."""
    signed_in = find_session(db, centres, secret, now)
    if signed_in is None:
        raise DomainError(UNAUTHENTICATED)
    if method not in csrf.SAFE_METHODS:
        csrf.check(signed_in.csrf_token, csrf_header)
    return signed_in.principal()
