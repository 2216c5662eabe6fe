"""The counter screen live in Debian's Chromium against a real uvicorn: tickets issued by a kiosk and presses from the
counter's keypad show without a reload, two tabs agree, a service restart shows the banner and then recovers, a
morning of calls from the keyboard alone, transfer, calling a given ticket, and why a ticket was chosen."""

from __future__ import annotations

from urllib.parse import urlparse

from queue_service.api.app import create_app
from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from queue_service.context import ServiceContext
from queue_service.store import Database
from tests.console.conftest import CENTRE, OWN, SCREENS, sign_in
from tests.support.web import serve


def _at_counter(page, console, number: int = 3) -> None:
    sign_in(page, console, "nv02", OWN)
    page.click(f"button[value='{number}']")
    page.wait_for_selector("body[data-ready]")
    page.evaluate("window.notReloaded = true")  # gone if the page ever reloads


def _shows(page, number: str) -> None:
    page.wait_for_function("n => document.getElementById('current-number').textContent.trim() === n", arg=number)


def _press(page, key: str) -> None:
    """A clerk's key, once the desk's keys work: while an action is on its way they are off (one press never acts
    twice), and a key pressed then is ignored, as it is for a clerk who presses faster than the answer comes."""
    page.wait_for_function("![...document.querySelectorAll('button[data-action]')].some(b => b.disabled)")
    page.keyboard.press(key)


def _queue(page, field: str) -> str:
    return page.inner_text(f"#queues [data-field={field}]")


def _api(console, path: str, token: str, **body):
    import httpx

    return httpx.post(f"{console.url}/api/v1/centres/{CENTRE}/{path}", json=body or None,
                      headers={"Authorization": f"Bearer {token}"}, timeout=5)


def test_kiosk_tickets_and_keypad_presses_show_without_reload(console, page):
    _at_counter(page, console)
    kiosk = create_token(console.context.db, Role.device, centre=CENTRE, label="kiosk-1")
    keypad = create_token(console.context.db, Role.device, centre=CENTRE, counter=3, label="counter-03")
    issued = _api(console, "tickets", kiosk, field="CT")
    assert issued.status_code == 201
    number = issued.json()["number"]
    page.wait_for_selector(f"#queues [data-field=CT] .ticket[data-number='{number}']")
    assert "Chứng thực: 1 người chờ" in _queue(page, "CT")
    elderly = _api(console, "tickets", kiosk, field="HT", priority_group="elderly").json()["number"]
    page.wait_for_selector(f".ticket[data-number='{elderly}'] .mark.priority:text('Người cao tuổi')")

    assert _api(console, "counters/3/next", keypad).status_code == 200  # the keypad's Next, as its agent sends it
    _shows(page, elderly)
    page.wait_for_selector("#why:has-text('Đối tượng ưu tiên: Người cao tuổi')")  # the state read after the number
    assert _api(console, "counters/3/pause", keypad).status_code == 200
    page.wait_for_selector("button[data-action=resume]")
    assert "Tạm dừng" in page.inner_text("#counter-status")
    assert page.evaluate("window.notReloaded") is True


def test_two_tabs_on_one_counter_stay_consistent(console, page):
    _at_counter(page, console)
    tab = page.context.browser.new_context(viewport={"width": 1366, "height": 768})  # a second tab, same session
    tab.add_cookies(page.context.cookies())
    other = tab.new_page()
    other.goto(console.page_url("desk"))
    other.wait_for_selector("body[data-ready]")
    first, second = (console.engine.issue(CENTRE, "CT").number for _ in range(2))
    _press(page, "n")
    _shows(other, first)
    _shows(page, first)
    _press(other, "n")
    _shows(page, second)
    _shows(other, second)
    _press(other, "h")
    for tab in (page, other):
        _shows(tab, "Chưa gọi số")
        tab.wait_for_function("document.getElementById('served-today').textContent === '2'")


