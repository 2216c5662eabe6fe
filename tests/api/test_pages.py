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
    assert "Mời Ông/Bà đến quầy số 4" in called and "Please go to counter 4" in called
    assert "Số người chờ trước Ông/Bà: 0" in wait_page and "Đang chờ gọi số" in wait_page
    assert (tmp_path / "board.png").stat().st_size > 10_000


def test_the_public_board_is_pushed_not_polled_and_reads_once_per_change_for_all_its_pages(api):
    app = api.client.app
    engine: QueueEngine = app.state.engine
    streams = app.state.board_streams
    clerk = Actor("nv03")
    engine.open_counter(CENTRE, 4, clerk)
    first, second = engine.issue(CENTRE, "LLTP"), engine.issue(CENTRE, "LLTP")
    with serve(app) as base, browser_page() as page:
        other = page.context.browser.new_page()  # a second page on the same board: one read serves both
        asked = []
        page.on("request", lambda request: asked.append(request.url))
        for opened in (page, other):
            opened.goto(f"{base}/board/{CENTRE}")
            opened.wait_for_selector(".counter.open")
        page.evaluate("window.notReloaded = true")
        reads = streams.reads
        engine.call_next(CENTRE, 4, clerk)  # a clerk calls: both pages show it, from one read of the board
        for opened in (page, other):
            opened.wait_for_function(f"document.getElementById('counters').innerText.includes('{first.number}')")
        assert streams.reads - reads == 1
        engine.call_next(CENTRE, 4, clerk)
        page.wait_for_function(f"document.getElementById('counters').innerText.includes('{second.number}')")
        assert page.evaluate("window.notReloaded") is True
        page.wait_for_timeout(2500)  # longer than the old page's polling period
    board_reads = [url for url in asked if url.endswith(f"/api/v1/centres/{CENTRE}/board")]
    streams_opened = [url for url in asked if url.endswith(f"/api/v1/centres/{CENTRE}/board/live")]
    assert board_reads == [] and len(streams_opened) == 1, asked


def test_after_service_the_ticket_page_takes_one_rating(api):
    from pathlib import Path

    from sqlalchemy import select

    from queue_service.ratings.tables import Rating

    app = api.client.app
    engine: QueueEngine = app.state.engine
    clerk = Actor("nv03")
    engine.open_counter(CENTRE, 4, clerk, staff_id="nv03")
    pleased, displeased = engine.issue(CENTRE, "LLTP"), engine.issue(CENTRE, "LLTP")
    for _ in range(2):
        engine.call_next(CENTRE, 4, clerk)
        engine.finish(CENTRE, 4, clerk)
    screens = Path(__file__).resolve().parents[2] / "docs" / "screens"
    with serve(app) as base, browser_page() as page:
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
        page.goto(f"{base}/t/{pleased.public_id}")
        page.wait_for_selector("#rating button")
        page.screenshot(path=str(screens / "ticket-page-rating.png"), full_page=True)
        page.click("#rating button:has-text('Hài lòng') >> nth=1")  # "Rất hài lòng" is the first match
        page.wait_for_function("document.getElementById('rating').innerText.includes('Cảm ơn')")
        page.reload()
        page.wait_for_function("document.getElementById('rating').innerText.includes('đã được đánh giá')")
        page.goto(f"{base}/t/{displeased.public_id}")
        page.click("#rating button:has-text('Không hài lòng')")
        page.click("#rating button:has-text('Thời gian chờ lâu')")
        page.wait_for_function("document.getElementById('rating').innerText.includes('Cảm ơn')")
        with api.context.db.read() as session:  # while the server runs: its shutdown closes the store
            rows = {r.ticket_id: (r.value, r.reason, r.device, r.staff_id) for r in session.scalars(select(Rating))}
    assert rows == {pleased.id: (3, None, "web", "nv03"),
                    displeased.id: (1, "Thời gian chờ lâu / Long wait", "web", "nv03")}
