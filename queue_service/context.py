"""What every part of the service is handed: settings, the store, the centres it serves and the clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from queue_service.auth.tokens import TokenVerifier
from queue_service.config import CentreConfig, load_centre
from queue_service.errors import UNKNOWN_CENTRE, DomainError
from queue_service.settings import Settings
from queue_service.store import Database

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class ServiceContext:
    settings: Settings
    db: Database
    centres: dict[str, CentreConfig]
    clock: Clock = utc_now
    extras: dict = field(default_factory=dict)  # per-feature objects (MQTT bridge, notifiers) set up at start
    tokens: TokenVerifier = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = TokenVerifier(self.db)

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock = utc_now) -> "ServiceContext":
        centres = {}
        for path in settings.centre_files:
            centre = load_centre(path)
            centres[centre.centre.id] = centre
        return cls(settings=settings, db=Database(settings.database_url), centres=centres, clock=clock)

    def centre(self, centre_id: str) -> CentreConfig:
        try:
            return self.centres[centre_id]
        except KeyError:
            raise DomainError(UNKNOWN_CENTRE, centre=centre_id) from None
