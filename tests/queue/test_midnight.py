"""Numbers restart at local midnight in Asia/Ho_Chi_Minh (17:00 UTC), not at UTC midnight."""

from __future__ import annotations

import datetime as dt

from tests.queue.conftest import CENTRE, make_context
from queue_service.queue.engine import QueueEngine

UTC = dt.timezone.utc


def test_numbers_reset_at_local_midnight(db, demo_centre, clock):
    engine = QueueEngine(make_context(db, demo_centre, clock, enforce_hours=False))
    clock.set(dt.datetime(2026, 11, 24, 16, 58, tzinfo=UTC))  # 23:58 in Hà Nội
    assert [engine.issue(CENTRE, "HT").number for _ in range(2)] == ["1001", "1002"]
    clock.set(dt.datetime(2026, 11, 24, 17, 0, 1, tzinfo=UTC))  # 00:00:01 on the 25th in Hà Nội
    assert engine.issue(CENTRE, "HT").number == "1001"
    clock.set(dt.datetime(2026, 11, 25, 0, 30, tzinfo=UTC))  # UTC midnight passed: same local day
    assert engine.issue(CENTRE, "HT").number == "1002"


def test_issuing_hours_are_local(db, demo_centre, clock):
    engine = QueueEngine(make_context(db, demo_centre, clock))
    clock.set(dt.datetime(2026, 11, 25, 0, 5, tzinfo=UTC))  # 07:05 local on a Wednesday: open
    assert engine.issue(CENTRE, "HT").number == "1001"
