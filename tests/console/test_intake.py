"""Dossier intake from the counter screen, from the keyboard, while a ticket is served: the catalogue searched as the
clerk types, a refused ID number shown beside its field and fixed, the checklist, the appointment shown before
saving and equal to the one stored, the dossier tied to the ticket; then Form 01 at the counter's ESC/POS printer
through its agent and Mosquitto, or as the A5 page in the browser when there is none."""

from __future__ import annotations

import datetime as dt
import io
import urllib.request

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from queue_service.api.app import create_app
from queue_service.auth.passwords import set_password
from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
from queue_service.dossiers.tables import Dossier
from tests.bridge.conftest import broker, broker_kind, centre  # noqa: F401 (the bridge tests' fixtures)
from tests.console.conftest import CENTRE, OWN, SCREENS, Console, sign_in
from tests.mqtt.helpers import wait_for
from tests.support.agents import counter_with_receipt_printer
from tests.support.clock import ManualClock
from tests.support.web import browser_page, serve

APPLICANT = {"name": "Nguyễn Thị Hoa", "id_number": "079301234567", "phone": "0905123456"}


def _catalogue(db, context) -> None:
    with db.write() as session:
        import_catalogue(session, context.centre(CENTRE), load_catalogue("examples/procedures.yaml"))


def _serve_a_ticket(page, console: Console, counter: int) -> int:
    """The clerk at `counter` calls a Đăng ký tạm trú citizen (N) and starts serving (B); the ticket's id."""
    sign_in(page, console, "nv02", OWN)
    page.click(f"button[value='{counter}']")
    number = console.engine.issue(CENTRE, "CCCD").number
    page.wait_for_selector("body[data-ready]")
    page.wait_for_selector(f"#queues .ticket[data-number='{number}']")
    page.keyboard.press("n")
    page.wait_for_function("n => document.getElementById('current-number').textContent.trim() === n", arg=number)
    page.wait_for_selector("button[data-key=B]:not([disabled])")  # the Next press has its reply
    page.keyboard.press("b")
    page.wait_for_selector(".current .state:text('Đang phục vụ')")
    return next(c for c in console.engine.board(CENTRE).counters if c.number == counter).current.id


def _take_in(page, screenshot: str | None = None) -> str:
    """From the counter screen to a saved dossier, keyboard only; returns the appointment shown before saving."""
    assert "D" in page.inner_text("button[data-action=intake]")
    page.keyboard.press("d")
    page.wait_for_selector("body[data-ready]")
    assert page.evaluate("document.activeElement.id") == "procedure-search"
    page.keyboard.type("dang ky tam")  # without diacritics, as clerks often type
    page.wait_for_selector("#results li[aria-selected=true]:has-text('Đăng ký tạm trú')")
    assert "Đăng ký thường trú" not in page.inner_text("#results")
    page.keyboard.press("Enter")
    page.wait_for_selector("#chosen:has-text('Đăng ký tạm trú')")
    page.wait_for_function("document.getElementById('due-at').dataset.due")
    shown_due = page.inner_text("#due-at")
    assert page.evaluate("document.activeElement.id") == "name"
    page.keyboard.type(APPLICANT["name"])
    page.keyboard.press("Tab")
    page.keyboard.type("0793-0123")  # a dash: refused by the dossier rules
    page.keyboard.press("Tab")
    page.keyboard.type(APPLICANT["phone"])
    page.focus("#doc-0")
    page.keyboard.press("Space")  # the first document of the checklist was received
    page.focus("#phone")
    page.keyboard.press("Enter")
    page.wait_for_selector("#problem-id_number:not(:empty)")
    assert page.inner_text("#problem-id_number") == "Số giấy tờ gồm 6–20 chữ số hoặc chữ cái, không dấu cách"
    assert page.evaluate("document.activeElement.id") == "id_number"
    assert page.inner_text("#problem-name") == "" and page.inner_text("#problem-phone") == ""
    if screenshot:
        page.screenshot(path=f"{SCREENS}/{screenshot}")
    page.keyboard.press("Control+a")
    page.keyboard.type(APPLICANT["id_number"])
    page.keyboard.press("Enter")
    page.wait_for_selector("body[data-saved]")
    assert page.inner_text("#done-due") == shown_due
    return shown_due


def _stored(db, code: str) -> Dossier:
    with db.read() as session:
        return session.scalars(select(Dossier).where(Dossier.code == code)).one()


def _when(moment: dt.datetime, zone) -> str:
    return moment.astimezone(zone).strftime("%H:%M ngày %d/%m/%Y")


