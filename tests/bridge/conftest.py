"""Fixtures of the bridge tests: a real Mosquitto, a store with provisioned devices, the app with the bridge on."""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
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
from tests.support.broker import TestBroker, require_mosquitto

CENTRE = "hcc-demo"


@dataclass
class Centre:
    """A demo centre wired to a real broker: provision devices, then run the service (TestClient runs the lifespan)."""

    broker: TestBroker
    db: Database
    url: str
    creds: Path

    def provision(self, kind: str, device: str, counter: int | None = None):
        DeviceRegistry(self.db, CENTRE).add(kind, device, counter=counter)
        self.broker.add(device, kind)
        return self.broker.session_config(device, kind)

    def context(self, **settings) -> ServiceContext:
        centre = load_centre(DEMO)
        settings = Settings(database_url=self.url, centre_files=[DEMO], enforce_hours=False, mqtt_credentials=self.creds,
                            **settings)
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


@pytest.fixture
def broker_kind() -> str:
    """Mosquitto, unless a test module parametrizes `broker_kind` over BROKER_KINDS (the embedded broker too)."""
    return "mosquitto"


@pytest.fixture
def broker(tmp_path, broker_kind):
    require_mosquitto(broker_kind)
    running = TestBroker(tmp_path / "broker", centre=CENTRE, kind=broker_kind).start()
    yield running
    running.stop()


@pytest.fixture
def centre(broker, tmp_path):
    url = f"sqlite:///{tmp_path / 'motcua.db'}"
    db = Database(url).start()
    db.upgrade()
    creds = tmp_path / "service.json"
    creds.write_text(json.dumps({"centre": CENTRE, "host": broker.host, "port": broker.port,
                                 "username": "service", "password": broker.passwords["service"]}))
    yield Centre(broker, db, url, creds)
    db.stop()
