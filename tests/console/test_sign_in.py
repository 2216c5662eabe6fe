"""Staff sign-in in Debian's Chromium against a real uvicorn: first sign-in forces a change, wrong passwords are refused
and then locked out, the cookie's flags, CSRF refusals, sign-out, and a session that is no bearer token."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from queue_service.api.app import create_app
from queue_service.auth.tables import SignInAttempt, StaffSession
from tests.console.conftest import CENTRE, OWN, SCREENS, TEMPORARY, sign_in


def _attempts(console):
    with console.context.db.read() as session:
        return session.execute(select(SignInAttempt.staff_id, SignInAttempt.address, SignInAttempt.outcome)
                               .order_by(SignInAttempt.id)).all()


def test_first_sign_in_forces_a_password_change(console, page):
    page.goto(console.page_url("sign-in"))
    assert page.inner_text("h2") == "Đăng nhập" and "Tên đăng nhập (mã cán bộ)" in page.inner_text("form")
    page.screenshot(path=f"{SCREENS}/console-sign-in.png")
    sign_in(page, console, "nv01", TEMPORARY)
    assert page.url.endswith("/console/hcc-demo/password")
    assert "Lần đầu đăng nhập" in page.inner_text("main")
    page.goto(console.page_url("counter"))  # nothing else opens before the change
    assert page.url.endswith("/password")

    page.fill("#current_password", TEMPORARY)
    page.fill("#new_password", TEMPORARY)
    page.fill("#repeat_password", TEMPORARY)
    page.click("button.primary")
    assert page.inner_text(".error") == "Mật khẩu mới phải khác mật khẩu cũ"
    page.fill("#current_password", TEMPORARY)
    page.fill("#new_password", OWN)
    page.fill("#repeat_password", OWN + "x")
    page.click("button.primary")
    assert page.inner_text(".error") == "Hai lần nhập mật khẩu mới không khớp"
    page.screenshot(path=f"{SCREENS}/console-change-password.png")
    page.fill("#current_password", TEMPORARY)
    page.fill("#new_password", OWN)
    page.fill("#repeat_password", OWN)
    page.click("button.primary")
    assert page.url.endswith("/console/hcc-demo/counter")
    assert page.inner_text("h2") == "Chọn quầy làm việc"

    page.context.clear_cookies()
    sign_in(page, console, "nv01", TEMPORARY)
    assert "không đúng" in page.inner_text(".error")
    sign_in(page, console, "nv01", OWN)
    assert page.url.endswith("/console/hcc-demo/counter")


def test_wrong_password_is_refused_then_locked_for_minutes(console, page):
    for _ in range(5):
        sign_in(page, console, "nv02", "doan-sai-mat-khau")
        assert page.inner_text(".error") == "Tên đăng nhập hoặc mật khẩu không đúng"
        assert page.input_value("#staff_id") == "nv02" and page.input_value("#password") == ""
    sign_in(page, console, "nv02", OWN)  # even the right password waits out the lock
    assert page.inner_text(".error") == ("Đăng nhập sai quá nhiều lần. Tạm khóa đăng nhập, vui lòng thử lại sau 5 phút.")
    assert page.url.endswith("/sign-in")
    page.goto(console.page_url("sign-in?lang=en"))
    sign_in(page, console, "nv02", OWN)
    assert "Signing in is locked: please try again in 5 min." in page.inner_text(".error")

    console.clock.advance(minutes=5, seconds=1)
    sign_in(page, console, "nv02", OWN)
    assert page.url.endswith("/console/hcc-demo/counter")
    attempts = _attempts(console)
    assert [a.outcome for a in attempts] == ["failed"] * 5 + ["locked", "locked", "ok"]
    assert {a.staff_id for a in attempts} == {"nv02"} and {a.address for a in attempts} == {"127.0.0.1"}


@pytest.mark.slow  # twenty argon2 checks
def test_an_address_trying_many_staff_ids_is_locked_too(console, page):
    page.goto(console.page_url("sign-in"))
    token = page.input_value("input[name=csrf_token]")
    for n in range(20):
        refused = page.request.post(console.page_url("sign-in"), form={"csrf_token": token, "staff_id": f"x{n}",
                                                                       "password": "doan-sai-mat-khau"})
        assert refused.status == 401
    sign_in(page, console, "nv02", OWN)
    assert "Tạm khóa đăng nhập" in page.inner_text(".error")


def test_session_cookie_flags(console, page):
    sign_in(page, console, "nv02", OWN)
    cookie = next(c for c in page.context.cookies() if c["name"] == "motcua_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert cookie["secure"] is False  # served over plain http here; over https it is Secure (below)
    lifetime = cookie["expires"] - dt.datetime.now().timestamp()
    assert 9.9 * 3600 < lifetime <= 10 * 3600
    assert page.evaluate("document.cookie").find("motcua_session") == -1  # no script can read it

    with TestClient(create_app(console.context, migrate=False), base_url="https://centre.example") as client:
        form = client.get(f"/console/{CENTRE}/sign-in")
        assert form.headers["x-frame-options"] == "DENY" and form.headers["cache-control"] == "no-store"
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        signed = client.post(f"/console/{CENTRE}/sign-in", data={"csrf_token": token, "staff_id": "nv02",
                                                                 "password": OWN}, follow_redirects=False)
    header = signed.headers["set-cookie"]
    assert signed.status_code == 303 and "motcua_session=" in header
    assert all(flag in header for flag in ("HttpOnly", "Secure", "SameSite=strict", "Path=/", "Max-Age=36000"))


def test_forms_without_the_right_token_are_refused(console, page):
    refused = page.request.post(console.page_url("sign-in"), form={"staff_id": "nv02", "password": OWN})
    assert refused.status == 403 and "Biểu mẫu đã hết hạn hoặc không hợp lệ" in refused.text()
    sign_in(page, console, "nv02", OWN)
    picker = console.page_url("counter")
    for form in ({"counter": "3"}, {"counter": "3", "csrf_token": "not-the-token"}):
        refused = page.request.post(picker, form=form, max_redirects=0)
        assert refused.status == 403 and "Vui lòng tải lại trang rồi thử lại" in refused.text()
    with console.context.db.read() as session:
        assert session.scalars(select(StaffSession.counter)).all() == [None]  # nothing was chosen
    api = f"{console.url}/api/v1/centres/{CENTRE}/counters/3/open"
    for headers in ({}, {"X-CSRF-Token": "not-the-token"}):
        refused = page.request.post(api, headers=headers)
        assert refused.status == 403 and refused.json()["error"]["code"] == "csrf_refused"
    sign_out = page.request.post(console.page_url("sign-out"), form={}, max_redirects=0)
    assert sign_out.status == 403
    page.goto(picker)
    assert page.url.endswith("/counter")  # still signed in


def test_sign_out_ends_the_session_and_a_session_is_no_bearer_token(console, page):
    sign_in(page, console, "nv02", OWN)
    secret = next(c["value"] for c in page.context.cookies() if c["name"] == "motcua_session")
    board = f"{console.url}/api/v1/centres/{CENTRE}/counters/2/next"
    as_bearer = page.request.post(board, headers={"Authorization": f"Bearer {secret}"})
    assert as_bearer.status == 401 and as_bearer.json()["error"]["code"] == "unauthenticated"

    page.click("header button[type=submit]")  # Đăng xuất
    assert page.url.endswith("/console/hcc-demo/sign-in")
    assert "motcua_session" not in {c["name"] for c in page.context.cookies()}
    with console.context.db.read() as session:
        assert session.scalars(select(StaffSession)).all() == []
    page.context.add_cookies([{"name": "motcua_session", "value": secret, "url": console.url}])
    page.goto(console.page_url("counter"))
    assert page.url.endswith("/sign-in")
