"""HTTP API from the app factory on a throwaway store: intake, actions, 409s, forms, the receipt document, tracking,
reports."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from queue_service.api import app as app_module
from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from queue_service.context import ServiceContext
from queue_service.settings import Settings
from wire.printing import BarcodeBlock, CutBlock, PrintDocument, QrBlock, TextBlock

NAME, ID_NUMBER, PHONE = "Nguyễn Thị Hoa", "079301234567", "0905123456"
BODY = {
    "procedure": "1.004194", "ticket_id": 7,
    "applicant": {"name": NAME, "id_number": ID_NUMBER, "phone": PHONE, "address": "12 Lê Lợi, phường Nha Trang", "sms_consent": True},
    "documents": [{"name": "Tờ khai thay đổi thông tin cư trú (CT01)", "originals": 1}, {"name": "Hợp đồng thuê nhà", "certified_copies": 1}],
    "sets": 1,
}


def make_client(db, db_url, desk, monkeypatch) -> TestClient:
    # Only the routers this feature needs, so the test does not depend on modules other features are still writing.
    monkeypatch.setattr(app_module, "ROUTERS", ("queue_service.api.health", "queue_service.dossiers.api"))
    settings = Settings(database_url=db_url, public_url="https://hcc.example.vn")
    context = ServiceContext(settings=settings, db=db, centres={"hcc-demo": desk.centre}, clock=desk.clock)
    return TestClient(app_module.create_app(context))


@pytest.fixture
def api(db, db_url, desk, monkeypatch):
    with make_client(db, db_url, desk, monkeypatch) as client:
        clerk = create_token(db, Role.clerk, centre="hcc-demo", counter=1, staff_id="nv01")
        manager = create_token(db, Role.manager, centre="hcc-demo", staff_id="gd01")
        client.clerk = {"Authorization": f"Bearer {clerk}"}
        client.manager = {"Authorization": f"Bearer {manager}"}
        yield client


def test_intake_actions_and_clear_409(api, desk):
    response = api.post("/api/v1/centres/hcc-demo/dossiers", json=BODY, headers=api.clerk)
    assert response.status_code == 201, response.text
    view = response.json()
    code = view["code"]
    assert code == "000.00.00.H00-261116-0001" and view["due_at"] == "2026-11-19T09:00+07:00"
    assert view["applicant"]["id_number"] == "********4567" and view["ticket_id"] == 7
    assert api.post(f"/api/v1/centres/hcc-demo/dossiers/{code}/actions/transfer", json={"to_agency": "CA-PHUONG"}, headers=api.clerk).status_code == 200
    refused = api.post(f"/api/v1/centres/hcc-demo/dossiers/{code}/actions/return_result", headers=api.clerk)
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "transition_not_allowed" and "Đang xử lý" in error["message_vi"]
    # What this clerk may do from "Đang xử lý"; stop and apologize are for leaders only.
    assert error["details"]["allowed"] == ["request_supplement", "transfer", "payment_due", "withdraw", "result_ready"]
    assert api.post(f"/api/v1/centres/hcc-demo/dossiers/{code}/actions/stop", json={"reason": "x"}, headers=api.clerk).status_code == 403
    assert api.post(f"/api/v1/centres/hcc-demo/dossiers/{code}/actions/result_ready", headers=api.clerk).json()["status"]["code"] == 9
    assert api.get(f"/api/v1/centres/hcc-demo/dossiers/{code}").status_code == 401


def test_the_appointment_shown_before_saving_is_the_one_stored(api, clock):
    for received in ("2026-11-16 08:00", "2026-11-20 15:30", "2026-11-23 16:59"):
        clock.set(received)
        for key in ("1.004194", "1.001193", "giay-phep-xay-dung-nha-o"):
            before = api.get(f"/api/v1/centres/hcc-demo/procedures/{key}/appointment", headers=api.clerk).json()
            stored = api.post("/api/v1/centres/hcc-demo/dossiers", json=dict(BODY, procedure=key), headers=api.clerk).json()
            assert before["due"][:16] == stored["due_at"][:16], (received, key)
    missing = api.get("/api/v1/centres/hcc-demo/procedures/no-such/appointment", headers=api.clerk)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_procedure"


def test_forms_are_printable_html_with_their_fields(api, desk, clock):
    code = api.post("/api/v1/centres/hcc-demo/dossiers", json=BODY, headers=api.clerk).json()["code"]
    html = api.get(f"/api/v1/centres/hcc-demo/dossiers/{code}/forms/receipt", headers=api.clerk).text
    for text in ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", code, "Hợp đồng thuê nhà", "09 giờ 00, ngày 19/11/2026", "Quyển số", "@page", "Mẫu số 01", "<svg"):
        assert text in html
    api.post(f"/api/v1/centres/hcc-demo/dossiers/{code}/actions/transfer", json={"to_agency": "CA-PHUONG"}, headers=api.clerk)
    api.post(f"/api/v1/centres/hcc-demo/dossiers/{code}/actions/request_supplement", json={"reason": "Thiếu giấy tờ", "items": ["Sổ đỏ (bản sao)"]}, headers=api.clerk)
    assert "Sổ đỏ (bản sao)" in api.get(f"/api/v1/centres/hcc-demo/dossiers/{code}/forms/supplement", headers=api.clerk).text
    api.post(f"/api/v1/centres/hcc-demo/dossiers/{code}/actions/supplement_received", headers=api.clerk)
    clock.set("2026-11-23 09:00")
    apology = {"reason": "Chờ xác minh", "new_due": "2026-11-25T16:00:00"}
    assert api.post(f"/api/v1/centres/hcc-demo/dossiers/{code}/actions/apologize", json=apology, headers=api.manager).status_code == 200
    html = api.get(f"/api/v1/centres/hcc-demo/dossiers/{code}/forms/apology", headers=api.clerk).text
    assert "16 giờ 00, ngày 25/11/2026" in html and "xin lỗi" in html and "Mẫu số 04" in html
    assert "CA-PHUONG" in api.get(f"/api/v1/centres/hcc-demo/dossiers/{code}/forms/control_slip", headers=api.clerk).text
    assert api.get(f"/api/v1/centres/hcc-demo/dossiers/{code}/forms/refusal", headers=api.clerk).status_code == 409
    book = api.get("/api/v1/centres/hcc-demo/dossiers/tracking-book?from=2026-11-01&to=2026-11-30", headers=api.clerk).text
    assert code in book and "Sổ theo dõi hồ sơ" in book and "Mẫu số 07" in book


def test_receipt_is_a_print_document_whose_qr_opens_the_tracking_page(api):
    view = api.post("/api/v1/centres/hcc-demo/dossiers", json=BODY, headers=api.clerk).json()
    response = api.get(f"/api/v1/centres/hcc-demo/dossiers/{view['code']}/receipt", headers=api.clerk)
    assert response.status_code == 200, response.text
    document = PrintDocument.model_validate(response.json())
    qr = [b.data for b in document.blocks if isinstance(b, QrBlock)]
    assert qr == [f"https://hcc.example.vn/tra-cuu?ma={view['code']}&t={view['token']}"]
    assert [b.data for b in document.blocks if isinstance(b, BarcodeBlock)] == [view["code"]]
    assert isinstance(document.blocks[-1], CutBlock)
    lines = "\n".join(line for b in document.blocks if isinstance(b, TextBlock) for line in b.lines)
    assert "GIẤY TIẾP NHẬN HỒ SƠ" in lines and f"Mã hồ sơ / Code: {view['code']}" in lines
    assert "HẸN TRẢ KẾT QUẢ" in lines and "09:00 ngày 19/11/2026" in lines
    # The slip leaves with the citizen: ID number and phone masked.
    assert "********4567" in lines and "090****456" in lines
    assert ID_NUMBER not in response.text and PHONE not in response.text
    tracked = api.get(qr[0].replace("https://hcc.example.vn", ""))
    assert tracked.status_code == 200 and "Được tiếp nhận" in tracked.text
    assert api.get("/api/v1/centres/hcc-demo/dossiers/NOPE/receipt", headers=api.clerk).status_code == 404
    # No MQTT bridge in this app: printing is refused plainly, and nothing is lost (the document is still there).
    refused = api.post(f"/api/v1/centres/hcc-demo/dossiers/{view['code']}/receipt/print", headers=api.clerk)
    assert refused.status_code == 503 and refused.json()["error"]["code"] == "bridge_off"


def test_public_lookup_leaks_no_personal_data_and_is_rate_limited(api, desk):
    code = api.post("/api/v1/centres/hcc-demo/dossiers", json=BODY, headers=api.clerk).json()["code"]
    data = api.get(f"/api/v1/tracking/{code}?id4=4567")
    assert data.status_code == 200 and data.json()["status"]["code"] == 2 and data.json()["due_at"] == "2026-11-19T09:00+07:00"
    page = api.get(f"/tra-cuu?ma={code}&id4=4567")
    for body in (data.text, page.text):
        for secret in (NAME, "Nguyễn", ID_NUMBER, "07930123", PHONE, "0905", "Lê Lợi", "nv01"):
            assert secret not in body
    wrong = api.get(f"/api/v1/tracking/{code}?id4=0000")
    assert wrong.status_code == 404 and wrong.json()["error"]["code"] == "dossier_lookup_failed"
    assert api.get(f"/api/v1/tracking/{code}").status_code == 422
    statuses = [api.get(f"/api/v1/tracking/{code}?id4=4567").status_code for _ in range(25)]
    assert 429 in statuses  # 20 per minute per client IP by default


def test_reports_and_calendar(api, desk, clock):
    code = api.post("/api/v1/centres/hcc-demo/dossiers", json=BODY, headers=api.clerk).json()["code"]
    clock.set("2026-11-19 07:30")
    assert [d["code"] for d in api.get("/api/v1/centres/hcc-demo/dossiers/reports/due-today", headers=api.clerk).json()] == [code]
    clock.set("2026-11-19 10:00")
    assert [d["code"] for d in api.get("/api/v1/centres/hcc-demo/dossiers/reports/overdue", headers=api.clerk).json()] == [code]
    api.post(f"/api/v1/centres/hcc-demo/dossiers/{code}/actions/result_ready", headers=api.clerk)
    rates = api.get("/api/v1/centres/hcc-demo/dossiers/reports/rates?from=2026-11-01&to=2026-11-30&by=field", headers=api.manager).json()
    assert rates["rows"] == [{"field": "CCCD", "completed": 1, "early": 0, "on_time": 1, "late": 0, "open_in_time": 0,
                              "open_overdue": 0, "early_rate": 0.0, "on_time_rate": 1.0, "late_rate": 0.0, "in_time_rate": 1.0}]
    assert api.get("/api/v1/centres/hcc-demo/dossiers/reports/rates?from=2026-11-01&to=2026-11-30", headers=api.clerk).status_code == 403
    due = api.get("/api/v1/centres/hcc-demo/calendar/due", params={"received": "2026-02-12T10:00", "limit": "5 working-days"}, headers=api.clerk)
    assert due.json()["due"] == "2026-02-26T10:00:00+07:00"
    admin = {"Authorization": f"Bearer {create_token(desk.db, Role.admin, staff_id='admin')}"}
    assert api.put("/api/v1/centres/hcc-demo/calendar/overrides/2026-02-23?note=Quyết định UBND", headers=admin).status_code == 200
    due = api.get("/api/v1/centres/hcc-demo/calendar/due", params={"received": "2026-02-12T10:00", "limit": "5 working-days"}, headers=api.clerk)
    assert due.json()["due"] == "2026-02-27T10:00:00+07:00"
    assert len(api.get("/api/v1/centres/hcc-demo/sms-outbox", headers=admin).json()) == 2  # receipt, result
