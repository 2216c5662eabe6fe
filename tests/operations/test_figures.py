"""The board's figures over the reports' scripted day (tests/reports/scripted_day.py), checked by hand, on SQLite and
PostgreSQL."""

from __future__ import annotations

from queue_service.operations.read import operations
from tests.queue.conftest import clock, demo_centre  # noqa: F401 (fixtures)
from tests.reports.conftest import played  # noqa: F401 (fixture)
from tests.support.clock import local


def test_the_boards_figures_of_the_scripted_day(played, demo_centre, clock):  # noqa: F811
    clock.set(local(2026, 11, 23, 8, 50))  # the last hour's calls: T1 300 s, T2 1,200 s (HT), T3 600 s, T4 600 s
    board = operations(played, demo_centre, clock(), "e-1")
    fields = {f.code: f for f in board.fields}
    assert fields["HT"].average_wait_minutes == 12.5 and fields["LLTP"].average_wait_minutes == 10.0
    assert fields["CT"].average_wait_minutes == 10.0 and fields["DD"].average_wait_minutes is None
    assert (fields["CT"].target_wait_minutes, fields["HT"].target_wait_minutes) == (10, 15)

    clock.set(local(2026, 11, 23, 11, 0))
    board = operations(played, demo_centre, clock(), "e-2")
    assert board.event_id == "e-2" and all(f.waiting == 0 and f.oldest_since is None for f in board.fields)
    assert {f.code: f.average_wait_minutes for f in board.fields if f.average_wait_minutes is not None} == {}
    today = board.today
    # T1-T4 and T7 (cancelled, but printed); T6 was voided; served T1, T3, T4; T2 a no-show
    assert (today.issued, today.served, today.no_shows) == (5, 3, 1)
    assert [(r.name_vi, r.count) for r in today.ratings] == [("Rất hài lòng", 1), ("Hài lòng", 1), ("Bình thường", 0),
                                                             ("Không hài lòng", 1)]
    # D1 on time, D2 early, D0 late, all completed today; D3 open, due Friday 27/11 08:15
    assert (today.dossiers_completed, today.dossiers_due_today, today.dossiers_overdue) == (3, 0, 0)
    assert round(today.on_time_rate, 4) == 0.6667
    counters = {c.number: c for c in board.counters}
    assert (counters[1].status, counters[1].clerk_name, counters[1].number_now) == ("idle", "Nguyễn Văn An", None)
    assert (counters[4].status, counters[4].clerk_name) == ("idle", "Phạm Quốc Cường")
    assert counters[2].status == "closed" and counters[2].clerk_name is None
    assert board.alerts == [] and (board.devices_total, board.devices_offline) == (0, 0)

    clock.set(local(2026, 11, 27, 8, 0))  # Friday 08:00: D3 is due today, at 08:15
    thursday = operations(played, demo_centre, clock(), "e-3").today
    assert (thursday.issued, thursday.dossiers_due_today, thursday.dossiers_overdue, thursday.on_time_rate) == (0, 1, 0, None)
    clock.set(local(2026, 11, 27, 9, 0))  # 09:00: D3 is still open, overdue (and no longer counted as due today)
    friday = operations(played, demo_centre, clock(), "e-4").today
    assert (friday.dossiers_due_today, friday.dossiers_overdue) == (0, 1)
