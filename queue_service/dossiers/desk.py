"""The handle every dossier rule takes: the store, the centre, the public URL and the clock (no globals)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from queue_service.config import CentreConfig
from queue_service.context import Clock, utc_now
from queue_service.calendar.store import calendar_for
from queue_service.calendar.workdays import WorkCalendar
from queue_service.store import Database
from wire.dossier_link import tracking_url


@dataclass
class Desk:
    db: Database
    centre: CentreConfig
    public_url: str = "http://127.0.0.1:8000"
    clock: Clock = utc_now

    @classmethod
    def from_context(cls, context, centre_id: str) -> "Desk":
        return cls(context.db, context.centre(centre_id), context.settings.public_url, context.clock)

    def now(self) -> dt.datetime:
        return self.clock()

    def calendar(self, session: Session) -> WorkCalendar:
        return calendar_for(session, self.centre)

    @property
    def zone(self):
        return self.centre.zone

    @property
    def agency_name(self) -> str:
        return self.centre.dossiers.agency_name_vi or self.centre.centre.name_vi

    def tracking_url(self, code: str, token: str) -> str:
        # The receipt QR opens the public page with the secret token, so no ID number is needed.
        return tracking_url(self.public_url, code, token)