def test_a_service_restart_shows_the_banner_then_the_page_recovers_and_acts(console, page, sqlite_url):
    _at_counter(page, console)
    ticket = console.engine.issue(CENTRE, "CT")
    page.wait_for_selector(f".ticket[data-number='{ticket.number}']")
    port = urlparse(console.url).port
    console.stop()  # the service goes away mid-session
    page.wait_for_selector("#offline:not([hidden])")
    assert page.inner_text("#offline") == "Mất kết nối — đang kết nối lại…"
    page.screenshot(path=f"{SCREENS}/console-counter-offline.png")

    context = ServiceContext(settings=console.context.settings, db=Database(sqlite_url), centres=console.context.centres,
                             clock=console.clock)
    app = create_app(context)
    with serve(app, port=port):
        later = app.state.engine.issue(CENTRE, "CT")  # issued while the page was reconnecting
        page.wait_for_selector("#offline[hidden]", state="attached", timeout=15000)
        page.wait_for_selector(f".ticket[data-number='{later.number}']")
        _press(page, "n")
        _shows(page, ticket.number)
        assert page.evaluate("window.notReloaded") is True


def test_a_morning_of_calls_from_the_keyboard_alone(console, page):
    _at_counter(page, console)
    tickets = [console.engine.issue(CENTRE, field).number for field in ["CT", "HT", "CT", "CT", "HT", "CT"]]
    called = []
    for _ in tickets:
        before = page.inner_text("#current-number")
        _press(page, "n")
        page.wait_for_function("n => document.getElementById('current-number').textContent.trim() !== n", arg=before)
        number = page.inner_text("#current-number")
        assert number == console.engine.board(CENTRE).counters[2].current.number
        called.append(number)
        _press(page, "b")
        page.wait_for_selector(".current .state:text('Đang phục vụ')")
        console.clock.advance(minutes=4)
        _press(page, "h")
        _shows(page, "Chưa gọi số")
    assert sorted(called) == sorted(tickets)
    page.wait_for_function("document.getElementById('served-today').textContent === '6'")
    assert page.inner_text("#average-service") == "4 phút 00 giây"
    _press(page, "n")  # nobody left: the counter stays free, and says nothing is wrong
    page.wait_for_timeout(300)
    assert page.inner_text("#current-number") == "Chưa gọi số" and page.inner_text("#problem") == ""

    page.goto(console.page_url("desk?lang=en"))  # the English toggle
    page.wait_for_selector("body[data-ready]")
    assert page.inner_text("#average-service") == "4 min 00 s" and "Served today" in page.inner_text(".today")
    assert "Next" in page.inner_text("button[data-action=next]") and page.inner_text("#current-number") == "No number called"
    page.screenshot(path=f"{SCREENS}/console-counter-screen-en.png")


def test_transfer_from_the_keyboard_and_call_a_given_ticket(console, page):
    _at_counter(page, console)
    first, second, third = (console.engine.issue(CENTRE, "CT").number for _ in range(3))
    _press(page, "n")
    _shows(page, first)
    console.engine.issue(CENTRE, "HT", priority_group="pregnant")
    console.clock.advance(minutes=2)
    _press(page, "c")  # the transfer dialog, from the keyboard alone
    page.wait_for_selector("#transfer-dialog[open]")
    assert page.inner_text("#transfer-title") == f"Chuyển số {first}"
    page.screenshot(path=f"{SCREENS}/console-transfer-dialog.png")
    page.keyboard.press("ArrowDown")  # Tư pháp – Hộ tịch, the first field of the centre
    page.keyboard.press("Enter")
    _shows(page, "Chưa gọi số")
    page.wait_for_selector(f"#queues [data-field=HT] .ticket[data-number='{first}'] .mark.transferred")
    moved = next(t for t in console.engine.board(CENTRE).fields if t.field.code == "HT")
    assert moved.waiting == 2

    page.click(f".ticket[data-number='{third}']")  # call a given ticket, one click
    _shows(page, third)
    page.wait_for_function("t => document.getElementById('why').textContent === t",
                           arg=f"Vì sao gọi số {third}: Cán bộ chọn gọi số này trong danh sách")
    _press(page, "c")
    page.select_option("#to-counter", "5")
    page.click("#transfer-ok")
    _shows(page, "Chưa gọi số")
    assert _counter_queue(console, third) == 5

    page.wait_for_function("n => document.querySelector('#queues .ticket').dataset.number === n", arg=second)
    _press(page, "s")  # pick from the list: the first ticket has the focus, Enter calls it
    assert page.evaluate("document.activeElement.dataset.number") == second
    page.keyboard.press("Enter")
    _shows(page, second)
    page.wait_for_timeout(200)
    page.screenshot(path=f"{SCREENS}/console-counter-screen-live.png")


def _counter_queue(console, number: str) -> int | None:
    from sqlalchemy import select

    from queue_service.queue.tables import Ticket

    with console.context.db.read() as session:
        return session.scalar(select(Ticket.target_counter).where(Ticket.number == number))
