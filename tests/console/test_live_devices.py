"""Through the real devices' path: Mosquitto with the project's ACLs, the service's MQTT bridge, a kiosk asking for a
ticket and the counter's keypad pressing Next and Start over MQTT (what their agents send), and the clerk's counter
screen in Chromium showing each without a reload."""

from __future__ import annotations

import datetime as dt

from devicekit.mqtt.session import DeviceSession
from queue_service.api.app import create_app
from queue_service.auth.passwords import set_password
from tests.bridge.conftest import broker, broker_kind, centre  # noqa: F401 (the bridge tests' fixtures)
from tests.console.conftest import CENTRE, OWN, Console, sign_in
from tests.support.web import browser_page, serve


def test_a_kiosk_ticket_and_keypad_presses_over_mqtt_show_on_the_counter_screen(centre):  # noqa: F811
    kiosk_config = centre.provision("kiosk", "kiosk-1")
    keypad_config = centre.provision("counter", "counter-03", counter=3)
    set_password(centre.db, CENTRE, "nv02", OWN, dt.datetime.now(dt.timezone.utc), must_change=False)
    context = centre.context()
    app = create_app(context)
    kiosk, keypad = DeviceSession(kiosk_config), DeviceSession(keypad_config)
    with serve(app) as url, browser_page(1366, 768) as page:
        console = Console(url, context, context.clock, app.state.engine, stop=lambda: None)
        sign_in(page, console, "nv02", OWN)
        page.click("button[value='3']")
        page.wait_for_selector("body[data-ready]")
        page.evaluate("window.notReloaded = true")
        assert kiosk.start(5) and keypad.start(5)
        try:
            number = kiosk.request("ticket.issue", {"field": "CT"}).ticket.number
            page.wait_for_selector(f"#queues [data-field=CT] .ticket[data-number='{number}']")
            keypad.request("counter.action", {"action": "next", "counter": "03"})
            page.wait_for_function("n => document.getElementById('current-number').textContent.trim() === n", arg=number)
            keypad.request("counter.action", {"action": "start", "counter": "03"})
            page.wait_for_selector(".current .state:text('Đang phục vụ')")
            page.wait_for_function("t => document.querySelector('#queues [data-field=CT]').innerText === t",
                                   arg="Chứng thực: 0 người chờ\nKhông có ai chờ")  # the list is read after the state
            assert page.evaluate("window.notReloaded") is True
        finally:
            kiosk.stop()
            keypad.stop()
