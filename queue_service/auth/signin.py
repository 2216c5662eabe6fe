"""Signing in: the password checked, attempts limited per staff id and per client address, every attempt logged
(who, when, from where, the outcome; never a password)."""

from __future__ import annotations

import datetime as dt
import logging
import math

from sqlalchemy import func, select

from queue_service.auth.passwords import Verified, verify_password
from queue_service.auth.tables import SignInAttempt
from queue_service.config import CentreConfig
from queue_service.errors import DomainError, kind
from queue_service.store import Database

log = logging.getLogger(__name__)

STAFF_FAILURES = 5  # wrong passwords for one staff id within LOCKOUT lock that id
ADDRESS_FAILURES = 20  # a whole office may sit behind one address, so it gets more before it is locked
LOCKOUT = dt.timedelta(minutes=5)

FAILED = kind("sign_in_failed", 401, "Tên đăng nhập hoặc mật khẩu không đúng", "Wrong staff id or password")
LOCKED = kind("sign_in_locked", 429,
              "Đăng nhập sai quá nhiều lần. Tạm khóa đăng nhập, vui lòng thử lại sau {minutes} phút.",
              "Too many failed sign-ins. Signing in is locked: please try again in {minutes} min.")


def sign_in(db: Database, centre: CentreConfig, staff_id: str, password: str, address: str, now: dt.datetime) -> Verified:
    """Verified, or a DomainError saying the id or password is wrong, or how long signing in stays locked.
    Only staff of the centre file sign in: a password left in the store for someone removed from it no longer works."""
    centre_id, staff_id, address = centre.centre.id, staff_id.strip()[:64], (address or "unknown")[:64]
    locked_until = _locked_until(db, centre_id, staff_id, address, now)
    if locked_until is not None:
        _record(db, centre_id, staff_id, address, now, "locked")
        raise DomainError(LOCKED, minutes=max(1, math.ceil((locked_until - now).total_seconds() / 60)))
    verified = verify_password(db, centre_id, staff_id, password)
    if centre.staff_member(staff_id) is None:
        verified = None
    _record(db, centre_id, staff_id, address, now, "failed" if verified is None else "ok")
    if verified is None:
        raise DomainError(FAILED)
    return verified


def _locked_until(db: Database, centre_id: str, staff_id: str, address: str, now: dt.datetime) -> dt.datetime | None:
    """When the lock lifts: once the Nth most recent failure (since the last success, for a staff id) is LOCKOUT old."""
    with db.read() as session:
        last_ok = session.scalar(select(func.max(SignInAttempt.at)).where(
            SignInAttempt.centre_id == centre_id, SignInAttempt.staff_id == staff_id, SignInAttempt.outcome == "ok"))
        since = max(now - LOCKOUT, last_ok) if last_ok is not None else now - LOCKOUT
        failures = SignInAttempt.outcome == "failed"
        by_staff = select(SignInAttempt.at).where(failures, SignInAttempt.centre_id == centre_id,
                                                  SignInAttempt.staff_id == staff_id, SignInAttempt.at > since)
        by_address = select(SignInAttempt.at).where(failures, SignInAttempt.address == address,
                                                    SignInAttempt.at > now - LOCKOUT)
        ends = [_nth_latest(session, by_staff, STAFF_FAILURES), _nth_latest(session, by_address, ADDRESS_FAILURES)]
    ends = [at + LOCKOUT for at in ends if at is not None]
    return max(ends) if ends else None


def _nth_latest(session, query, n: int) -> dt.datetime | None:
    return session.scalar(query.order_by(SignInAttempt.at.desc()).offset(n - 1).limit(1))


def _record(db: Database, centre_id: str, staff_id: str, address: str, now: dt.datetime, outcome: str) -> None:
    with db.write() as session:
        session.add(SignInAttempt(centre_id=centre_id, staff_id=staff_id, address=address, at=now, outcome=outcome))
    log.info("sign-in %s: staff %s of %s from %s", outcome, staff_id, centre_id, address)