def test_intake_from_the_keyboard_without_a_printer_gives_the_a5_receipt_with_its_qr(console, page):
    _catalogue(console.context.db, console.context)
    ticket_id = _serve_a_ticket(page, console, 11)
    page.screenshot(path=f"{SCREENS}/console-counter-intake-key.png")
    shown_due = _take_in(page, screenshot="console-intake-form.png")

    code = page.get_attribute("body", "data-saved")
    dossier = _stored(console.context.db, code)
    zone = console.context.centre(CENTRE).zone
    assert dossier.ticket_id == ticket_id and dossier.created_by == "nv02" and dossier.status == 2
    assert shown_due == _when(dossier.due_at, zone)
    # Monday 23/11/2026 08:00 + 3 working days (8 office hours each), Tuesday 24/11 being the Vietnam Culture Day
    # holiday: Friday 27/11 08:00
    assert dossier.due_at.astimezone(zone) == dt.datetime(2026, 11, 27, 8, 0, tzinfo=zone)
    assert dossier.documents == [{"name": "Tờ khai thay đổi thông tin cư trú (CT01)", "originals": 1,
                                  "certified_copies": 0, "copies": 0}]
    assert (dossier.applicant_name, dossier.applicant_id_number, dossier.applicant_phone) == tuple(APPLICANT.values())

    status = page.inner_text("#receipt-status")
    assert "chưa kết nối với thiết bị" in status and "khổ A5" in status  # no bridge here: the browser prints it
    assert page.evaluate("document.activeElement.id") == "receipt-link"
    page.screenshot(path=f"{SCREENS}/console-intake-saved-a5.png")
    pdf = page.request.get(page.get_attribute("#receipt-pdf", "href"))  # beside it, the same form as a PDF
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF-")
    with page.expect_popup() as opened:
        page.keyboard.press("p")
    receipt = opened.value
    receipt.wait_for_load_state()
    assert code in receipt.inner_text("body") and "GIẤY TIẾP NHẬN HỒ SƠ" in receipt.inner_text("h1")
    receipt.emulate_media(media="print")
    receipt.set_viewport_size({"width": 560, "height": 794})  # A5 at 96 dpi
    png = receipt.screenshot(path=f"{SCREENS}/console-receipt-a5.png", full_page=True)
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)), formats=zxingcpp.BarcodeFormat.QRCode)
    assert [c.text for c in codes] == [f"http://127.0.0.1:8000/tra-cuu?ma={code}&t={dossier.token}"]
    tracking = codes[0].text.replace("http://127.0.0.1:8000", console.url)
    with urllib.request.urlopen(tracking) as answer:
        text = answer.read().decode()
    assert code in text and APPLICANT["name"] not in text


def test_intake_in_english_shows_each_refusal_beside_its_field(console, page):
    _catalogue(console.context.db, console.context)
    _serve_a_ticket(page, console, 11)
    page.goto(console.page_url("intake?lang=en"))
    page.wait_for_selector("body[data-ready]")
    page.keyboard.type("birth")
    page.wait_for_selector("#results li[aria-selected=true]:has-text('Birth registration')")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('due-at').dataset.due")
    assert page.inner_text("#due-at").startswith("17:00 on 23/11/2026")  # same-day, received at 08:00
    page.fill("#id_number", APPLICANT["id_number"])
    page.fill("#phone", "12-34")
    page.click("#save")
    page.wait_for_selector("#problem-phone:not(:empty)")
    assert page.inner_text("#problem-name") == "Type the applicant's name"
    assert page.inner_text("#problem-phone") == "8–15 digits" and page.inner_text("#problem-id_number") == ""
    assert page.evaluate("document.activeElement.id") == "name"
    page.screenshot(path=f"{SCREENS}/console-intake-form-en.png")
    with console.context.db.read() as session:
        assert session.scalars(select(Dossier)).first() is None


def test_intake_waits_for_a_ticket(console, page):
    sign_in(page, console, "nv02", OWN)
    page.click("button[value='3']")
    page.wait_for_selector("body[data-ready]")
    page.keyboard.press("d")
    page.wait_for_selector("text=hãy gọi số trước khi tiếp nhận hồ sơ")
    page.wait_for_selector("body[data-ready]")
    page.keyboard.press("Escape")
    page.wait_for_url("**/desk")


@pytest.mark.mosquitto
def test_intake_at_a_counter_with_a_printer_prints_form_01_through_its_agent(centre, tmp_path):  # noqa: F811
    printer, agent = counter_with_receipt_printer(centre, tmp_path, 11)
    set_password(centre.db, CENTRE, "nv02", OWN, dt.datetime.now(dt.timezone.utc), must_change=False)
    context = centre.context()
    # Real time (the agent drops a command past its expiry), held still: the appointment shown before saving and the
    # one stored are computed a moment apart, and a minute turning between them would make them differ.
    context.clock = ManualClock(dt.datetime.now(dt.timezone.utc))
    _catalogue(centre.db, context)
    app = create_app(context)
    try:
        with serve(app) as url, browser_page(1366, 768) as page:
            console = Console(url, context, context.clock, app.state.engine, stop=lambda: None)
            assert wait_for(lambda: agent.online and context.bridge is not None and context.bridge.connected, 10)
            ticket_id = _serve_a_ticket(page, console, 11)
            _take_in(page)
            page.wait_for_selector("#receipt-status.printed")
            assert "counter-11" in page.inner_text("#receipt-status") and page.is_hidden("#receipt-link")
            page.screenshot(path=f"{SCREENS}/console-intake-printed.png")
            code = page.get_attribute("body", "data-saved")
            dossier = _stored(context.db, code)
            assert dossier.ticket_id == ticket_id
            paper = printer.emulator
            assert wait_for(lambda: any(p.kind == "cut" for p in paper.printed), 15), paper.printed
            qr = [p.content for p in paper.printed if p.kind == "qr"]
            assert qr == [f"http://127.0.0.1:8000/tra-cuu?ma={code}&t={dossier.token}"]
            with urllib.request.urlopen(qr[0].replace("http://127.0.0.1:8000", url)) as answer:
                assert code in answer.read().decode()
            assert [p.content for p in paper.printed if p.kind == "barcode"] == [code]
    finally:
        agent.stop()
        printer.stop()
