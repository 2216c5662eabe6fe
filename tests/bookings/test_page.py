"""The booking page in Chromium at a phone's width: field → day → slot (places left) → the booking with its code and
a QR code that decodes to it, the phone masked → cancel frees the place. The JSON API beside it says the same."""

from __future__ import annotations

from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest
import zxingcpp

from queue_service.api.app import create_app
from queue_service.context import ServiceContext
from queue_service.settings import Settings
from queue_service.store import Database
from tests.queue.conftest import DEMO
from tests.support.clock import ManualClock, local
from tests.support.web import browser_page, serve

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
PHONE = "0912345678"


@pytest.fixture
def service(sqlite_url, demo_centre):
    clock = ManualClock(local(2026, 11, 23, 8, 0))  # Monday 08:00
    context = ServiceContext(settings=Settings(database_url=sqlite_url, centre_files=[DEMO]),
                             db=Database(sqlite_url), centres={demo_centre.centre.id: demo_centre}, clock=clock)
    with serve(create_app(context)) as base:
        yield base


def shot(page, name: str) -> bytes:
    SCREENS.mkdir(parents=True, exist_ok=True)
    return page.screenshot(path=str(SCREENS / f"booking-{name}.png"), full_page=True)


def nine_oclock(base: str) -> int:
    slots = httpx.get(f"{base}/api/v1/centres/hcc-demo/bookings/fields/HT/days/2026-11-23/slots").json()
    return next(s["remaining"] for s in slots if s["start"].startswith("2026-11-23T09:00"))


def test_book_see_the_qr_and_cancel_in_chromium(service):
    with browser_page(390, 844) as page:
        page.goto(f"{service}/dat-lich/hcc-demo")
        assert "Đặt lịch hẹn trực tuyến" in page.inner_text("h1")
        shot(page, "1-fields")
        page.click("text=Tư pháp – Hộ tịch")
        assert "Chọn ngày" in page.inner_text("h2")
        shot(page, "2-days")
        page.click("text=Thứ Hai, 23/11/2026")
        page.fill("#dien_thoai", PHONE)
        shot(page, "3-slots")
        assert nine_oclock(service) == 4
        page.click("button[value^='2026-11-23T09:00']")
        assert "đã đặt lịch hẹn thành công" in page.inner_text("main")
        code = page.inner_text("#code").strip()
        text = page.inner_text("main")
        assert "091****678" in text and PHONE not in page.content()
        picture = cv2.imdecode(np.frombuffer(shot(page, "4-booked"), np.uint8), cv2.IMREAD_GRAYSCALE)
        assert [r.text for r in zxingcpp.read_barcodes(picture)] == [code]
        assert nine_oclock(service) == 3
        assert httpx.get(f"{service}/api/v1/bookings/{code}").json()["state"] == "booked"

        page.click("#cancel")
        assert page.inner_text("#state") == "Đã hủy"
        shot(page, "5-cancelled")
        assert nine_oclock(service) == 4
        assert httpx.get(f"{service}/api/v1/bookings/{code}").json()["state"] == "cancelled"

        page.goto(f"{service}/dat-lich/hcc-demo?linh_vuc=HT&lang=en")
        assert "Choose a day" in page.inner_text("h2") and "Monday, 23/11/2026" in page.inner_text("main")
        shot(page, "6-days-english")


def test_the_api_books_and_cancels_and_the_page_refuses_a_full_slot(service):
    api = f"{service}/api/v1"
    made = [httpx.post(f"{api}/centres/hcc-demo/bookings", json={"field": "DD", "slot_start": "2026-11-25T08:00:00"})
            for _ in range(4)]
    assert [r.status_code for r in made] == [201, 201, 201, 409]
    assert made[3].json()["error"]["code"] == "slot_full"
    first = made[0].json()
    assert first["slot_start"] == "2026-11-25T08:00:00+07:00" and first["phone"] is None
    wrong = httpx.post(f"{api}/bookings/{first['code']}/cancel", json={"token": "guess"})
    assert wrong.status_code == 403
    done = httpx.post(f"{api}/bookings/{first['code'].lower()}/cancel", json={"token": first["cancel_token"]})
    assert done.status_code == 200 and done.json()["state"] == "cancelled"
    with browser_page(390, 844) as page:
        httpx.post(f"{api}/centres/hcc-demo/bookings", json={"field": "DD", "slot_start": "2026-11-25T08:00:00"})
        page.goto(f"{service}/dat-lich/hcc-demo?linh_vuc=DD&ngay=2026-11-25")
        assert page.is_disabled("button[value^='2026-11-25T08:00']")
        assert "hết chỗ" in page.inner_text("button[value^='2026-11-25T08:00']")


def test_one_phone_cannot_hoard_slots_and_the_page_says_why_in_both_languages(service):
    api = f"{service}/api/v1/centres/hcc-demo/bookings"
    for start in ("2026-11-25T09:00:00", "2026-11-25T09:30:00"):
        made = httpx.post(api, json={"field": "HT", "slot_start": start, "phone": PHONE})
        assert made.status_code == 201, made.text
    third = httpx.post(api, json={"field": "HT", "slot_start": "2026-11-25T10:00:00", "phone": PHONE})
    assert third.status_code == 409 and third.json()["error"]["code"] == "booking_person_limit"
    with browser_page(390, 844) as page:
        page.goto(f"{service}/dat-lich/hcc-demo?linh_vuc=HT&ngay=2026-11-25")
        page.fill("#dien_thoai", PHONE)
        page.click("button[value^='2026-11-25T10:00']")
        text = page.inner_text("main")
        assert "Mỗi số điện thoại chỉ được đặt tối đa 2 lịch hẹn" in text and "25/11/2026" in text
        shot(page, "7-person-limit")
        page.goto(f"{service}/dat-lich/hcc-demo?linh_vuc=HT&ngay=2026-11-25&lang=en")
        page.fill("#dien_thoai", PHONE)
        page.click("button[value^='2026-11-25T10:00']")
        assert "One phone number may hold at most 2 bookings" in page.inner_text("main")
    assert remaining_at(service, "2026-11-25T10:00") == 4  # the refused booking took no place


def remaining_at(base: str, start: str) -> int:
    slots = httpx.get(f"{base}/api/v1/centres/hcc-demo/bookings/fields/HT/days/{start[:10]}/slots").json()
    return next(s["remaining"] for s in slots if s["start"].startswith(start))
