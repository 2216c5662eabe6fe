"""The audit page in Chromium as an administrator signed in to the console reads it: the scripted day's actions,
filtered from the page's own lists, paged; a clerk is refused and a visitor sent to sign in. Screenshot in
docs/screens/."""

from __future__ import annotations

import pytest

from queue_service.auth.passwords import set_password
from tests.support.web import browser_page, serve, sign_in

SCREENS = "docs/screens"
PASSWORD = "mat-khau-quan-tri"
URL = "/audit/hcc-demo?day=2026-11-23"
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the API test covers both stores


def _sign_in(page, url: str, staff: str) -> None:
    sign_in(page, url, "hcc-demo", staff, PASSWORD)


def test_an_administrator_reads_and_filters_the_day(app_over, clock):
    with serve(app_over) as url, browser_page(1366, 900) as page:
        for staff in ("admin", "nv01"):
            set_password(app_over.state.context.db, "hcc-demo", staff, PASSWORD, clock(), must_change=False)
        page.goto(f"{url}{URL}")
        assert "/console/hcc-demo/sign-in" in page.url  # not signed in: sent to sign in

        _sign_in(page, url, "nv01")
        answer = page.goto(f"{url}{URL}")
        assert answer.status == 403 and "Bạn không có quyền thực hiện thao tác này" in page.content()
        page.context.clear_cookies()

        _sign_in(page, url, "admin")
        page.goto(f"{url}{URL}&per_page=20")
        summary = page.inner_text("#summary")
        assert "Trang 1/2" in summary and "page 1 of 2" in summary
        assert page.locator("#log tbody tr").count() == 20  # a page
        body = page.inner_text("#log")
        assert "Tiếp nhận hồ sơ" in body and "Cấp số" in body and "kiosk-1" in body and "000.00.00.H00-261123-0001" in body
        page.screenshot(path=f"{SCREENS}/audit-log.png", full_page=False)

        page.select_option("select[name=device]", "kiosk-1")
        with page.expect_navigation():
            page.click("#filters button[type=submit]")
        kinds = set(page.eval_on_selector_all("#log tbody tr", "rows => rows.map(r => r.dataset.kind)"))
        devices = set(page.eval_on_selector_all("#log tbody tr", "rows => rows.map(r => r.dataset.device)"))
        assert kinds <= {"issued", "voided"} and devices == {"kiosk-1"}

        page.goto(f"{url}{URL}&kind=accept")
        actors = page.eval_on_selector_all("#log tbody tr", "rows => rows.map(r => r.dataset.actor)")
        assert actors == ["nv01"] * 3
        assert page.locator("select[name=kind] option:checked").inner_text() == "Tiếp nhận hồ sơ / Accept"
        page.screenshot(path=f"{SCREENS}/audit-filtered.png", full_page=False)

        page.goto(f"{url}{URL}&per_page=20")
        with page.expect_navigation():
            page.click("text=Trang sau / Next")
        assert "Trang 2/2" in page.inner_text("#summary") and "day=2026-11-23" in page.url
        assert page.locator("#log tbody tr").count() == 12
