"""Lifecycle: every allowed and forbidden transition (table-driven), roles, pauses, hand-offs, apology, append-only log."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from queue_service.dossiers.intake import intake
from queue_service.dossiers.lifecycle import ActionRequest, apply
from queue_service.dossiers.status import TRANSITIONS, Status
from queue_service.dossiers.tables import DossierEvent
from queue_service.dossiers.views import overdue, staff_view
from queue_service.errors import DomainError
from tests.dossiers.conftest import CLERK, DEVICE, MANAGER, VN, request

FULL = ActionRequest(reason="Lý do", items=["Tờ khai"], to_agency="000.00.01.H56", step_limit="2 working-days",
                     new_due=dt.datetime(2027, 1, 4, 9, 0, tzinfo=VN), amount=50000, how="in_person")
# How to reach each status from intake.
PATHS = {
    Status.RECEIVING: ("online", []),
    Status.NEW: ("in_person", []),
    Status.DENIED: ("online", ["refuse"]),
    Status.PROCESSING: ("in_person", ["transfer"]),
    Status.WAITING: ("in_person", ["transfer", "request_supplement"]),
    Status.PAYING: ("in_person", ["transfer", "payment_due"]),
    Status.CANCELLED: ("in_person", ["transfer", "withdraw"]),
    Status.UNRESOLVED: ("in_person", ["transfer", "withdraw", "stop"]),
    Status.RELEASING: ("in_person", ["transfer", "result_ready"]),
    Status.DONE: ("in_person", ["transfer", "result_ready", "return_result"]),
}


def reach(desk, status: Status):
    channel, actions = PATHS[status]
    dossier = intake(desk, request(channel=channel), CLERK)
    for action in actions:
        dossier = apply(desk, dossier.code, action, MANAGER, FULL)
    assert dossier.status == status
    return dossier


CASES = [(s, a) for s in Status for a in TRANSITIONS]


@pytest.fixture(scope="module")
def table_desk(tmp_path_factory):
    """One SQLite store for the 120 table cases (each builds its own dossiers); the rest run on both stores."""
    from queue_service.config import load_centre
    from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
    from queue_service.dossiers.desk import Desk
    from queue_service.store import Database
    from tests.dossiers.conftest import Clock

    db = Database(f"sqlite:///{tmp_path_factory.mktemp('table') / 'motcua.db'}").start()
    db.upgrade()
    centre = load_centre("examples/centre-demo.yaml")
    with db.write() as session:
        import_catalogue(session, centre, load_catalogue("examples/procedures.yaml"))
    yield Desk(db, centre, "https://hcc.example.vn", Clock(dt.datetime(2026, 11, 16, 9, 0, tzinfo=VN)))
    db.stop()


@pytest.mark.parametrize("status, action", CASES, ids=[f"{int(s)}-{a}" for s, a in CASES])
def test_transition_table(table_desk, status, action):
    desk = table_desk
    dossier = reach(desk, status)
    transition = TRANSITIONS[action]
    if status in transition.sources:
        after = apply(desk, dossier.code, action, MANAGER, FULL)
        expected = transition.target or {"apologize": status, "supplement_received": Status.PROCESSING}[action]
        assert after.status == expected
    else:
        with pytest.raises(DomainError) as error:
            apply(desk, dossier.code, action, MANAGER, FULL)
        assert error.value.kind.status == 409
        assert error.value.kind.code == "transition_not_allowed"
        allowed = error.value.details["allowed"]
        assert action not in allowed
        assert allowed == [a for a, t in TRANSITIONS.items() if status in t.sources]


def test_roles_are_checked(desk):
    dossier = reach(desk, Status.PROCESSING)
    with pytest.raises(DomainError) as error:
        apply(desk, dossier.code, "stop", CLERK, FULL)  # stopping is the agency leader's decision
    assert error.value.kind.status == 403 and error.value.kind.code == "role_not_allowed"
    with pytest.raises(DomainError):
        apply(desk, dossier.code, "result_ready", DEVICE)
    assert apply(desk, dossier.code, "stop", MANAGER, FULL).status == Status.UNRESOLVED


def test_supplement_pauses_the_clock_and_second_request_counts(desk, clock):
    dossier = intake(desk, request(), CLERK)  # Mon 16/11 09:00 + 3 WD = Thu 19/11 09:00
    apply(desk, dossier.code, "transfer", CLERK, ActionRequest(to_agency="CA-PHUONG"))
    clock.set("2026-11-17 09:00")
    apply(desk, dossier.code, "request_supplement", CLERK, ActionRequest(reason="Thiếu giấy tờ chỗ ở"))
    clock.set("2026-11-18 09:00")
    after = apply(desk, dossier.code, "supplement_received", CLERK)
    assert after.status == Status.PROCESSING
    assert after.due_at.astimezone(VN) == dt.datetime(2026, 11, 20, 9, 0, tzinfo=VN)
    assert after.supplements == 1


def test_supplement_at_intake_starts_the_clock_when_complete(desk, clock):
    dossier = intake(desk, request(outcome="supplement", reason="Thiếu tờ khai", items=["Tờ khai CT01"]), CLERK)
    assert dossier.status == Status.WAITING and dossier.due_at is None
    clock.set("2026-11-18 10:00")
    after = apply(desk, dossier.code, "supplement_received", CLERK)
    assert after.status == Status.NEW and after.supplements == 0
    assert after.due_at.astimezone(VN) == dt.datetime(2026, 11, 23, 10, 0, tzinfo=VN)


def test_overdue_apology_once_with_new_date(desk, clock):
    dossier = reach(desk, Status.PROCESSING)
    clock.set("2026-11-19 10:00")
    assert overdue(dossier, clock())  # computed, never typed
    apology = ActionRequest(reason="Chờ xác minh", new_due=dt.datetime(2026, 11, 24, 9, 0))
    after = apply(desk, dossier.code, "apologize", MANAGER, apology)
    assert after.new_due_at.astimezone(VN) == dt.datetime(2026, 11, 24, 9, 0, tzinfo=VN) and after.status == Status.PROCESSING
    assert not overdue(after, clock())  # the new date replaces the due date for the citizen
    with pytest.raises(DomainError) as error:
        apply(desk, dossier.code, "apologize", MANAGER, ActionRequest(reason="x", new_due=dt.datetime(2026, 12, 1, 9, 0)))
    assert error.value.kind.code == "apology_limit"
    clock.set("2026-11-23 10:00")
    done = apply(desk, dossier.code, "result_ready", CLERK)
    with desk.db.read() as session:
        assert staff_view(session, done, VN, clock())["outcome"] == "late"  # still late against the statutory date


def test_handoffs_record_each_step_with_its_result(desk, clock):
    dossier = intake(desk, request(), CLERK)
    apply(desk, dossier.code, "transfer", CLERK, ActionRequest(to_agency="PHONG-TP", step_limit="1 working-days"))
    clock.set("2026-11-17 08:00")  # the step was due Tue 09:00 → handed on the same date: on time
    apply(desk, dossier.code, "transfer", CLERK, ActionRequest(to_agency="CONG-AN", step_limit="1 working-days"))
    clock.set("2026-11-19 08:00")  # due Wed 08:00 → a day later: late
    done = apply(desk, dossier.code, "result_ready", CLERK)
    with desk.db.read() as session:
        view = staff_view(session, done, VN, clock())
    steps = view["transfers"]
    assert [(s["from"], s["to"], s["by"], s["result"]) for s in steps] == [
        ("000.00.00.H00", "PHONG-TP", "nv01", "on_time"), ("PHONG-TP", "CONG-AN", "nv01", "late")]
    assert view["outcome"] == "on_time"  # due Thu 19/11 09:00, finished that date


def test_log_is_append_only_and_complete(desk):
    dossier = reach(desk, Status.DONE)
    with desk.db.read() as session:
        events = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id)).all()
    assert [e.action for e in events] == ["submit", "accept", "transfer", "result_ready", "return_result"]
    assert all(e.actor and e.at for e in events)
    with pytest.raises(RuntimeError):
        with desk.db.write() as session:
            session.get(DossierEvent, events[0].id).note = "sửa"
