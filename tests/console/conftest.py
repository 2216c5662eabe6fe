"""The service on a real uvicorn over a throwaway store, staff passwords set, and Chromium at a clerk's 1366×768."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Callable

import pytest

from queue_service.api.app import create_app
from queue_service.auth.passwords import set_password
from queue_service.config import load_centre
from queue_service.context import ServiceContext
from queue_service.queue.engine import QueueEngine
from queue_service.settings import Settings
from queue_service.store import Database
from tests.queue.conftest import DEMO
from tests.support.clock import ManualClock, local
from tests.support.web import browser_page, serve

CENTRE = "hcc-demo"
TEMPORARY = "tam-thoi-0800"  # what the admin hands out
OWN = "mat-khau-cua-an"  # what nv01 chooses
SCREENS = "docs/screens"


@dataclass
class Console:
    url: str
    context: ServiceContext
    clock: ManualClock
    engine: QueueEngine
    stop: Callable[[], None]  # stops the service mid-test (a restart)

    def page_url(self, path: str) -> str:
        return f"{self.url}/console/{CENTRE}/{path}"


@pytest.fixture
def console(sqlite_url):
    centre = load_centre(DEMO)
    clock = ManualClock(local(2026, 11, 23, 8, 0))
    context = ServiceContext(settings=Settings(database_url=sqlite_url, centre_files=[DEMO]),
                             db=Database(sqlite_url), centres={centre.centre.id: centre}, clock=clock)
    app = create_app(context)
    with contextlib.ExitStack() as running:
        url = running.enter_context(serve(app))
        set_password(context.db, CENTRE, "nv01", TEMPORARY, clock())
        set_password(context.db, CENTRE, "nv02", OWN, clock(), must_change=False)
        yield Console(url, context, clock, app.state.engine, running.close)


@pytest.fixture
def page():
    """Chromium at the 1366×768 of a government PC."""
    with browser_page(1366, 768) as opened:
        yield opened


def sign_in(page, console: Console, staff_id: str, password: str) -> None:
    page.goto(console.page_url("sign-in"))
    page.fill("#staff_id", staff_id)
    page.fill("#password", password)
    page.click("button[type=submit]")
