"""What every part of the service is handed: settings, the store, the centres it serves, the clock, and the few
long-lived objects built at start (the lifespan hooks, the MQTT bridge once running, the lookup rate limiter)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Awaitable, Callable

from queue_service.auth.tokens import TokenVerifier
from queue_service.config import CentreConfig, load_centre
from queue_service.dossiers.tracking import RateLimiter
from queue_service.errors import UNKNOWN_CENTRE, DomainError
from queue_service.settings import Settings
from queue_service.store import Database

if TYPE_CHECKING:  # the bridge imports this module; only its type is needed here
    from queue_service.bridge.bridge import Bridge

Clock = Callable[[], dt.datetime]
Hook = Callable[["ServiceContext"], Awaitable[None]]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class Lifespan:
    """Named start/stop hooks the app's lifespan runs: starts in order, stops in reverse. Adding a name again
    replaces its hooks, so a second app built over the same context (tests do) does not start a feature twice."""

    hooks: dict[str, tuple[Hook, Hook]] = field(default_factory=dict)

    def add(self, name: str, start: Hook, stop: Hook) -> None:
        self.hooks.pop(name, None)
        self.hooks[name] = (start, stop)

    async def start(self, context: "ServiceContext") -> None:
        for start, _ in list(self.hooks.values()):
            await start(context)

    async def stop(self, context: "ServiceContext") -> None:
        for _, stop in reversed(list(self.hooks.values())):
            await stop(context)


@dataclass
class ServiceContext:
    settings: Settings
    db: Database
    centres: dict[str, CentreConfig]
    clock: Clock = utc_now
    lifespan: Lifespan = field(default_factory=Lifespan)
    bridge: "Bridge | None" = None  # the running MQTT bridge; None when MQTT is off or not started yet
    tokens: TokenVerifier = field(init=False)
    # One limiter per process for public dossier lookups (by client IP over HTTP, by device over MQTT).
    lookup_limiter: RateLimiter = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = TokenVerifier(self.db)
        self.lookup_limiter = RateLimiter(min((c.dossiers.lookup_per_minute for c in self.centres.values()), default=20))

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock = utc_now) -> "ServiceContext":
        """Raises ConfigError (with file, line, path and what was expected) for a bad centre file."""
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
