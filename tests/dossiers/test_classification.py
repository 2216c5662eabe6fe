"""Decision 766 on-time classification (DOMAIN.md §4.6): the formula, completion precedence, and the period report."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_service.dossiers.classify import EARLY, LATE, ON_TIME, classify
from queue_service.dossiers.intake import intake
from queue_service.dossiers.lifecycle import ActionRequest, apply
from queue_service.dossiers.reports import rates
from queue_service.dossiers.status import Status
from tests.dossiers.conftest import CLERK, MANAGER, VN, request

D = dt.date


@pytest.mark.parametrize(
    "completed, due, supplements, expected",
    [
        (D(2026, 11, 18), D(2026, 11, 19), 0, EARLY),
        (D(2026, 11, 19), D(2026, 11, 19), 0, ON_TIME),  # same date, whatever the hour
        (D(2026, 11, 20), D(2026, 11, 19), 0, LATE),
        (D(2026, 11, 18), D(2026, 11, 19), 1, EARLY),  # one supplement: its wait is already in the due date
        (D(2026, 11, 18), D(2026, 11, 19), 2, LATE),  # more than one supplement request counts as late
    ],
)
def test_portal_formula(completed, due, supplements, expected):
    assert classify(completed, due, supplements) == expected


def test_completion_time_precedence(desk, clock):
    """Completion = status 9, else 10, else 8 or 3, else 7: a stop after a withdrawal takes the stop's time."""
    dossier = intake(desk, request(), CLERK)
    clock.set("2026-11-17 09:00")
    apply(desk, dossier.code, "withdraw", CLERK, ActionRequest(reason="Công dân xin rút"))
    clock.set("2026-11-18 09:00")
    stopped = apply(desk, dossier.code, "stop", MANAGER, ActionRequest(reason="Đã rút hồ sơ"))
    assert stopped.completion_status == Status.UNRESOLVED and stopped.completed_on == dt.date(2026, 11, 18)
    ready = intake(desk, request(), CLERK)
    clock.set("2026-11-19 08:00")
    apply(desk, ready.code, "result_ready", CLERK)
    clock.set("2026-11-25 08:00")
    returned = apply(desk, ready.code, "return_result", CLERK)
    assert returned.completion_status == Status.RELEASING and returned.completed_on == dt.date(2026, 11, 19)


def test_period_report_by_field(desk, clock):
    # Received Mon 16/11 09:00; 3 WD → due Thu 19/11 09:00 (CCCD); same-day certified copy → 17:00 (CT).
    early = intake(desk, request(), CLERK)
    on_time = intake(desk, request(), CLERK)
    late = intake(desk, request(), CLERK)
    twice = intake(desk, request(), CLERK)
    open_late = intake(desk, request(), CLERK)
    open_ok = intake(desk, request("2.000815"), CLERK)
    for dossier in (twice,):
        for _ in range(2):
            apply(desk, dossier.code, "request_supplement", CLERK, ActionRequest(reason="Thiếu"))
            apply(desk, dossier.code, "supplement_received", CLERK)
    clock.set("2026-11-18 10:00")
    apply(desk, early.code, "result_ready", CLERK)
    apply(desk, twice.code, "result_ready", CLERK)
    clock.set("2026-11-19 16:00")
    apply(desk, on_time.code, "result_ready", CLERK)
    clock.set("2026-11-20 08:00")
    apply(desk, late.code, "result_ready", CLERK)
    with desk.db.read() as session:
        report = rates(session, "hcc-demo", VN, dt.date(2026, 11, 1), dt.date(2026, 11, 18), by="field")
        month = rates(session, "hcc-demo", VN, dt.date(2026, 11, 1), dt.date(2026, 11, 30), by="field")
    # Up to 18/11: two completed (one early, one late by two supplements); open at the end: 4 CCCD in time, CT overdue.
    rows = {r["field"]: r for r in report["rows"]}
    assert (rows["CCCD"]["completed"], rows["CCCD"]["early"], rows["CCCD"]["late"], rows["CCCD"]["open_in_time"]) == (2, 1, 1, 3)
    assert rows["CT"]["open_overdue"] == 1 and rows["CCCD"]["late_rate"] == 0.5
    rows = {r["field"]: r for r in month["rows"]}
    assert (rows["CCCD"]["early"], rows["CCCD"]["on_time"], rows["CCCD"]["late"]) == (1, 1, 2)
    assert rows["CCCD"]["open_overdue"] == 1 and rows["CCCD"]["in_time_rate"] == 0.5
    assert month["total"]["completed"] == 4 and open_late.code and open_ok.code
