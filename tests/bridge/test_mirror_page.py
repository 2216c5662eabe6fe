"""The mirror page in headless Chromium, on a real server with the bridge on: the board links each screen agent to
its mirror, the mirror shows the agent's screen and a click taps the agent's screen at that point."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from devicekit.mqtt.session import DeviceSession
from devicekit.mqtt.commands import CommandTable
from wire.messages import Health, Part

from queue_service.api.app import create_app
from queue_service.auth.roles import Role
from tests.bridge.helpers import wait_for
from tests.bridge.screen_agent import ScreenAgent
from tests.support.web import browser_page, serve

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def test_board_links_to_the_mirror_whose_click_taps_the_screen(centre):
    kiosk = ScreenAgent(dataclasses.replace(centre.provision("kiosk", "kiosk-1"), capabilities=("screen",)))
    counter = DeviceSession(centre.provision("counter", "counter-04", counter=4), CommandTable())
    token = centre.token(Role.admin)["Authorization"].removeprefix("Bearer ")
    context = centre.context()
    with serve(create_app(context)) as base, browser_page() as page:
        assert kiosk.start() and counter.start()
        # The counter's keypad is unplugged: its agent says so in its retained health, and the board shows it.
        counter.set_health(Health(parts={"keypad": Part(status="fault", detail="unplugged: /dev/ttyUSB0"),
                                         "led": Part(status="ok")}))
        counter.set_state("alert")
        assert wait_for(lambda: context.bridge and "screen" in context.bridge.registry.get("kiosk-1").capabilities)
        page.clock.set_fixed_time("2026-11-23T08:30:00+07:00")  # the board's clock: the same screenshot every run
        page.goto(f"{base}/board/hcc-demo#token={token}")
        link = page.wait_for_selector("#devices a[href*='/devices/kiosk-1/mirror']")
        page.wait_for_selector("#devices .device.problem")
        devices = page.inner_text("#devices")
        assert "counter-04 · Quầy 4" in devices and "keypad: unplugged: /dev/ttyUSB0" in devices
        assert "led:" not in devices, "a part that works is not a problem"
        assert page.locator("#devices a[href*='counter-04']").count() == 0, "only screen agents link to a mirror"
        page.screenshot(path=str(SCREENS / "board-devices.png"), full_page=True)
        assert "Ki-ốt lấy số" in page.inner_text("#devices")
        link.click()
        page.wait_for_function("document.getElementById('screen').naturalWidth > 0")
        assert page.url.startswith(f"{base}/devices/kiosk-1/mirror") and "token" not in page.url
        assert "Màn hình thiết bị" in page.inner_text("h1")
        captures = kiosk.captures
        page.wait_for_timeout(2500)
        assert kiosk.captures >= captures + 1, "the picture refreshes about once a second"
        box = page.locator("#screen").bounding_box()
        page.locator("#screen").click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
        assert wait_for(lambda: kiosk.touches)
        (x, y), = kiosk.touches
        assert abs(x - 0.25) < 0.01 and abs(y - 0.75) < 0.01
        page.evaluate("sessionStorage.setItem('motcua-token', 'wrong')")
        page.reload()
        page.wait_for_function("document.getElementById('status').classList.contains('error')")
        assert "Cần đăng nhập" in page.inner_text("#status") and "Sign-in required" in page.inner_text("#status")
    kiosk.stop()
    counter.stop()
