"""Dossier work after intake, from the dossier's page: the actions the signed-in staff member may take in its status,
each a small form through lifecycle.apply. A clerk takes a dossier through supplement → supplement received →
result ready → return; refuses an online submission; a manager apologises with a bad then a good date. Each step is
checked on the page and its timeline (who, when); a refused action shows its words and keeps what was typed; the
matching form is offered on A5 in the browser, or printed on the counter's ESC/POS printer through its agent."""

from __future__ import annotations

import datetime as dt

import pytest

from queue_service.auth.passwords import set_password
from queue_service.auth.roles import Principal, Role
from queue_service.api.app import create_app
from queue_service.dossiers import lifecycle
from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
from queue_service.dossiers.desk import Desk
from queue_service.dossiers.intake import IntakeRequest, intake
from tests.bridge.conftest import broker, broker_kind, centre  # noqa: F401 (the bridge tests' fixtures)
from tests.console.conftest import CENTRE, OWN, SCREENS, Console, sign_in
from tests.mqtt.helpers import wait_for
from tests.support.agents import counter_with_receipt_printer
from tests.support.clock import ManualClock
from tests.support.web import browser_page, serve

CLERK = Principal(token_id="t", role=Role.clerk, centre=CENTRE, counter=11, staff_id="nv01")
PROOF = "Giấy tờ chứng minh chỗ ở hợp pháp"  # the second document of Đăng ký tạm trú's checklist


def _dossier(context, channel: str = "in_person", db=None) -> str:
    db = db or context.db
    with db.write() as session:
        import_catalogue(session, context.centre(CENTRE), load_catalogue("examples/procedures.yaml"))
    body = {"procedure": "1.004194", "channel": channel,
            "applicant": {"name": "Nguyễn Thị Hoa", "id_number": "079301234567", "phone": "0905123456"},
            "documents": [{"name": "Tờ khai thay đổi thông tin cư trú (CT01)", "originals": 1}]}
    desk = Desk(db, context.centre(CENTRE), context.settings.public_url, context.clock)
    return intake(desk, IntakeRequest.model_validate(body), CLERK).code


def _timeline(page) -> list[list[str]]:
    return [row.split("\t") for row in page.inner_text("#timeline").splitlines()[1:]]


def _act(page, action: str, **fields) -> None:
    """Open the action's form, fill it and confirm; waits for the page the service answers with."""
    if not page.is_visible(f"#action-{action} form"):
        page.click(f"#action-{action} summary")
    for name, value in fields.items():
        if name == "items":
            for item in value:
                page.check(f"#action-{action} input[name=items][value='{item}']")
        elif name == "how":
            page.select_option(f"#{action}-how", value)
        else:
            page.fill(f"#{action}-{name}", value)
    with page.expect_navigation():
        page.click(f"#action-{action} button[type=submit]")


