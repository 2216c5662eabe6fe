"""Finding a dossier from the counter screen (F): by phone as it is typed, by name, by the code's tail; and its
timeline, each step with its time, state and who did it. Staff only: the pages need a session."""

from __future__ import annotations

from queue_service.auth.roles import Principal, Role
from queue_service.dossiers import lifecycle
from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
from queue_service.dossiers.desk import Desk
from queue_service.dossiers.intake import IntakeRequest, intake
from queue_service.dossiers.lifecycle import ActionRequest
from queue_service.dossiers.status import TRANSITIONS
from queue_service.console.wording import WORDS
from tests.console.conftest import CENTRE, OWN, SCREENS, sign_in

CLERK = Principal(token_id="t", role=Role.clerk, centre=CENTRE, counter=11, staff_id="nv01")


def _take_in(desk: Desk, name: str, phone: str, procedure: str = "1.004194", ticket_id: int | None = None) -> str:
    body = {"procedure": procedure, "ticket_id": ticket_id, "applicant": {"name": name, "id_number": "079301234567", "phone": phone},
            "documents": [{"name": "Tờ khai thay đổi thông tin cư trú (CT01)", "originals": 1}]}
    return intake(desk, IntakeRequest.model_validate(body), CLERK).code


def test_every_step_of_the_lifecycle_has_words_in_both_languages():
    assert all(f"action_{action}" in WORDS for action in [*TRANSITIONS, "submit"])


def test_a_clerk_finds_a_dossier_by_phone_name_or_code_and_reads_its_timeline(console, page):
    context = console.context
    with context.db.write() as session:
        import_catalogue(session, context.centre(CENTRE), load_catalogue("examples/procedures.yaml"))
    desk = Desk.from_context(context, CENTRE)
    ticket = console.engine.issue(CENTRE, "CCCD")
    first = _take_in(desk, "Nguyễn Thị Hoa", "0905123456", ticket_id=ticket.id)
    other = _take_in(desk, "Trần Văn Bình", "0912000111", procedure="1.001193")
    console.clock.advance(hours=2)
    lifecycle.apply(desk, first, "transfer", CLERK, ActionRequest(to_agency="CA-PHUONG"))
    console.clock.advance(hours=1)
    lifecycle.apply(desk, first, "request_supplement", CLERK,
                    ActionRequest(reason="Thiếu giấy tờ chứng minh chỗ ở", items=["Hợp đồng thuê nhà"]))

    assert page.goto(console.page_url("dossiers?q=Hoa")).url.endswith("/sign-in")  # staff only
    sign_in(page, console, "nv02", OWN)
    page.click("button[value='11']")
    page.wait_for_selector("body[data-ready]")
    page.keyboard.press("f")
    page.wait_for_url("**/dossiers")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("0905 123 456")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"a:text('{first}')")
    rows = page.inner_text("table")
    assert "Nguyễn Thị Hoa" in rows and "090****456" in rows and "Yêu cầu bổ sung giấy tờ" in rows and other not in rows
    page.fill("#q", "bình")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"a:text('{other}')")
    assert first not in page.inner_text("table")
    page.fill("#q", first.split("-", 1)[1])
    page.keyboard.press("Enter")
    page.wait_for_selector(f"a:text('{first}')")
    page.screenshot(path=f"{SCREENS}/console-find-dossier.png")
    page.fill("#q", "Không Có Ai")
    page.keyboard.press("Enter")
    page.wait_for_selector("#none:text('Không tìm thấy hồ sơ nào')")

    page.goto(console.page_url(f"dossiers?q={first}"))
    page.click(f"a:text('{first}')")
    page.wait_for_selector("#timeline")
    steps = [row.split("\t") for row in page.inner_text("#timeline").splitlines()[1:]]
    assert [s[:4] for s in steps] == [
        ["08:00 23/11/2026", "Nộp hồ sơ", "Mới đăng ký", "nv01"],
        ["08:00 23/11/2026", "Tiếp nhận hồ sơ", "Được tiếp nhận", "nv01"],
        ["10:00 23/11/2026", "Chuyển xử lý", "Đang xử lý", "nv01"],
        ["11:00 23/11/2026", "Yêu cầu bổ sung", "Yêu cầu bổ sung giấy tờ", "nv01"]]
    assert steps[3][4] == "Thiếu giấy tờ chứng minh chỗ ở"
    facts = page.inner_text(".facts")
    assert "********4567" in facts and f"Số thứ tự\n{ticket.number}" in facts  # the ID number stays masked
    page.screenshot(path=f"{SCREENS}/console-dossier-timeline.png")
