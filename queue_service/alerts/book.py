"""The centre's alerts in the store: open the ones now wanted, end the ones resolved, list them for the board/API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from queue_service.alerts import wording
from queue_service.alerts.rules import Key
from queue_service.alerts.tables import Alert
from queue_service.config.models import CentreConfig
from queue_service.store import Database


class AlertView(BaseModel):
    id: int
    kind: str = Field(description="field_wait, counter_paused, device_offline, paper_out, paper_low, camera_lost, "
                                  "device_fault")
    subject: str = Field(description="the field code, counter number or device id (device:part for a part's fault)")
    severity: Literal["warning", "fault"]
    text_vi: str
    text_en: str
    detail: str | None = Field(None, description="what the device said (e.g. 'paper out')")
    began_at: dt.datetime
    ended_at: dt.datetime | None = Field(None, description="when it was resolved; null while it is open")


class AlertBook:
    def __init__(self, db: Database, centre: CentreConfig) -> None:
        self.db = db
        self.centre = centre

    def reconcile(self, wanted: dict[Key, str | None], now: dt.datetime) -> list[AlertView]:
        """Open what is wanted and not open, end what is open and no longer wanted; the alerts that changed. Another
        service instance that changed them in between wins (uq_alerts_open): its changes are its to announce."""
        try:
            return self._reconcile(wanted, now)
        except IntegrityError:
            return []

    def _reconcile(self, wanted: dict[Key, str | None], now: dt.datetime) -> list[AlertView]:
        with self.db.read() as session:  # the common case changes nothing and takes no write lock
            if {tuple(row) for row in session.execute(self._open())} == set(wanted):
                return []
        changed = []
        with self.db.write() as session:
            open_rows = session.scalars(select(Alert).where(Alert.centre_id == self.centre.centre.id,
                                                            Alert.ended_at.is_(None))).all()
            have = {(row.kind, row.subject): row for row in open_rows}
            for key, row in have.items():
                if key not in wanted:
                    row.ended_at = now
                    changed.append(row)
            for (kind, subject), detail in wanted.items():
                if (kind, subject) not in have:
                    row = Alert(centre_id=self.centre.centre.id, kind=kind, subject=subject,
                                detail=(detail or None) and detail[:200], began_at=now)
                    session.add(row)
                    changed.append(row)
            session.flush()
            return [self.view(row) for row in changed]

    def _open(self):
        return select(Alert.kind, Alert.subject).where(Alert.centre_id == self.centre.centre.id, Alert.ended_at.is_(None))

    def current(self, now: dt.datetime, ended_within: dt.timedelta = dt.timedelta(hours=1)) -> list[AlertView]:
        """Open alerts (oldest first), then those ended within the last `ended_within` (latest first)."""
        query = select(Alert).where(Alert.centre_id == self.centre.centre.id,
                                    or_(Alert.ended_at.is_(None), Alert.ended_at >= now - ended_within))
        with self.db.read() as session:
            rows = session.scalars(query).all()
            views = [self.view(row) for row in rows]
        still = sorted((v for v in views if v.ended_at is None), key=lambda v: (v.began_at, v.id))
        ended = sorted((v for v in views if v.ended_at is not None), key=lambda v: v.ended_at, reverse=True)
        return still + ended

    def view(self, row: Alert) -> AlertView:
        vi, en = wording.text(self.centre, row.kind, row.subject)
        return AlertView(id=row.id, kind=row.kind, subject=row.subject, severity=wording.SEVERITY.get(row.kind, "fault"),
                         text_vi=vi, text_en=en, detail=row.detail, began_at=row.began_at, ended_at=row.ended_at)
