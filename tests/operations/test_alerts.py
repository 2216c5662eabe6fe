"""Alerts through the running service over a real store (SQLite and PostgreSQL): a field past its target wait and a counter paused too
long appear by the clock alone, stay with when they began across a restart of the service, and end when resolved."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from queue_service.api.app import create_app
from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from queue_service.config import load_centre
from queue_service.context import ServiceContext
from queue_service.queue.recorder import Actor
from queue_service.settings import Settings
from queue_service.store import Database
from tests.queue.conftest import DEMO
from tests.support.clock import ManualClock, local

CENTRE = "hcc-demo"
ALERTS = f"/api/v1/centres/{CENTRE}/alerts"


def _context(url: str, clock: ManualClock) -> ServiceContext:
    centre = load_centre(DEMO)
    settings = Settings(database_url=url, centre_files=[DEMO], enforce_hours=False, alerts_interval_s=0.1)
    return ServiceContext(settings=settings, db=Database(url), centres={centre.centre.id: centre}, clock=clock)


def _alerts(client, headers, want) -> list[dict]:
    """The alerts once `want(alerts)` holds (the watcher runs every 0.1 s), else the last answer."""
    deadline = time.monotonic() + 5
    while True:
        answer = client.get(ALERTS, headers=headers)
        assert answer.status_code == 200, answer.text
        alerts = answer.json()
        if want(alerts) or time.monotonic() > deadline:
            return alerts
        time.sleep(0.05)


def _open(alerts) -> dict:
    return {(a["kind"], a["subject"]): a for a in alerts if a["ended_at"] is None}


def test_alerts_by_the_clock_survive_a_restart_and_end_when_resolved(db_url):
    clock = ManualClock(local(2026, 11, 23, 8, 0))
    context = _context(db_url, clock)
    with TestClient(create_app(context)) as client:
        manager = {"Authorization": f"Bearer {create_token(context.db, Role.manager, centre=CENTRE)}"}
        clerk = {"Authorization": f"Bearer {create_token(context.db, Role.clerk, centre=CENTRE, counter=4)}"}
        engine = client.app.state.engine
        ticket = engine.issue(CENTRE, "CT")  # target 10 min
        engine.open_counter(CENTRE, 4, Actor("nv03"), staff_id="nv03")
        engine.pause(CENTRE, 4, Actor("nv03"))  # the centre's limit: 15 min (the default)
        assert _alerts(client, manager, lambda a: False) == [], "nothing is late yet"
        clock.advance(minutes=11)
        alerts = _alerts(client, manager, lambda a: ("field_wait", "CT") in _open(a))
        assert set(_open(alerts)) == {("field_wait", "CT")}, "the pause is 11 minutes old: under the limit"
        late = _open(alerts)[("field_wait", "CT")]
        assert late["text_vi"] == "Chứng thực: chờ quá chỉ tiêu 10 phút"
        assert late["text_en"] == "Certification: a wait past the 10-min target"
        assert late["began_at"].startswith("2026-11-23T01:11")  # 08:11 in Hà Nội
        clock.advance(minutes=5)
        alerts = _alerts(client, manager, lambda a: ("counter_paused", "4") in _open(a))
        assert _open(alerts)[("counter_paused", "4")]["text_vi"] == "Quầy 4 tạm dừng quá 15 phút"
        assert client.get(ALERTS, headers=clerk).status_code == 403, "alerts are for managers and administrators"
        before = _open(alerts)

    clock.advance(minutes=2)  # the service is away for two minutes
    context = _context(db_url, clock)
    with TestClient(create_app(context)) as client:
        engine = client.app.state.engine
        kept = _open(_alerts(client, manager, lambda a: True))
        assert kept == before, "a restart keeps the open alerts, with when they began"
        engine.resume(CENTRE, 4, Actor("nv03"))
        engine.open_counter(CENTRE, 3, Actor("nv02"), staff_id="nv02")
        called = engine.call_next(CENTRE, 3, Actor("nv02"))
        assert called.ticket.id == ticket.id
        alerts = _alerts(client, manager, lambda a: not _open(a))
        assert not _open(alerts)
        ended = {(a["kind"], a["subject"]): a for a in alerts}
        assert set(ended) == set(before)
        assert all(a["ended_at"].startswith("2026-11-23T01:18") for a in ended.values())
        assert ended[("field_wait", "CT")]["began_at"] == before[("field_wait", "CT")]["began_at"]


def test_one_open_alert_per_subject_whatever_the_instances_do(db):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from queue_service.alerts.book import AlertBook
    from queue_service.alerts.tables import Alert

    centre = load_centre(DEMO)
    now = local(2026, 11, 23, 9, 0)
    book = AlertBook(db, centre)
    (opened,) = book.reconcile({("paper_out", "kiosk-1"): "paper out"}, now)
    assert book.reconcile({("paper_out", "kiosk-1"): "paper out"}, now) == [], "an open alert is not opened twice"
    with pytest.raises(IntegrityError), db.write() as session:  # what a second instance, a moment late, would do
        session.add(Alert(centre_id=CENTRE, kind="paper_out", subject="kiosk-1", began_at=now))
    (ended,) = book.reconcile({}, now)
    assert ended.id == opened.id and ended.ended_at == now and ended.detail == "paper out"
    (again,) = book.reconcile({("paper_out", "kiosk-1"): None}, now)  # the next roll runs out: a new alert
    assert again.id != opened.id and again.ended_at is None