def test_a_clerk_takes_a_dossier_through_supplement_result_and_return(console, page):
    code = _dossier(console.context)
    sign_in(page, console, "nv02", OWN)
    page.click("button[value='11']")
    page.wait_for_selector("body[data-ready]")
    page.goto(console.page_url(f"dossiers/{code}"))
    summaries = page.locator("#actions summary").all_inner_texts()
    assert summaries == ["Yêu cầu bổ sung", "Chuyển xử lý", "Công dân rút hồ sơ", "Có kết quả"]  # a clerk's, in status 2
    page.click("#action-request_supplement summary")
    page.screenshot(path=f"{SCREENS}/console-dossier-actions.png")

    # No reason: refused in the rules' words; the ticked document is still ticked.
    console.clock.advance(hours=1)
    _act(page, "request_supplement", items=[PROOF])
    assert page.inner_text("#action-request_supplement .error") == "Thiếu thông tin: reason (lý do)"
    assert page.is_checked(f"#action-request_supplement input[value='{PROOF}']")
    assert page.inner_text("h2 .status") == "Được tiếp nhận"
    page.screenshot(path=f"{SCREENS}/console-dossier-actions-refused.png")
    _act(page, "request_supplement", reason="Thiếu giấy tờ chứng minh chỗ ở")
    assert page.inner_text("h2 .status") == "Yêu cầu bổ sung giấy tờ"
    assert _timeline(page)[-1][:5] == ["09:00 23/11/2026", "Yêu cầu bổ sung", "Yêu cầu bổ sung giấy tờ", "nv02",
                                       "Thiếu giấy tờ chứng minh chỗ ở"]
    done = page.inner_text("#done")
    # No connection to the devices here: Form 02 is offered on A5 in the browser, with its PDF beside it.
    assert "Đã thực hiện: Yêu cầu bổ sung." in done and "chưa kết nối với thiết bị" in done and "khổ A5" in done
    page.screenshot(path=f"{SCREENS}/console-dossier-actions-supplement.png")
    with page.expect_popup() as opened:
        page.click("#print-form")
    form = opened.value
    form.wait_for_load_state()
    assert "PHIẾU YÊU CẦU BỔ SUNG" in form.inner_text("h1").upper() and PROOF in form.inner_text("table")
    form.close()
    assert page.locator("#papers a:text('PDF')").count() == 2  # Form 01 and Form 02

    console.clock.advance(hours=1)
    _act(page, "supplement_received")
    assert page.inner_text("h2 .status") == "Được tiếp nhận"
    console.clock.advance(hours=4)
    _act(page, "result_ready", reason="Đã có xác nhận tạm trú")
    assert page.inner_text("h2 .status") == "Đã xử lý xong"
    assert page.locator("#actions summary").all_inner_texts() == ["Trả kết quả"]
    console.clock.advance(hours=1)
    _act(page, "return_result", how="post")
    assert page.inner_text("h2 .status") == "Đã trả kết quả"
    assert page.inner_text("#actions .muted") == "Không còn thao tác nào cho hồ sơ ở trạng thái này."
    assert _timeline(page)[-1][4] == "Qua dịch vụ bưu chính"  # how the result went back
    assert [step[:4] for step in _timeline(page)[-3:]] == [
        ["10:00 23/11/2026", "Nhận hồ sơ bổ sung", "Được tiếp nhận", "nv02"],
        ["14:00 23/11/2026", "Có kết quả", "Đã xử lý xong", "nv02"],
        ["15:00 23/11/2026", "Trả kết quả", "Đã trả kết quả", "nv02"]]
    page.screenshot(path=f"{SCREENS}/console-dossier-actions-returned.png", full_page=True)


def test_a_clerk_refuses_an_online_submission_with_a_reason(console, page):
    code = _dossier(console.context, channel="online")
    sign_in(page, console, "nv02", OWN)
    page.click("button[value='11']")
    page.goto(console.page_url(f"dossiers/{code}?lang=en"))
    assert page.locator("#actions summary").all_inner_texts()[:2] == ["Accept", "Refuse"]
    _act(page, "refuse")
    assert page.inner_text("#action-refuse .error") == "Missing input: reason (lý do)"
    page.click("text=Tiếng Việt")  # the toggle from the refused form's address goes back to the dossier
    assert page.inner_text("h2 .status") == "Mới đăng ký"
    page.click("text=English")
    forged = page.request.post(console.page_url(f"dossiers/{code}/actions/refuse"), form={"reason": "giả mạo"})
    assert forged.status == 403  # no CSRF token: refused, and nothing done
    with console.context.db.read() as session:
        assert lifecycle.find(session, CENTRE, code).status == 1
    _act(page, "refuse", reason="Hồ sơ không thuộc thẩm quyền của phường")
    assert page.inner_text("h2 .status") == "Refused"
    assert _timeline(page)[-1][:5] == ["08:00 23/11/2026", "Refused", "Refused", "nv02",
                                       "Hồ sơ không thuộc thẩm quyền của phường"]
    assert "Print Refusal to accept the dossier (Form 03) on A5" in page.inner_text("#done")
    page.screenshot(path=f"{SCREENS}/console-dossier-actions-refusal-en.png")
    with page.expect_popup() as opened:
        page.click("#print-form")
    opened.value.wait_for_load_state()
    assert "Hồ sơ không thuộc thẩm quyền của phường" in opened.value.inner_text("body")


