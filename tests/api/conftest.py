"""An app from the factory over a throwaway store, with tokens for each role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from queue_service.api.app import create_app
from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from queue_service.config import load_centre
from queue_service.context import ServiceContext
from queue_service.settings import Settings
from queue_service.store import Database
from tests.queue.conftest import DEMO
from tests.support.clock import ManualClock, local


@dataclass
class Api:
    client: TestClient
    context: ServiceContext
    clock: ManualClock

    def token(self, role: Role, **kwargs) -> dict:
        return {"Authorization": f"Bearer {create_token(self.context.db, role, **kwargs)}"}


@pytest.fixture
def api(sqlite_url):
    centre = load_centre(DEMO)
    clock = ManualClock(local(2026, 11, 23, 8, 0))
    context = ServiceContext(
        settings=Settings(database_url=sqlite_url, centre_files=[DEMO]),
        db=Database(sqlite_url), centres={centre.centre.id: centre}, clock=clock,
    )
    with TestClient(create_app(context)) as client:
        yield Api(client, context, clock)
