"""The citizen's live ticket page (the QR on the ticket) in headless Chromium at a phone's size, on a real uvicorn:
it moves as the clerk calls (no reload), says so when its own number is called, offers the rating once served,
follows the service through a restart, and tells an unknown ticket plainly."""

from __future__ import annotations

from pathlib import Path

import httpx

from queue_service.api.app import create_app
from queue_service.context import ServiceContext
from queue_service.queue.recorder import Actor
from queue_service.store import Database
from tests.queue.conftest import make_context
from tests.support.web import browser_page, serve

CENTRE = "hcc-demo"
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
CLERK = Actor("nv05")
PHONE = {"width": 360, "height": 740}


def _context(sqlite_url, demo_centre, clock):
    db = Database(sqlite_url)
    return make_context(db, demo_centre, clock)


def _text(page, selector: str, text: str) -> None:
    page.wait_for_function("([s, t]) => document.querySelector(s).innerText.includes(t)", arg=[selector, text],
                           timeout=5000)


def test_the_page_moves_with_the_calls_then_offers_the_rating(sqlite_url, demo_centre, clock):
    app = create_app(_context(sqlite_url, demo_centre, clock))
    engine = app.state.engine
    with serve(app) as base, browser_page(**PHONE) as page:
        engine.open_counter(CENTRE, 5, CLERK, staff_id="nv05")
        before = [engine.issue(CENTRE, "DD") for _ in range(2)]
        mine = engine.issue(CENTRE, "DD")
        page.goto(f"{base}/t/{mine.public_id}")
        _text(page, "#facts", "Số người chờ trước Ông/Bà: 2")
        page.evaluate("window.notReloaded = true")
        assert "Chưa gọi số nào" in page.inner_text("#called")

        engine.call_next(CENTRE, 5, CLERK)
        _text(page, "#facts", "Số người chờ trước Ông/Bà: 1")
        _text(page, "#called", f"Số đang được gọi: {before[0].number} · Quầy số 5")
        assert "Thời gian chờ dự kiến" in page.inner_text("#facts")
        page.screenshot(path=str(SCREENS / "ticket-waiting.png"), full_page=True)

        engine.call_next(CENTRE, 5, CLERK)  # finishes the first, calls the second
        _text(page, "#called", before[1].number)
        _text(page, "#facts", "Số người chờ trước Ông/Bà: 0")
        engine.call_next(CENTRE, 5, CLERK)
        _text(page, "#state", "Mời Ông/Bà đến quầy số 5")
        assert "Please go to counter 5" in page.inner_text("#state")
        assert page.inner_text("#facts") == ""
        page.screenshot(path=str(SCREENS / "ticket-called.png"), full_page=True)

        engine.start(CENTRE, 5, CLERK)
        _text(page, "#state", "Đang được phục vụ tại quầy số 5")
        engine.finish(CENTRE, 5, CLERK)
        page.wait_for_selector("#rating button")
        _text(page, "#state", "Đã phục vụ xong")
        page.screenshot(path=str(SCREENS / "ticket-done.png"), full_page=True)
        assert page.evaluate("window.notReloaded") is True
        assert page.evaluate("source.readyState") == 2  # the stream ended with the ticket: no reconnects
        body = page.inner_text("body")
    for personal in ("nv05", "Võ Minh Em"):
        assert personal not in body


def test_the_page_follows_the_service_through_a_restart(sqlite_url, demo_centre, clock):
    context = _context(sqlite_url, demo_centre, clock)
    app = create_app(context)
    with browser_page(**PHONE) as page:
        with serve(app) as base:
            app.state.engine.open_counter(CENTRE, 5, CLERK)
            first, mine = app.state.engine.issue(CENTRE, "DD"), app.state.engine.issue(CENTRE, "DD")
            page.goto(f"{base}/t/{mine.public_id}")
            _text(page, "#facts", "Số người chờ trước Ông/Bà: 1")
            page.evaluate("window.notReloaded = true")
        _text(page, "#status", "Đang kết nối lại")
        again = create_app(ServiceContext(settings=context.settings, db=Database(sqlite_url),
                                          centres=context.centres, clock=clock))
        with serve(again, port=int(base.rsplit(":", 1)[1])):
            again.state.engine.call_next(CENTRE, 5, CLERK)  # a call while the page was away
            _text(page, "#facts", "Số người chờ trước Ông/Bà: 0")
            _text(page, "#called", first.number)
            again.state.engine.call_next(CENTRE, 5, CLERK)  # a call the page receives live
            _text(page, "#state", "Mời Ông/Bà đến quầy số 5")
            assert page.evaluate("window.notReloaded") is True


def test_an_unknown_ticket_is_told_plainly(sqlite_url, demo_centre, clock):
    app = create_app(_context(sqlite_url, demo_centre, clock))
    with serve(app) as base, browser_page(**PHONE) as page:
        reply = httpx.get(f"{base}/api/v1/tickets/public/nosuchticket/live")
        assert reply.status_code == 404 and reply.json()["error"]["code"] == "unknown_ticket"
        page.goto(f"{base}/t/nosuchticket")
        _text(page, "#state", "Không tìm thấy số thứ tự này")
        assert "No such ticket" in page.inner_text("#state")
        assert "kiểm tra lại mã QR" in page.inner_text("#facts")
        page.screenshot(path=str(SCREENS / "ticket-unknown.png"), full_page=True)
