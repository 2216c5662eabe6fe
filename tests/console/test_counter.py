"""A signed-in clerk picks their counter (it opens under their staff id) and works it from the counter screen with the
keyboard; the session acts for that counter only."""

from __future__ import annotations

from queue_service.queue.recorder import Actor
from tests.console.conftest import CENTRE, OWN, SCREENS, sign_in


def _counter(console, number: int):
    return next(c for c in console.engine.board(CENTRE).counters if c.number == number)


def _press(page, key: str) -> None:
    """A key on the counter screen, once its script listens."""
    page.wait_for_selector("body[data-ready]")
    page.keyboard.press(key)


def _api(console, path: str) -> str:
    return f"{console.url}/api/v1/centres/{CENTRE}/counters/{path}"


def test_a_clerk_picks_a_counter_and_works_it_from_the_keyboard(console, page):
    console.engine.open_counter(CENTRE, 1, Actor("nv03"), staff_id="nv03")
    console.engine.open_counter(CENTRE, 5, Actor("nv04"), staff_id="nv04")
    console.engine.pause(CENTRE, 5, Actor("nv04"))
    sign_in(page, console, "nv02", OWN)
    assert page.url.endswith("/console/hcc-demo/counter")
    picker = page.inner_text(".counters")
    assert "Quầy số 1" in picker and "Đang mở · Phạm Quốc Cường" in picker and "Tạm dừng · Hoàng Thị Dung" in picker
    assert picker.count("Chưa mở") == 10
    page.screenshot(path=f"{SCREENS}/console-counter-picker.png")

    page.click("button[value='3']")
    assert page.url.endswith("/console/hcc-demo/desk")
    assert _counter(console, 3).status == "open" and _counter(console, 3).staff_id == "nv02"
    assert page.inner_text("#current-number") == "Chưa gọi số"
    for _ in range(3):
        console.engine.issue(CENTRE, "CT")
    console.engine.issue(CENTRE, "HT")

    _press(page, "n")  # Next
    page.wait_for_function("document.getElementById('current-number').textContent.trim() !== 'Chưa gọi số'")
    called = _counter(console, 3).current
    assert called is not None and page.inner_text("#current-number") == called.number
    assert "Đã gọi" in page.inner_text(".current")
    _press(page, "g")  # Gọi lại
    page.wait_for_selector("text=Đã gọi lại 1 lần")
    _press(page, "b")  # Bắt đầu phục vụ
    page.wait_for_selector(".current .state:text('Đang phục vụ')")
    assert "CT" == called.field.code and "Chứng thực" in page.inner_text(".current .field")
    waiting = page.inner_text(".waiting")  # the fields counter 3 serves
    assert "Chứng thực: 2 người chờ" in waiting and "Tư pháp – Hộ tịch: 1 người chờ" in waiting
    page.screenshot(path=f"{SCREENS}/console-counter-screen.png")
    _press(page, "h")  # Hoàn thành
    page.wait_for_selector("#current-number:text('Chưa gọi số')")
    _press(page, "t")  # Tạm dừng
    page.wait_for_selector("button[data-action=resume]")
    assert _counter(console, 3).status == "paused"
    assert "T" in page.inner_text("button[data-action=resume]") and "Tiếp tục" in page.inner_text("button[data-action=resume]")
    _press(page, "n")  # refused while paused, and said so
    page.wait_for_selector("#problem:not(:empty)")
    assert "Quầy 3" in page.inner_text("#problem")


def test_a_clerk_acts_for_their_counter_only(console, page):
    sign_in(page, console, "nv02", OWN)
    page.click("button[value='3']")
    token = page.get_attribute("meta[name=csrf-token]", "content")
    console.engine.issue(CENTRE, "CT")
    console.engine.open_counter(CENTRE, 4, Actor("nv05"), staff_id="nv05")
    other = page.request.post(_api(console, "4/next"), headers={"X-CSRF-Token": token})
    assert other.status == 403 and other.json()["error"]["code"] == "wrong_counter"
    assert _counter(console, 4).current is None
    own = page.request.post(_api(console, "3/next"), headers={"X-CSRF-Token": token})
    assert own.status == 200 and own.json()["ticket"]["counter"] == 3

    missing = page.request.post(console.page_url("counter"), form={"csrf_token": token, "counter": "99"})
    assert missing.status == 404
    page.goto(console.page_url("desk"))
    assert "Quầy số 3" in page.inner_text("header")


def test_signing_in_again_keeps_a_paused_counter_paused(console, page):
    sign_in(page, console, "nv02", OWN)
    page.click("button[value='3']")
    _press(page, "t")
    page.wait_for_selector("button[data-action=resume]")
    page.context.clear_cookies()
    sign_in(page, console, "nv02", OWN)
    page.click("button[value='3']")
    assert _counter(console, 3).status == "paused" and _counter(console, 3).staff_id == "nv02"
