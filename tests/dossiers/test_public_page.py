"""The public tracking page rendered in headless Chromium (Playwright): status shown, no name, ID number or phone."""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn

from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from tests.dossiers.test_api import BODY, ID_NUMBER, NAME, PHONE, make_client

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(sqlite_url, desk, monkeypatch):
    """A real uvicorn on a free loopback port, stopped at the end (no browser download: Debian's chromium)."""
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    client = make_client(desk.db, str(desk.db.url), desk, monkeypatch)
    port = _free_port()
    config = uvicorn.Config(client.app, host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if uv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_rendered_tracking_page_shows_no_personal_data(server, desk):
    import httpx
    from playwright.sync_api import sync_playwright

    token = create_token(desk.db, Role.clerk, centre="hcc-demo", counter=1, staff_id="nv01")
    created = httpx.post(f"{server}/api/v1/centres/hcc-demo/dossiers", json=BODY, headers={"Authorization": f"Bearer {token}"})
    code = created.json()["code"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{server}/tra-cuu")
            page.fill("input[name=ma]", code)
            page.fill("input[name=id4]", "4567")
            page.click("button[type=submit]")
            page.wait_for_selector("#result")
            text = page.inner_text("body")
            html = page.content()
        finally:
            browser.close()
    assert code in text and "Được tiếp nhận" in text and "09:00 ngày 19/11/2026" in text
    for secret in (NAME, "Nguyễn", ID_NUMBER, "07930123", PHONE, "0905", "Lê Lợi"):
        assert secret not in text and secret not in html
