"""The devices page in Chromium, on a real server with the MQTT bridge on a real Mosquitto: every device with its
kind, counter, availability, health and software; a screen agent's live thumbnail for an administrator, linking to
its mirror, which takes a tap with the console's session; a device dropping shows without a reload.
Screenshot: docs/screens/devices-1366.png."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from devicekit.mqtt.session import DeviceSession
from queue_service.api.app import create_app
from queue_service.auth.passwords import set_password
from tests.bridge.conftest import broker, broker_kind, centre  # noqa: F401 (the bridge tests' fixtures)
from tests.bridge.helpers import wait_for
from tests.bridge.screen_agent import ScreenAgent
from tests.operations.test_board_page import CENTRE, PASSWORD, sign_in
from tests.support.web import browser_page, serve
from wire.messages import Health, Part

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def test_the_devices_page_shows_each_device_and_a_live_mirror(centre):  # noqa: F811
    kiosk = ScreenAgent(dataclasses.replace(centre.provision("kiosk", "kiosk-1"), capabilities=("screen",)))
    desk = DeviceSession(centre.provision("counter", "counter-04", counter=4))
    centre.provision("display", "display-hall")  # provisioned, never connected yet
    now = dt.datetime.now(dt.timezone.utc)
    for staff in ("admin", "gd01"):
        set_password(centre.db, CENTRE, staff, PASSWORD, now, must_change=False)
    context = centre.context()
    with serve(create_app(context)) as base, browser_page(1366, 768) as page:
        assert kiosk.start() and desk.start()
        desk.set_health(Health(parts={"keypad": Part(status="fault", detail="unplugged: /dev/ttyUSB0"),
                                      "led": Part(status="ok")}))
        desk.set_state("alert")
        kiosk.session.set_health(Health(parts={"printer": Part(status="warning", detail="paper near end")}))
        assert wait_for(lambda: context.bridge and "screen" in context.bridge.registry.get("kiosk-1").capabilities
                        and context.bridge.registry.get("counter-04").state == "alert")
        sign_in(page, base, "admin")
        page.goto(f"{base}/devices/{CENTRE}")
        page.wait_for_selector("body[data-ready]")
        page.evaluate("window.notReloaded = true")
        row = page.locator("#devices tr[data-device='counter-04']")
        assert row.get_attribute("data-availability") == "alert"
        text = row.inner_text()
        assert "Thiết bị quầy" in text and "Có sự cố" in text and "Bàn phím: Lỗi · unplugged: /dev/ttyUSB0" in text
        assert "Bảng số LED: Tốt" in text
        assert page.locator("#devices tr[data-device='display-hall']").inner_text().count("Chưa kết nối") == 1
        assert page.locator("#devices tr[data-device='counter-04'] img").count() == 0, "no screen, no mirror"
        page.wait_for_function("document.querySelector(\"img[data-device='kiosk-1']\").naturalWidth > 0")
        assert "Máy in: Cảnh báo · paper near end" in page.inner_text("#devices tr[data-device='kiosk-1']")
        page.screenshot(path=str(SCREENS / "devices-1366.png"))

        desk.stop()  # the counter's agent is switched off: the row says so at once
        page.wait_for_selector("#devices tr[data-device='counter-04'][data-availability='disconnected']", timeout=1000)
        assert "Đã tắt" in page.inner_text("#devices tr[data-device='counter-04']")
        assert page.evaluate("window.notReloaded") is True

        page.click("#devices tr[data-device='kiosk-1'] a.mirror")
        page.wait_for_function("document.getElementById('screen').naturalWidth > 0")
        assert "csrf" not in page.url, "the CSRF token leaves the address bar"
        box = page.locator("#screen").bounding_box()
        page.locator("#screen").click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.25})
        assert wait_for(lambda: kiosk.touches), "an administrator's tap through the session reaches the screen"

        page.context.clear_cookies()
        sign_in(page, base, "gd01")  # a manager sees the devices, not their screens
        page.goto(f"{base}/devices/{CENTRE}")
        page.wait_for_selector("body[data-ready]")
        assert page.locator("img[data-device]").count() == 0
        assert "Chỉ quản trị viên xem được màn hình" in page.inner_text("#devices tr[data-device='kiosk-1']")
    kiosk.stop()
