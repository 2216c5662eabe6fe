"""Staff passwords: argon2 hashes set by an admin, a forced change at first sign-in, the rules a new one must meet."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete

from queue_service.auth.tables import StaffPassword, StaffSession
from queue_service.errors import DomainError, kind
from queue_service.store import Database

MIN_LENGTH = 8
TOO_SHORT = kind("password_too_short", 422, "Mật khẩu phải có ít nhất {min} ký tự",
                 "The password must have at least {min} characters")
UNCHANGED = kind("password_unchanged", 422, "Mật khẩu mới phải khác mật khẩu cũ",
                 "The new password must differ from the old one")
WRONG_CURRENT = kind("wrong_current_password", 403, "Mật khẩu hiện tại không đúng", "The current password is wrong")

_hasher = PasswordHasher()  # argon2id with the library's defaults (RFC 9106's second recommended choice)


@dataclass(frozen=True)
class Verified:
    must_change: bool


def check_rule(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise DomainError(TOO_SHORT, min=MIN_LENGTH)


def set_password(db: Database, centre_id: str, staff_id: str, password: str, now: dt.datetime, *,
                 must_change: bool = True) -> None:
    """An admin sets or resets a password; every session of that staff member ends with it."""
    check_rule(password)
    with db.write() as session:
        row = session.get(StaffPassword, (centre_id, staff_id))
        if row is None:
            row = StaffPassword(centre_id=centre_id, staff_id=staff_id)
            session.add(row)
        row.password_hash, row.must_change, row.updated_at = _hasher.hash(password), must_change, now
        session.execute(delete(StaffSession).where(StaffSession.centre_id == centre_id, StaffSession.staff_id == staff_id))


def verify_password(db: Database, centre_id: str, staff_id: str, password: str) -> Verified | None:
    """None for a wrong password or a staff member without one (after as long a check, so timing tells nothing)."""
    with db.read() as session:
        row = session.get(StaffPassword, (centre_id, staff_id))
    if row is None:
        _matches(_dummy_hash(), password)
        return None
    if not _matches(row.password_hash, password):
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        with db.write() as session:
            session.get(StaffPassword, (centre_id, staff_id)).password_hash = _hasher.hash(password)
    return Verified(must_change=row.must_change)


def change_password(db: Database, centre_id: str, staff_id: str, current: str, new: str, now: dt.datetime) -> None:
    """The staff member's own change: the current password, then a new one that differs and meets the rule."""
    if verify_password(db, centre_id, staff_id, current) is None:
        raise DomainError(WRONG_CURRENT)
    if new == current:
        raise DomainError(UNCHANGED)
    check_rule(new)
    with db.write() as session:
        row = session.get(StaffPassword, (centre_id, staff_id))
        row.password_hash, row.must_change, row.updated_at = _hasher.hash(new), False, now


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash("no such staff member")
