"""The operations board in Chromium, on a real server with the MQTT bridge on a real Mosquitto (the project's ACLs):
a call, a printer running out of paper and back, and a counter's device dropping each show within a second, without a
reload; the TV mode has no control. Screenshots: docs/screens/board-1366.png (and -en), board-tv-1920.png."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from devicekit.mqtt.session import DeviceSession
from queue_service.api.app import create_app
from queue_service.auth.passwords import set_password
from queue_service.queue.recorder import Actor
from queue_service.ratings.rules import GivenRating, RatingBook
from tests.bridge.conftest import broker, broker_kind, centre  # noqa: F401 (the bridge tests' fixtures)
from tests.bridge.helpers import wait_for
from tests.support.clock import ManualClock
from tests.support.web import browser_page, serve, sign_in as sign_in_as
from wire.messages import Health, Part

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
CENTRE = "hcc-demo"
PASSWORD = "mat-khau-giam-doc"
WITHIN_MS = 1000


def sign_in(page, base: str, staff_id: str) -> None:
    sign_in_as(page, base, CENTRE, staff_id, PASSWORD)


def a_morning(context, engine, clock: ManualClock) -> None:
    """The last 50 minutes of a morning: counters open, one paused, people waiting in several fields (some longer
    than their target), a few served and rated."""
    book = RatingBook(context.db, context.centre(CENTRE), clock)
    for number, clerk in ((1, "nv01"), (2, "nv02"), (4, "nv03"), (5, "nv01"), (8, "nv02")):
        engine.open_counter(CENTRE, number, Actor(clerk), staff_id=clerk)
    for field, n in (("HT", 6), ("CT", 3), ("LLTP", 6), ("DD", 4), ("DKKD", 2), ("BHXH", 3)):
        for _ in range(n):
            engine.issue(CENTRE, field)
            clock.advance(seconds=50)
    for value in (4, 4, 3, 1):
        engine.call_next(CENTRE, 4, Actor("nv03"))
        clock.advance(minutes=3)
        done = engine.finish(CENTRE, 4, Actor("nv03")).finished
        assert book.record(GivenRating("pad-4", 4, done.id, value, None, clock())) is not None
    engine.pause(CENTRE, 8, Actor("nv02"))
    clock.advance(minutes=20)
    for number in (1, 2, 5):
        engine.call_next(CENTRE, number, Actor("x"))
        clock.advance(minutes=2)
    engine.call_next(CENTRE, 4, Actor("nv03"))


def test_the_board_follows_calls_devices_and_alerts_live(centre):  # noqa: F811
    kiosk = DeviceSession(centre.provision("kiosk", "kiosk-1"))
    desk = DeviceSession(centre.provision("counter", "counter-03", counter=3))
    now = dt.datetime.now(dt.timezone.utc)
    set_password(centre.db, CENTRE, "gd01", PASSWORD, now, must_change=False)
    set_password(centre.db, CENTRE, "nv01", PASSWORD, now, must_change=False)
    context = centre.context(alerts_interval_s=0.2)
    context.clock = clock = ManualClock(dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=50))
    app = create_app(context)
    engine = app.state.engine
    with serve(app) as base, browser_page(1366, 768) as page:
        assert kiosk.start() and desk.start()
        kiosk.set_health(Health(parts={"printer": Part(status="ok"), "camera": Part(status="ok")}))
        assert wait_for(lambda: context.bridge and context.bridge.registry.get("counter-03").state == "ready")
        a_morning(context, engine, clock)
        engine.open_counter(CENTRE, 3, Actor("nv02"), staff_id="nv02")
        sign_in(page, base, "gd01")  # a manager signing in lands on the board, not on the counter picker
        assert page.url == f"{base}/board/{CENTRE}/live", page.url
        page.wait_for_selector("body[data-ready]")
        page.evaluate("window.notReloaded = true")
        assert page.inner_text("#counters [data-counter='3'] .status") == "Đang chờ khách"
        assert "Trần Thị Bình" in page.inner_text("#counters [data-counter='3']")

        start = time.monotonic()
        called = engine.call_next(CENTRE, 3, Actor("nv02")).ticket.number
        page.wait_for_selector(f"#counters [data-counter='3'] .num > span:first-child:text-is('{called}')", timeout=WITHIN_MS)
        assert time.monotonic() - start < 1.0
        assert page.inner_text("#counters [data-counter='3'] .status") == "Đang phục vụ"

        kiosk.set_health(Health(parts={"printer": Part(status="fault", detail="paper out"), "camera": Part(status="ok")}))
        page.wait_for_selector("#alert-list li[data-kind=paper_out][data-open]", timeout=WITHIN_MS)
        assert "Máy in của kiosk-1 hết giấy" in page.inner_text("#alert-list")
        kiosk.set_health(Health(parts={"printer": Part(status="ok"), "camera": Part(status="ok")}))
        page.wait_for_selector("#alert-list li.ended[data-kind=paper_out]", timeout=WITHIN_MS)
        assert page.locator("#alert-list li[data-kind=paper_out][data-open]").count() == 0

        kiosk.set_health(Health(parts={"printer": Part(status="warning", detail="paper near end"),
                                       "camera": Part(status="fault", detail="camera lost: /dev/video0")}))
        desk._client.loop_stop()
        desk._client.socket().close()  # the counter's agent dies: the broker sends its last will, `lost`
        start = time.monotonic()
        page.wait_for_selector("#counters [data-counter='3'].offline", timeout=WITHIN_MS)
        assert time.monotonic() - start < 1.0
        page.wait_for_selector("#alert-list li[data-kind=device_offline][data-subject=counter-03]", timeout=WITHIN_MS)
        page.wait_for_selector("#alert-list li[data-kind=camera_lost][data-open]", timeout=WITHIN_MS)
        page.wait_for_selector("#alert-list li[data-kind=paper_low][data-open]", timeout=WITHIN_MS)
        assert page.inner_text("#counters [data-counter='3'] .status") == "Mất kết nối"
        assert "Thiết bị mất kết nối: 1/2" in page.inner_text("#devices-line")
        assert page.evaluate("window.notReloaded") is True, "every change came without a reload"
        page.screenshot(path=str(SCREENS / "board-1366.png"))

        page.goto(f"{base}/board/{CENTRE}/live?lang=en")
        page.wait_for_selector("body[data-ready]")
        assert "Counter 3" in page.inner_text("#counters") and "Offline" in page.inner_text("#counters")
        assert "kiosk-1 lost its camera" in page.inner_text("#alert-list")
        page.screenshot(path=str(SCREENS / "board-1366-en.png"))

        page.set_viewport_size({"width": 1920, "height": 1080})
        page.goto(f"{base}/board/{CENTRE}/live?tv=1&lang=vi")
        page.wait_for_selector("body.tv[data-ready]")
        assert page.locator("a, button, input, select, textarea, form").count() == 0, "a TV has no control"
        engine.call_next(CENTRE, 1, Actor("nv01"))
        page.wait_for_function("document.body.dataset.event !== undefined")
        page.screenshot(path=str(SCREENS / "board-tv-1920.png"))

        page.context.clear_cookies()
        sign_in(page, base, "nv01")  # a clerk's session sees no board
        page.goto(f"{base}/board/{CENTRE}/live")
        assert "không có quyền" in page.inner_text("body")
    kiosk.stop()
    desk._connected.clear()  # its socket is gone: nothing to say goodbye on
    desk.stop()  # its threads and outbox
