"""Public lookup by dossier code + last 4 ID digits (or the receipt QR token); a plain function for HTTP and MQTT alike."""

from __future__ import annotations

import collections
import hmac
import threading
import time

from sqlalchemy import select

from queue_service.dossiers.tables import Dossier
from queue_service.dossiers.views import public_view
from queue_service.errors import DomainError, kind

NOT_FOUND_OR_MISMATCH = kind(
    "dossier_lookup_failed", 404,
    "Không tìm thấy hồ sơ với mã và 4 số cuối giấy tờ tùy thân đã nhập",
    "No dossier matches that code and the last 4 digits of the ID number",
)
LOOKUP_NEEDS_SECRET = kind("lookup_needs_secret", 422, "Cần nhập 4 số cuối giấy tờ tùy thân", "Enter the last 4 digits of the ID number")
RATE_LIMITED = kind("rate_limited", 429, "Tra cứu quá nhiều lần, vui lòng thử lại sau {retry} giây", "Too many lookups, retry in {retry} s")


def lookup(db, code: str, *, id_last4: str | None = None, token: str | None = None, clock, zone_of) -> dict:
    """The dossier's public view, or one error that does not tell a wrong code from a wrong secret.
    zone_of(centre_id) gives the centre's time zone; clock() the current aware time."""
    if not (id_last4 or token):
        raise DomainError(LOOKUP_NEEDS_SECRET)
    with db.read() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == code.strip())).first()
        if dossier is None or not _secret_ok(dossier, id_last4, token):
            raise DomainError(NOT_FOUND_OR_MISMATCH)
        return public_view(session, dossier, zone_of(dossier.centre_id), clock())


def _secret_ok(dossier: Dossier, id_last4: str | None, token: str | None) -> bool:
    if token:
        return hmac.compare_digest(dossier.token.encode(), token.strip().encode())
    last4 = (id_last4 or "").strip()
    return len(last4) == 4 and hmac.compare_digest(dossier.applicant_id_number[-4:].encode(), last4.encode())


class RateLimiter:
    """Sliding one-minute window per client key, in process (one service instance per centre; DESIGN.md §5)."""

    def __init__(self, per_minute: int, monotonic=time.monotonic) -> None:
        self.per_minute = per_minute
        self._now = monotonic
        self._hits: dict[str, collections.deque] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        now = self._now()
        with self._lock:
            hits = self._hits.setdefault(key, collections.deque())
            while hits and now - hits[0] >= 60:
                hits.popleft()
            if len(hits) >= self.per_minute:
                raise DomainError(RATE_LIMITED, retry=int(60 - (now - hits[0])) + 1)
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle clients so memory stays bounded
                for idle in [k for k, v in self._hits.items() if not v or now - v[-1] >= 60]:
                    del self._hits[idle]
