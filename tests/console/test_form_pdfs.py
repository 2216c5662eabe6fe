"""The dossier forms as PDF, made on the server (WeasyPrint, the shipped DejaVu faces) and read back with poppler:
Forms 01, 02, 03 and the apology letter, each one A5 page with its Vietnamese text whole; the pages are saved as
PNG in docs/screens/. The console's PDF link is the one fetched; WeasyPrint is not loaded by the service's start."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import unicodedata

from queue_service.auth.roles import Principal, Role
from queue_service.dossiers import lifecycle
from queue_service.dossiers.desk import Desk
from queue_service.dossiers.lifecycle import ActionRequest
from tests.console.conftest import CENTRE, OWN, SCREENS, sign_in
from tests.console.test_dossier_actions import PROOF, _dossier
from tests.support.pdf import A5, read_pdf

MANAGER = Principal(token_id="t", role=Role.manager, centre=CENTRE, staff_id="gd01")
CLERK = Principal(token_id="t", role=Role.clerk, centre=CENTRE, counter=11, staff_id="nv02")


def _plain(text: str) -> str:
    """pdftotext's words in one line each, NFC (the PDF may carry a letter and its marks decomposed)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_forms_01_to_04_print_to_a5_pdf_with_their_vietnamese(console, page, tmp_path):
    context = console.context
    desk = Desk.from_context(context, CENTRE)
    kept = _dossier(context)
    lifecycle.apply(desk, kept, "request_supplement", CLERK, ActionRequest(reason="Thiếu giấy tờ chứng minh chỗ ở", items=[PROOF]))
    lifecycle.apply(desk, kept, "supplement_received", CLERK)
    zone = context.centre(CENTRE).zone
    lifecycle.apply(desk, kept, "apologize", MANAGER, ActionRequest(reason="Chờ xác minh của công an phường",
                                                                    new_due=dt.datetime(2026, 12, 2, 8, 0, tzinfo=zone)))
    refused = _dossier(context, channel="online")
    lifecycle.apply(desk, refused, "refuse", CLERK, ActionRequest(reason="Hồ sơ không thuộc thẩm quyền của phường"))

    sign_in(page, console, "nv02", OWN)
    page.click("button[value='11']")
    expected = {
        (kept, "receipt"): ["GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Nguyễn Thị Hoa", "Đăng ký tạm trú"],
        (kept, "supplement"): ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", PROOF, "Thiếu giấy tờ chứng minh chỗ ở",
                               "Ngày 23/11/2026, Trung tâm"],
        (refused, "refusal"): ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Hồ sơ không thuộc thẩm quyền của phường"],
        (kept, "apology"): ["PHIẾU XIN LỖI", "08 giờ 00, ngày 02/12/2026", "Chờ xác minh của công an phường"],
    }
    for number, ((code, form), words) in enumerate(expected.items(), start=1):
        page.goto(console.page_url(f"dossiers/{code}"))
        link = page.locator(f"#papers li[data-form={form}] a:text('PDF')")
        answer = page.request.get(f"{console.url}{link.get_attribute('href')}")
        assert answer.ok and answer.headers["content-type"] == "application/pdf"
        read = read_pdf(answer.body(), tmp_path, form)
        assert (read.pages, read.sizes) == (1, {A5}), (form, read.pages, read.sizes)
        text = _plain(read.text)
        for word in [*words, code]:
            assert word in text, (form, word, text)
        assert "\ufffd" not in text and "□" not in text
        shutil.copy(read.pngs[0], f"{SCREENS}/console-form-0{number}-{form}.png")


def test_a_form_the_dossier_has_nothing_for_is_refused_in_words(console, page):
    code = _dossier(console.context)
    sign_in(page, console, "nv02", OWN)
    answer = page.request.get(f"{console.url}/api/v1/centres/{CENTRE}/dossiers/{code}/forms/refusal/pdf")
    assert answer.status == 409 and answer.json()["error"]["code"] == "form_not_applicable"


def test_starting_the_service_does_not_load_weasyprint(tmp_path):
    script = (f"import sys; from queue_service.api.app import create_app; from queue_service.context import ServiceContext; "
              f"from queue_service.settings import Settings; "
              f"create_app(ServiceContext.from_settings(Settings(database_url='sqlite:///{tmp_path / 'x.db'}', "
              f"centre_files=['examples/centre-demo.yaml']))); print('weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
