"""A centre's store wired to a real broker, and the real service over it (TestClient runs its lifespan and bridge)."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient

from queue_service.api.app import create_app
from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from queue_service.config import load_centre
from queue_service.context import ServiceContext
from queue_service.devices.registry import DeviceRegistry
from queue_service.settings import Settings
from queue_service.store import Database
from tests.queue.conftest import DEMO
from tests.support.broker import TestBroker

CENTRE = "hcc-demo"


@dataclass
class Centre:
    """A demo centre wired to a real broker: provision devices, then run the service (TestClient runs the lifespan)."""

    broker: TestBroker
    db: Database
    url: str
    creds: Path
    centre_file: Path = DEMO

    def provision(self, kind: str, device: str, counter: int | None = None):
        DeviceRegistry(self.db, CENTRE).add(kind, device, counter=counter)
        self.broker.add(device, kind)
        return self.broker.session_config(device, kind)

    def context(self, **settings) -> ServiceContext:
        centre = load_centre(self.centre_file)
        settings = Settings(database_url=self.url, centre_files=[self.centre_file], enforce_hours=False,
                            mqtt_credentials=self.creds, **settings)
        return ServiceContext(settings=settings, db=Database(self.url), centres={centre.centre.id: centre})

    @contextlib.contextmanager
    def service(self, **settings):
        context = self.context(**settings)
        with TestClient(create_app(context)) as client:
            client.context = context
            yield client

    def clerk(self, counter: int, staff_id: str = "cb1") -> dict:
        return {"Authorization": f"Bearer {create_token(self.db, Role.clerk, centre=CENTRE, counter=counter, staff_id=staff_id)}"}

    def token(self, role: Role, **kwargs) -> dict:
        return {"Authorization": f"Bearer {create_token(self.db, role, centre=CENTRE, **kwargs)}"}

    def kiosk_token(self) -> dict:
        return {"Authorization": f"Bearer {create_token(self.db, Role.device, centre=CENTRE)}"}


@contextlib.contextmanager
def centre_store(broker: TestBroker, directory: Path, centre_file: Path = DEMO):
    """A migrated SQLite store and the service's broker credential: a Centre to provision devices on and to run."""
    url = f"sqlite:///{directory / 'motcua.db'}"
    db = Database(url).start()
    db.upgrade()
    creds = directory / "service.json"
    creds.write_text(json.dumps({"centre": CENTRE, "host": broker.host, "port": broker.port,
                                 "username": "service", "password": broker.passwords["service"]}))
    try:
        yield Centre(broker, db, url, creds, centre_file)
    finally:
        db.stop()