def test_a_manager_apologises_with_a_new_date_after_the_due_one(console, page):
    code = _dossier(console.context)  # due Friday 27/11/2026 08:00
    set_password(console.context.db, CENTRE, "gd01", OWN, console.clock(), must_change=False)
    console.clock.advance(days=4)
    sign_in(page, console, "gd01", OWN)
    page.goto(console.page_url(f"dossiers/{code}"))
    _act(page, "apologize", new_due="2026-11-26T10:00", reason="Chờ xác minh của công an phường")
    assert page.inner_text("#action-apologize .error") == "Ngày hẹn mới phải sau ngày hẹn hiện tại (08:00 27/11/2026)"
    assert page.input_value("#apologize-reason") == "Chờ xác minh của công an phường"  # nothing typed is lost
    assert page.input_value("#apologize-new_due") == "2026-11-26T10:00"
    page.screenshot(path=f"{SCREENS}/console-dossier-actions-apology-refused.png")
    page.fill("#apologize-new_due", "2026-12-02T08:00")
    _act(page, "apologize")
    assert "02/12/2026" in page.inner_text(".facts")
    assert _timeline(page)[-1][:5] == ["08:00 27/11/2026", "Thư xin lỗi, hẹn lại", "Được tiếp nhận", "gd01",
                                       "Chờ xác minh của công an phường"]
    with page.expect_popup() as opened:
        page.click("#print-form")
    letter = opened.value
    letter.wait_for_load_state()
    assert "08 giờ 00, ngày 02/12/2026" in letter.inner_text("body")

    # Meanwhile a clerk records the result: the manager's form, sent from the page as it was, is refused in words.
    lifecycle.apply(Desk.from_context(console.context, CENTRE), code, "result_ready", CLERK)
    _act(page, "apologize", new_due="2026-12-03T08:00", reason="Hẹn lại lần nữa")
    assert page.inner_text("#problem").startswith("Không thể 'apologize' khi hồ sơ đang ở trạng thái 9 (Đã xử lý xong)")
    assert page.inner_text("h2 .status") == "Đã xử lý xong" and page.locator("#action-apologize").count() == 0


@pytest.mark.mosquitto
def test_the_supplement_request_prints_on_the_counters_escpos_printer(centre, tmp_path):  # noqa: F811
    printer, agent = counter_with_receipt_printer(centre, tmp_path, 11)
    context = centre.context()
    context.clock = ManualClock(dt.datetime.now(dt.timezone.utc))  # real time: the agent drops an expired command
    set_password(centre.db, CENTRE, "nv02", OWN, context.clock(), must_change=False)
    code = _dossier(context, db=centre.db)
    app = create_app(context)
    try:
        with serve(app) as url, browser_page(1366, 768) as page:
            console = Console(url, context, context.clock, app.state.engine, stop=lambda: None)
            assert wait_for(lambda: agent.online and context.bridge is not None and context.bridge.connected, 10)
            sign_in(page, console, "nv02", OWN)
            page.click("button[value='11']")
            page.goto(console.page_url(f"dossiers/{code}"))
            _act(page, "request_supplement", items=[PROOF], reason="Thiếu giấy tờ chứng minh chỗ ở")
            assert "đã gửi đến máy in của quầy (counter-11)" in page.inner_text("#done")
            assert page.locator("#print-form").count() == 0
            page.screenshot(path=f"{SCREENS}/console-dossier-actions-printed.png")
            paper = printer.emulator
            assert wait_for(lambda: any(p.kind == "cut" for p in paper.printed), 15), paper.printed
            assert paper.clipped == []
            paper.render().save(f"{SCREENS}/console-form-02-slip.png")
    finally:
        agent.stop()
        printer.stop()
