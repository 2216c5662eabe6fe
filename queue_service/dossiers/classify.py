"""Decision 766 on-time classification: early / on time / late by completion date against due date (DOMAIN.md §4.6)."""

from __future__ import annotations

import datetime as dt

EARLY, ON_TIME, LATE = "early", "on_time", "late"
IN_TIME, OVERDUE = "in_time", "overdue"
LABELS_VI = {EARLY: "Trước hạn", ON_TIME: "Đúng hạn", LATE: "Quá hạn", IN_TIME: "Trong hạn", OVERDUE: "Quá hạn"}


def classify(completed_on: dt.date, due_on: dt.date | None, supplements: int = 0) -> str:
    """Dates, not times: finished before the due date → early, on it → on time, after → late. The supplement
    wait is already added to the due date; more than one supplement request counts as late (portal formula)."""
    if supplements > 1:
        return LATE
    if due_on is None or completed_on == due_on:
        return ON_TIME
    return EARLY if completed_on < due_on else LATE


def open_state(due_at: dt.datetime | None, moment: dt.datetime) -> str:
    """An open dossier at the end of a report period (or now): still in time, or overdue."""
    return OVERDUE if due_at is not None and moment > due_at else IN_TIME
