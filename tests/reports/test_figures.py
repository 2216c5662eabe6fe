"""Every figure of the report of the scripted day (scripted_day.py), worked out by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from queue_service.reports.build import report
from queue_service.reports.period import Period

MONDAY = dt.date(2026, 11, 23)


def _report(db, centre, kind="day"):
    with db.read() as session:
        return report(session, centre, Period.around(kind, MONDAY, centre.zone))


def _figures(rows) -> dict:
    return {row.key: row.figures for row in rows}


def test_the_day_for_the_whole_centre(played, demo_centre):
    total = _report(played, demo_centre).total
    # T1, T2, T3, T4, T7 printed; T6 voided (never printed) does not count.
    assert (total.issued, total.served, total.no_shows, total.cancelled) == (5, 3, 1, 1)
    # Waits (issue → call): T1 300, T3 600, T2 1,200, T4 600 → mean 2,700 / 4 = 675; p90 = rank ⌈0.9·4⌉ = 4th = 1,200.
    assert (total.wait_mean_s, total.wait_p90_s, total.wait_max_s) == (675.0, 1200.0, 1200.0)
    # Service (start → finish) of the served: T1 600, T3 1,200, T4 300 → mean 2,100 / 3 = 700; p90 = rank 3 = 1,200.
    assert (total.service_mean_s, total.service_p90_s) == (700.0, 1200.0)
    # Printed estimates: T1 0, T2 420 (1 ahead × 7 min / 1 counter), T3 0, T4 0; real − printed: 300, 780, 600, 600
    # → bias 2,280 / 4 = 570; |error| the same; within 5 min: T1 only → 1 / 4.
    assert (total.estimated, total.estimate_bias_s, total.estimate_abs_error_s, total.estimate_close_share) == (4, 570.0, 570.0, 0.25)
    # Ratings: T1 Rất hài lòng (4), T3 Không hài lòng (1), T4 Hài lòng (3) → satisfied (4 or 3): 2 / 3.
    assert (total.ratings_total, total.ratings, total.satisfied_share) == (3, {"4": 1, "3": 1, "2": 0, "1": 1}, 0.6667)
    # Dossiers: D1, D2, D3 accepted on 23/11 (D0 on 16/11); D1 returned; completed on 23/11: D2 early (due 27/11: 3 working days, 24/11 off),
    # D1 on time (due 23/11), D0 late (due 16/11); D3 open, due 26/11, after the day's end → in time; (1 + 1) / 3.
    assert (total.dossiers_received, total.dossiers_returned, total.dossiers_completed) == (3, 1, 3)
    assert (total.dossiers_early, total.dossiers_on_time, total.dossiers_late) == (1, 1, 1)
    assert (total.dossiers_open_in_time, total.dossiers_open_overdue, total.in_time_rate) == (1, 0, 0.6667)


def test_the_day_per_field_counter_and_clerk(played, demo_centre):
    result = _report(played, demo_centre)
    field = _figures(result.by_field)
    assert [row.key for row in result.by_field] == ["HT", "CT", "LLTP", "CCCD"]  # in the centre file's order
    # HT: T1 (served), T2 (no-show), T7 (cancelled); waits 300, 1,200 → mean 750; T1's service 600.
    ht = field["HT"]
    assert (ht.issued, ht.served, ht.no_shows, ht.cancelled, ht.wait_mean_s, ht.wait_max_s, ht.service_mean_s) == (3, 1, 1, 1, 750.0, 1200.0, 600.0)
    assert (ht.ratings, ht.dossiers_received) == ({"4": 1, "3": 0, "2": 0, "1": 0}, None)
    # CT: T4 only (T6 voided); dossiers D1 (on time, returned) and D0 (late; received 16/11) → 1 / 2 in time.
    ct = field["CT"]
    assert (ct.issued, ct.served, ct.wait_mean_s, ct.service_mean_s, ct.satisfied_share) == (1, 1, 600.0, 300.0, 1.0)
    assert (ct.dossiers_received, ct.dossiers_returned, ct.dossiers_completed, ct.dossiers_on_time, ct.dossiers_late, ct.in_time_rate) == (1, 1, 2, 1, 1, 0.5)
    # LLTP: T3, waited 600, served 1,200, rated 1 → satisfied 0.
    assert (field["LLTP"].wait_p90_s, field["LLTP"].service_p90_s, field["LLTP"].satisfied_share) == (600.0, 1200.0, 0.0)
    # CCCD: no ticket, D2 (early) and D3 (open in time).
    cccd = field["CCCD"]
    assert (cccd.issued, cccd.dossiers_received, cccd.dossiers_early, cccd.dossiers_open_in_time, cccd.in_time_rate) == (None, 2, 1, 1, 1.0)

    counter = _figures(result.by_counter)
    assert list(counter) == ["1", "4"]  # tickets never called (T6, T7) belong to no counter
    # Counter 1 called T1, T2, T4: waits 300, 1,200, 600 → mean 700, p90 rank 3 = 1,200; served T1 600, T4 300 → 450.
    one = counter["1"]
    assert (one.issued, one.served, one.no_shows, one.wait_mean_s, one.wait_p90_s, one.service_mean_s, one.service_p90_s) == (3, 2, 1, 700.0, 1200.0, 450.0, 600.0)
    # Its estimates: errors 300, 780, 600 → 1,680 / 3 = 560; within 5 min: 1 / 3.
    assert (one.estimate_bias_s, one.estimate_close_share, one.ratings_total, one.satisfied_share) == (560.0, 0.3333, 2, 1.0)
    assert (counter["4"].served, counter["4"].ratings) == (1, {"4": 0, "3": 0, "2": 0, "1": 1})

    clerk = {row.key: (row.name_vi, row.figures.served, row.figures.ratings_total) for row in result.by_clerk}
    assert clerk == {"nv01": ("Nguyễn Văn An", 2, 2), "nv03": ("Phạm Quốc Cường", 1, 1)}
    # Every dossier of the sample catalogue is received by the centre's own agency.
    [agency] = result.by_agency
    assert (agency.key, agency.figures.dossiers_received, agency.figures.dossiers_completed, agency.figures.issued) == ("000.00.00.H00", 3, 3, None)


def test_the_week_and_the_month(played, demo_centre):
    week = _report(played, demo_centre, "week")
    # Mon 23 – Sun 29/11/2026: five weekdays less Tue 24/11 (Vietnam Culture Day, a holiday from 2026) = 4 working days;
    # the day's tickets; D0 was received the week before.
    assert (week.period.first, week.period.last, week.period.working_days) == ("2026-11-23", "2026-11-29", 4)
    assert (week.total.issued, week.total.dossiers_received, week.total.dossiers_completed) == (5, 3, 3)
    # D3 is still open at the week's end, past its due date (3 working days, 24/11 off: Fri 27/11 08:15) → overdue.
    assert (week.total.dossiers_open_in_time, week.total.dossiers_open_overdue) == (0, 1)
    assert [(row.key, row.name_vi, row.figures.issued) for row in week.by_day] == [("2026-11-23", "Thứ Hai 23/11/2026", 5)]
    month = _report(played, demo_centre, "month")
    # November 2026: 21 weekdays less 24/11 = 20 working days; D0 received on 16/11 counts now.
    assert (month.period.first, month.period.last, month.period.working_days) == ("2026-11-01", "2026-11-30", 20)
    assert (month.total.dossiers_received, month.total.dossiers_late, month.total.wait_mean_s) == (4, 1, 675.0)


def test_a_quiet_day_has_only_the_open_dossier(played, demo_centre):
    with played.read() as session:
        quiet = report(session, demo_centre, Period.around("day", dt.date(2026, 11, 24), demo_centre.zone))
    # Tue 24/11 (a holiday): no ticket, no rating, nothing received or completed; D3 still open and in time.
    assert (quiet.period.working_days, quiet.total.issued, quiet.total.ratings_total, quiet.by_counter, quiet.by_day) == (0, None, None, [], [])
    [cccd] = quiet.by_field
    assert (cccd.key, cccd.figures.dossiers_completed, cccd.figures.dossiers_open_in_time, cccd.figures.in_time_rate) == ("CCCD", 0, 1, None)
