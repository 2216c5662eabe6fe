"""Handled device events by id (a QoS 1 resend counts once) and the last seq per device, with a retention bound."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select

from queue_service.devices.tables import DeviceEvent
from queue_service.store import Database
from wire.messages import Event

RETENTION = dt.timedelta(days=30)
PRUNE_EVERY = 500  # inserts between two prunes


class EventStore:
    def __init__(self, db: Database, centre: str, retention: dt.timedelta = RETENTION) -> None:
        self.db = db
        self.centre = centre
        self.retention = retention
        self._inserts = 0

    def first_sight(self, device: str, event: Event, now: dt.datetime) -> tuple[bool, int | None]:
        """Record the event; (False, None) if its id was seen before, else (True, the device's previous seq)."""
        with self.db.write() as session:
            if session.get(DeviceEvent, (self.centre, event.id)) is not None:
                return False, None
            last = session.scalar(select(func.max(DeviceEvent.seq)).where(
                DeviceEvent.centre_id == self.centre, DeviceEvent.device == device))
            session.add(DeviceEvent(centre_id=self.centre, id=event.id, device=device, seq=event.seq, name=event.name,
                                    seen_at=now))
            self._inserts += 1
            if self._inserts % PRUNE_EVERY == 0:
                session.execute(delete(DeviceEvent).where(
                    DeviceEvent.centre_id == self.centre, DeviceEvent.seen_at < now - self.retention))
            return True, last

    def count(self, device: str | None = None, name: str | None = None) -> int:
        query = select(func.count()).select_from(DeviceEvent).where(DeviceEvent.centre_id == self.centre)
        if device:
            query = query.where(DeviceEvent.device == device)
        if name:
            query = query.where(DeviceEvent.name == name)
        with self.db.read() as session:
            return session.scalar(query)
