"""A whole centre in one test: the citizen's path from the kiosk's touch to the rating, through real processes
(Mosquitto, `motcua service`, the agents) on emulated hardware. Every agent issue extends this path."""

from __future__ import annotations

import pytest

from tests.mqtt.helpers import wait_for

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]


def test_a_citizen_from_the_kiosk_to_the_rating(whole_centre):
    c = whole_centre
    c.start_service()
    one, two = c.add_counter(1), c.add_counter(2)
    c.open_counter(1, "nv01")
    c.open_counter(2, "nv02")
    assert wait_for(lambda: one.led.shown == "----" and two.led.shown == "----", 20), c.logs()

    kiosk = c.store.kiosk_token()
    first, second = (c.http.post(f"{c.api}/tickets", json={"field": "HT"}, headers=kiosk).json()["number"]
                     for _ in range(2))

    # The clerk at counter 1 presses Next: the LED above counter 1 shows the number.
    one.keypad.press("next")
    assert wait_for(lambda: one.led.shown == first, 10), c.logs()
    two.keypad.press("next")
    assert wait_for(lambda: two.led.shown == second, 10), c.logs()
    assert (c.ticket(first).counter, c.ticket(second).counter) == (1, 2)

    # Finish opens the rating pad for that ticket; the citizen presses the best button.
    one.keypad.press("finish")
    assert wait_for(lambda: c.ticket(first).state == "done" and one.led.shown == "----", 10), c.logs()
    ticket_id = c.ticket(first).id
    # The service's rating.open arms the pad a moment after the finish; a press before that is ignored, as the
    # citizen who presses too early sees nothing happen and presses again.
    assert wait_for(lambda: one.pad.press(4) or c.rating(ticket_id), 10, step=0.5), c.logs()
    rating = c.rating(ticket_id)
    assert (rating.value, rating.counter, rating.staff_id, rating.device) == (4, 1, "nv01", "counter-01")

    codes = c.stop()  # SIGTERM, as systemd stops them: each agent says goodbye and exits 0
    assert all(code == 0 for name, code in codes.items() if name != "service"), (codes, c.logs())
    # uvicorn re-raises the SIGTERM it handled once its shutdown is complete
    assert "Application shutdown complete" in c.service.text() and codes["service"] in (0, -15), c.logs()
