"""The live board and the citizen's ticket page, rendered in headless Chromium from a real server."""

from __future__ import annotations

from queue_service.api.app import create_app
from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from queue_service.queue.engine import QueueEngine
from queue_service.queue.recorder import Actor
from tests.support.web import browser_page, serve

CENTRE = "hcc-demo"


def test_board_and_ticket_pages_show_the_call(api, tmp_path):
    app = api.client.app
    engine: QueueEngine = app.state.engine
    clerk = Actor("nv03")
    engine.open_counter(CENTRE, 4, clerk)
    first = engine.issue(CENTRE, "LLTP")
    waiting = engine.issue(CENTRE, "LLTP")
    engine.call_next(CENTRE, 4, clerk)
    with serve(app) as base, browser_page() as page:
        page.goto(f"{base}/board/{CENTRE}")
        page.wait_for_selector(".counter.open")
        board = page.inner_text("body")
        page.screenshot(path=str(tmp_path / "board.png"))
        page.goto(f"{base}/t/{first.public_id}")
        page.wait_for_selector(".state.called")
        called = page.inner_text("body")
        page.goto(f"{base}/t/{waiting.public_id}")
        page.wait_for_function("document.getElementById('facts').innerText.includes('People ahead')")
        wait_page = page.inner_text("body")
    assert "Quầy 4" in board and first.number in board and "Lý lịch tư pháp" in board
    for name in ("Phạm Quốc Cường", "nv03"):
        assert name not in board
    assert "Mời bạn đến quầy số 4" in called and "Please go to counter 4" in called
    assert "Số người chờ trước bạn: 0" in wait_page and "Đang chờ gọi số" in wait_page
    assert (tmp_path / "board.png").stat().st_size > 10_000
