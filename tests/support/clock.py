"""A clock the test moves by hand; the engine reads time only through it."""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class ManualClock:
    def __init__(self, start: dt.datetime) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        with self._lock:
            return self._now

    def advance(self, **delta) -> dt.datetime:
        with self._lock:
            self._now += dt.timedelta(**delta)
            return self._now

    def set(self, when: dt.datetime) -> None:
        with self._lock:
            self._now = when


def local(year, month, day, hour=9, minute=0) -> dt.datetime:
    """A Vietnamese local time as an aware UTC datetime."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN).astimezone(dt.timezone.utc)
