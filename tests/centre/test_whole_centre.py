"""A whole centre in one test: the citizen's path from the kiosk's touch (and the "your turn is near" SMS through
the SMS agent on its emulated modem) to the rating, through real processes
(Mosquitto, `motcua service`, the agents) on emulated hardware. Every agent issue extends this path."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
import zxingcpp

from display.chrome import NUMBER
from display.layout import HallLayout
from devicekit.ui import grid
from kiosk.lookup_scenes import DIGIT_KEYS
from kiosk.style import GAP, action_rects, bottom_button, field_rects, keyboard_rects, phone_rects, priority_rects
from tests.support.bookings import booking
from tests.support.centre import KIOSK_SCREEN
from tests.support.service import CENTRE
from tests.mqtt.helpers import wait_for
from wire.booking import ALPHABET

pytestmark = [pytest.mark.mosquitto, pytest.mark.slow]
# The relay's answers while a kiosk is still starting: taken (204); not yet seen to have a screen (409); not
# connected (503); connected but too busy starting to answer in time (504).
NOT_YET = (204, 409, 503, 504)


def take_a_number(c, printer, group: int | None = None) -> str:
    """A citizen touches "Tư pháp – Hộ tịch" on the kiosk (relayed from the mirror page), then "No priority" or the
    `group`-th priority group, and takes the slip; returns the number printed on it, after checking its QR, read from
    the printed picture, is the live page of that ticket."""
    width, height = KIOSK_SCREEN
    field = field_rects(KIOSK_SCREEN, 1)[0]
    choices, _back = priority_rects(KIOSK_SCREEN, 4)  # the demo centre's four groups
    choice = choices[0 if group is None else group + 1]
    home = bottom_button(KIOSK_SCREEN)  # Home on the number and notice screens, Back on the priority question
    before, cuts = len(c.tickets()), sum(p.kind == "cut" for p in printer.emulator.printed)
    deadline = time.monotonic() + 60  # agent processes start slowly on a loaded 2-core CI machine
    # Until the kiosk process is up and has the board, a touch does nothing; the store says when one took a number.
    while len(c.tickets()) == before and time.monotonic() < deadline:
        assert c.touch("kiosk-1", home.centerx / width, home.centery / height).status_code in NOT_YET
        time.sleep(0.5)  # past the guard that drops a tap right after a screen change
        assert c.touch("kiosk-1", field.centerx / width, field.centery / height).status_code in NOT_YET
        time.sleep(0.5)
        assert c.touch("kiosk-1", choice.centerx / width, choice.centery / height).status_code in NOT_YET
        wait_for(lambda: len(c.tickets()) > before, 3)
    assert len(c.tickets()) == before + 1, c.logs()
    ticket = c.tickets()[-1]
    paper = printer.emulator
    assert wait_for(lambda: sum(p.kind == "cut" for p in paper.printed) == cuts + 1, 15), c.logs()
    assert any(p.kind == "text" and ticket.number in p.content for p in paper.printed)
    codes = zxingcpp.read_barcodes(paper.render(), formats=zxingcpp.BarcodeFormat.QRCode)
    assert codes and codes[-1].text == f"{c.base}/t/{ticket.public_id}"
    live = c.http.get(f"{c.base}/api/v1/tickets/public/{ticket.public_id}").json()
    assert live["number"] == ticket.number
    return ticket.number


def answer_sms_offer(c, phone: str | None) -> None:
    """After a number is printed the kiosk offers the "your turn is near" SMS: type `phone` and touch OK, or touch
    Skip (None)."""
    width, height = KIOSK_SCREEN

    def touch(rect) -> None:
        assert c.touch("kiosk-1", rect.centerx / width, rect.centery / height).status_code in NOT_YET

    *_words, keys, skip, ok = phone_rects(KIOSK_SCREEN)
    time.sleep(0.6)  # the offer follows the print; then past the guard that drops a tap right after a screen change
    if phone is None:
        return touch(skip)
    cells = grid(keys, 15, 3, gap=GAP)
    for digit in phone:
        touch(cells[DIGIT_KEYS.index(digit)])
    touch(ok)


def check_in(c, printer, code: str) -> str:
    """Home, "Đã đặt lịch hẹn?", the code on the keyboard, "Nhận số"; returns the number printed."""
    width, height = KIOSK_SCREEN

    def touch(rect) -> None:
        assert c.touch("kiosk-1", rect.centerx / width, rect.centery / height).status_code in NOT_YET

    _box, keys, (_back, _delete, ok) = keyboard_rects(KIOSK_SCREEN, len(ALPHABET))
    before, cuts = len(c.tickets()), sum(p.kind == "cut" for p in printer.emulator.printed)
    touch(bottom_button(KIOSK_SCREEN))  # Home, from the last number's screen
    time.sleep(0.5)  # past the guard that drops a tap right after a screen change
    touch(action_rects(KIOSK_SCREEN, 2)[0])
    time.sleep(0.5)
    for symbol in code:
        touch(keys[ALPHABET.index(symbol)])
    touch(ok)
    assert wait_for(lambda: len(c.tickets()) == before + 1, 10), c.logs()
    number = c.tickets()[-1].number
    paper = printer.emulator
    assert wait_for(lambda: sum(p.kind == "cut" for p in paper.printed) == cuts + 1, 15), c.logs()
    assert any(p.kind == "text" and number in p.content for p in paper.printed)
    return number


def test_a_citizen_from_the_kiosk_to_the_rating(whole_centre):
    c = whole_centre
    c.start_service()
    printer = c.add_kiosk(sms_offer=True)
    modem = c.add_sms()
    announcements = c.add_display()
    one, two = c.add_counter(1), c.add_counter(2)
    c.open_counter(1, "nv01")
    c.open_counter(2, "nv02")
    assert wait_for(lambda: one.led.shown == "----" and two.led.shown == "----", 40), c.logs()

    first = take_a_number(c, printer, group=0)  # an elderly citizen, who skips the SMS offer
    answer_sms_offer(c, None)
    second = take_a_number(c, printer)
    assert (c.ticket(first).priority_group, c.ticket(second).priority_group) == ("elderly", None)
    # The second citizen types a phone number: one person is ahead, so the SMS agent's modem gets it at once.
    answer_sms_offer(c, "0912345678")
    name = c.store.context().centre(CENTRE).centre.name_vi
    assert wait_for(lambda: modem.messages, 30), c.logs()
    assert modem.messages == [("0912345678", f"{name}: Số {second} của Ông/Bà còn 1 người nữa đến lượt. "
                                             "Vui lòng có mặt tại khu chờ.")]
    # Calls are not retained: the hall display must be up (its screen answers) before the clerks call.
    assert wait_for(lambda: c.screen("display-hall").status_code == 200, 40, step=1), c.logs()

    # The clerk at counter 1 presses Next: the LED above counter 1 shows the number and the hall display calls it.
    one.keypad.press("next")
    assert wait_for(lambda: one.led.shown == first, 10), c.logs()
    two.keypad.press("next")
    assert wait_for(lambda: two.led.shown == second, 10), c.logs()

    def spoken() -> list[str]:
        lines = announcements.read_text(encoding="utf-8").splitlines() if announcements.exists() else []
        said = [json.loads(line) for line in lines]
        # said aloud: the chime, "Mời công dân có số thứ tự", each digit, "đến quầy số", the counter's one digit
        clips = [1 + 1 + len(line["number"]) + 1 + 1 for line in said]
        assert [(line["voice"], line["clips"]) for line in said] == [("on", n) for n in clips], said
        return [line["text"] for line in said]

    assert wait_for(lambda: len(spoken()) == 2, 10), c.logs()
    assert spoken() == [f"Mời công dân có số thứ tự {' '.join(first)} đến quầy số 1",
                        f"Mời công dân có số thứ tự {' '.join(second)} đến quầy số 2"]
    hall = c.screen("display-hall")  # what an IT officer sees on the display's mirror page
    assert hall.status_code == 200 and hall.content.startswith(b"\x89PNG"), hall.text[:300]
    assert hall_shows_a_number(hall.content), "the newest call's number, amber and large, on the hall's screen"
    assert (c.ticket(first).counter, c.ticket(second).counter) == (1, 2)
    board = c.http.get(f"{c.base}/api/v1/centres/hcc-demo/board").json()  # the manager's board, with the group
    at_one = next(counter for counter in board["counters"] if counter["number"] == 1)
    assert (at_one["current"]["number"], at_one["current"]["priority_group"]) == (first, "elderly")

    # Finish opens the rating pad for that ticket; the citizen presses the best button.
    one.keypad.press("finish")
    assert wait_for(lambda: c.ticket(first).state == "done" and one.led.shown == "----", 10), c.logs()
    ticket_id = c.ticket(first).id
    # The service's rating.open arms the pad a moment after the finish; a press before that is ignored, as the
    # citizen who presses too early sees nothing happen and presses again.
    assert wait_for(lambda: one.pad.press(4) or c.rating(ticket_id), 10, step=0.5), c.logs()
    rating = c.rating(ticket_id)
    assert (rating.value, rating.counter, rating.staff_id, rating.device) == (4, 1, "nv01", "counter-01")

    # A citizen who booked online for now checks in: "Đã đặt lịch hẹn?", the code typed, "Nhận số"; the booking's
    # ticket is printed and waits with its slot (served at its slot, before walk-ins).
    slot = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)
    code = booking(c.store.db, slot)
    checked_in = check_in(c, printer, code)
    assert c.ticket(checked_in).channel == "booking" and c.ticket(checked_in).booking_slot == slot

    codes = c.stop()  # SIGTERM, as systemd stops them: each agent says goodbye and exits 0
    assert all(code == 0 for name, code in codes.items() if name != "service"), (codes, c.logs())
    # uvicorn re-raises the SIGTERM it handled once its shutdown is complete
    assert "Application shutdown complete" in c.service.text() and codes["service"] in (0, -15), c.logs()


def hall_shows_a_number(png: bytes) -> bool:
    """The mirror's picture (downscaled) has the big number's band mostly amber, as the full screen has."""
    import io

    from PIL import Image
    with Image.open(io.BytesIO(png)) as image:
        picture = image.convert("RGB")
    scale = picture.width / 1920
    band = HallLayout.of((1920, 1080)).number
    box = tuple(round(v * scale) for v in (band.left, band.top, band.right, band.bottom))
    pixels = list(picture.crop(box).getdata())
    amber = sum(all(abs(a - b) <= 60 for a, b in zip(p, NUMBER)) for p in pixels)
    return amber > 0.2 * len(pixels)
