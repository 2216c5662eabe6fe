"""Create, verify and revoke API tokens of the form `mct_<id>_<secret>`."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time

from queue_service.auth.roles import Principal, Role
from queue_service.auth.tables import ApiToken
from queue_service.errors import UNAUTHENTICATED, DomainError, kind
from queue_service.store import Database

PREFIX = "mct"
CLERK_NEEDS_COUNTER = kind(
    "clerk_needs_counter", 422, "Mã truy cập của cán bộ phải gắn với một quầy (--counter)",
    "A clerk token must be bound to a counter (--counter)",
)


def _hash(secret: str) -> str:
    # Secrets are 256-bit random values, so a plain SHA-256 is enough (no password stretching needed).
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(
    db: Database,
    role: Role,
    *,
    centre: str | None = None,
    counter: int | None = None,
    staff_id: str | None = None,
    label: str | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Store a new token and return its plaintext, which is never stored."""
    if role is Role.clerk and counter is None:
        raise DomainError(CLERK_NEEDS_COUNTER)
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    with db.write() as session:
        session.add(
            ApiToken(
                id=token_id, secret_hash=_hash(secret), role=role.value, centre_id=centre, counter=counter,
                staff_id=staff_id, label=label, created_at=now or dt.datetime.now(dt.timezone.utc),
            )
        )
    return f"{PREFIX}_{token_id}_{secret}"


def verify_token(db: Database, token: str) -> Principal:
    try:
        prefix, token_id, secret = token.split("_", 2)
    except ValueError:
        raise DomainError(UNAUTHENTICATED) from None
    if prefix != PREFIX:
        raise DomainError(UNAUTHENTICATED)
    with db.read() as session:
        row = session.get(ApiToken, token_id)
    if row is None or row.revoked_at is not None or not hmac.compare_digest(row.secret_hash, _hash(secret)):
        raise DomainError(UNAUTHENTICATED)
    return Principal(token_id=row.id, role=Role(row.role), centre=row.centre_id, counter=row.counter, staff_id=row.staff_id)


def revoke_token(db: Database, token_id: str, now: dt.datetime | None = None) -> bool:
    with db.write() as session:
        row = session.get(ApiToken, token_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = now or dt.datetime.now(dt.timezone.utc)
        return True


class TokenVerifier:
    """verify_token with a short memory: every request carries a token, and a store round trip per request
    costs more than the rest of issuing a ticket. A revoked token stops working within `ttl` seconds."""

    def __init__(self, db: Database, ttl: float = 30.0, clock=time.monotonic) -> None:
        self.db, self.ttl, self.clock = db, ttl, clock
        self._known: dict[str, tuple[Principal, float]] = {}

    def cached(self, token: str) -> Principal | None:
        """The principal if this token was verified less than `ttl` ago; no store access, so safe on the event loop."""
        known = self._known.get(_cache_key(token))
        return known[0] if known is not None and known[1] > self.clock() else None

    def __call__(self, token: str) -> Principal:
        principal = self.cached(token)
        if principal is not None:
            return principal
        key = _cache_key(token)
        principal = verify_token(self.db, token)  # invalid tokens raise and are never remembered
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[key] = (principal, self.clock() + self.ttl)
        return principal


def _cache_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
