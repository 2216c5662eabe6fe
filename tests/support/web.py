"""A real uvicorn on a free loopback port and Debian's headless Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from typing import Iterator

import pytest
import uvicorn

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(app, port: int | None = None) -> Iterator[str]:
    """`port` to serve again where a stopped service was (a restart). Open streams (server-sent events) are cut
    after a second at shutdown, as a restart does."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def browser_page(width: int = 1280, height: int = 800):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            raise AssertionError("CI must have Debian's chromium (scripts/system-deps.sh installs it)")
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def sign_in(page, base: str, centre: str, staff_id: str, password: str) -> None:
    """Sign in to the console in the browser, as staff do; the page then is where the console sends them."""
    page.goto(f"{base}/console/{centre}/sign-in")
    page.fill("#staff_id", staff_id)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
