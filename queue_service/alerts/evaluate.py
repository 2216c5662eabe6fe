"""One evaluation of a centre's alerts: read its queues, counters and devices, open and end alerts to match."""

from __future__ import annotations

from sqlalchemy import select

from queue_service.alerts import rules
from queue_service.alerts.book import AlertBook, AlertView
from queue_service.config.models import CentreConfig
from queue_service.devices.registry import DeviceRegistry
from queue_service.queue.estimate import Estimator
from queue_service.queue.tables import CounterState
from queue_service.store import Database


def evaluate(db: Database, centre: CentreConfig, now) -> list[AlertView]:
    """The alerts that began or ended now."""
    with db.read() as session:
        waiting = Estimator(session, centre, now).waiting_by_field()
        fields = [rules.FieldWait(code, oldest) for code, (_, oldest) in waiting.items()]
        counters = [rules.CounterPause(number, status, since) for number, status, since in session.execute(
            select(CounterState.number, CounterState.status, CounterState.updated_at)
            .where(CounterState.centre_id == centre.centre.id))]
    devices = DeviceRegistry(db, centre.centre.id).list(include_revoked=False)
    return AlertBook(db, centre).reconcile(rules.wanted(centre, fields, counters, devices, now), now)
