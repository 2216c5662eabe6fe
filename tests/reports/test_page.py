"""The report page in Chromium, as a manager signed in to the console sees it: the week of the scripted day, its
figures equal to the API's, charts labelled, Vietnamese first, English on the toggle, and the A4 print view.
Screenshots in docs/screens/."""

from __future__ import annotations

import re

import pytest

from queue_service.auth.passwords import set_password
from tests.support.web import browser_page, serve, sign_in

SCREENS = "docs/screens"
PASSWORD = "mat-khau-quan-ly"
URL = "/reports/hcc-demo?kind=week&day=2026-11-23"
# The figures are checked on both stores (test_figures.py, test_api.py); the page only renders them: SQLite suffices.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def site(app_over, clock):
    with serve(app_over) as url:
        for staff in ("gd01", "nv01"):
            set_password(app_over.state.context.db, "hcc-demo", staff, PASSWORD, clock(), must_change=False)
        yield url


@pytest.fixture
def page():
    with browser_page(1366, 900) as opened:  # a government PC's screen width
        yield opened


def _sign_in(page, url: str, staff: str) -> None:
    sign_in(page, url, "hcc-demo", staff, PASSWORD)


def test_a_manager_reads_the_week(site, page):
    page.goto(f"{site}{URL}")
    assert "/console/hcc-demo/sign-in" in page.url  # not signed in: sent to sign in
    _sign_in(page, site, "gd01")
    page.goto(f"{site}{URL}")
    assert page.locator("h1").inner_text() == "Báo cáo hoạt động"
    assert "Từ 23/11/2026 đến 29/11/2026 · 4 ngày làm việc" in page.locator(".period").inner_text()
    cards = {card.get_attribute("data-key"): card.locator(".value").inner_text() for card in page.locator(".cards .card").all()}
    # 675 s = 11,3 phút; p90 1,200 s = 20 phút; satisfied 2 / 3 = 66,7 %; in time 2 / 3 = 66,7 %.
    assert cards == {"issued": "5", "served": "3", "no_shows": "1", "wait_mean": "11,3", "wait_p90": "20",
                     "satisfied": "66,7", "in_time_rate": "66,7"}
    svgs = page.locator("svg.chart")
    assert svgs.count() == 3
    waits, ratings, on_time = (svgs.nth(i).text_content() for i in range(3))
    # HT: waits 300 and 1,200 → mean 12,5 min, p90 (rank 2 of 2) 20 min.
    assert "Thời gian chờ theo lĩnh vực (phút)" in waits and "Tư pháp – Hộ tịch" in waits and "12,5 phút" in waits
    assert "Rất hài lòng" in ratings and "1 (33,3%)" in ratings and "0 (0%)" in ratings
    assert "Chứng thực" in on_time and "50% đúng hạn (2 hồ sơ)" in on_time and "100% đúng hạn (1 hồ sơ)" in on_time
    cell = page.locator('table[data-section="by_clerk"] tr[data-key="nv03"] td[data-column="service_mean"]')
    assert cell.inner_text() == "20"  # T3: 1,200 s
    assert page.locator('table[data-section="by_field"] tr[data-key="CCCD"] td[data-column="issued"]').inner_text() == "—"
    page.screenshot(path=f"{SCREENS}/reports-week.png", full_page=True)

    # What the A4 printout shows: no picker, no buttons, at the width of A4 landscape less its margins (277 mm at
    # 96 px to the inch); and Chromium's own print to PDF, A4 landscape as the stylesheet asks.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1047, "height": 740})
    assert not page.locator("form.bar").is_visible()
    page.screenshot(path=f"{SCREENS}/reports-week-print.png", full_page=True)
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = {tuple(round(float(v)) for v in box.split()) for box in re.findall(rb"/MediaBox \[([^\]]*)\]", pdf)}
    assert pdf.startswith(b"%PDF") and boxes == {(0, 0, 842, 595)}  # A4 landscape in points, every page
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1366, "height": 900})

    page.click("text=English")
    assert page.locator("h1").inner_text() == "Activity report"
    assert "Waits per field (minutes)" in page.locator("svg.chart").first.text_content()
    assert page.locator('.cards .card[data-key="wait_mean"] .value').inner_text() == "11.3"
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename == "bao-cao-hcc-demo-week-2026-11-23.xlsx"


def test_a_clerk_is_refused(site, page):
    _sign_in(page, site, "nv01")
    answer = page.goto(f"{site}{URL}")
    assert answer.status == 403
    assert "Bạn không có quyền thực hiện thao tác này" in page.content()


def test_the_report_exports_as_an_a4_landscape_pdf_made_on_the_server(site, page, tmp_path):
    """Xuất PDF beside Excel and CSV: the page as it prints (no picker, no buttons), from WeasyPrint with the shipped
    fonts, read back with poppler; its pages saved in docs/screens/."""
    import shutil
    from pathlib import Path

    from tests.support.pdf import A4_LANDSCAPE, read_pdf

    _sign_in(page, site, "gd01")
    page.goto(f"{site}{URL}")
    assert page.locator("#export-pdf").inner_text() == "Xuất PDF"
    with page.expect_download() as download:
        page.click("#export-pdf")
    assert download.value.suggested_filename == "bao-cao-hcc-demo-week-2026-11-23.pdf"
    read = read_pdf(open(download.value.path(), "rb").read(), tmp_path, "report")
    assert read.pages >= 1 and read.sizes == {A4_LANDSCAPE}
    text = " ".join(read.text.split())
    for words in ("Báo cáo hoạt động", "Từ 23/11/2026 đến 29/11/2026", "Thời gian chờ theo lĩnh vực (phút)",
                  "Tư pháp – Hộ tịch", "Rất hài lòng", "Hồ sơ đã giải quyết theo lĩnh vực (Quyết định 766)"):
        assert words in text, words
    assert "Xuất Excel" not in text and "Xem báo cáo" not in text  # the print stylesheet's page, not the screen's
    for stale in Path(SCREENS).glob("report-pdf-*.png"):
        stale.unlink()
    for number, png in enumerate(read.pngs, start=1):
        shutil.copy(png, f"{SCREENS}/report-pdf-{number}.png")
    english = page.request.get(f"{site}/api/v1/centres/hcc-demo/reports/week/pdf?day=2026-11-23&lang=en")
    assert english.ok and "Activity report" in " ".join(read_pdf(english.body(), tmp_path, "en").text.split())
