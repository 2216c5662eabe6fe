"""The HTTP API: a clerk's and a kiosk's day, and every refusal as a JSON body with code, Vietnamese and English."""

from __future__ import annotations

import pytest

from queue_service.auth.roles import Role

BASE = "/api/v1/centres/hcc-demo"


@pytest.fixture
def kiosk(api):
    return api.token(Role.device, centre="hcc-demo")


@pytest.fixture
def clerk4(api):
    return api.token(Role.clerk, centre="hcc-demo", counter=4, staff_id="nv03")


def assert_error(reply, status: int, code: str):
    assert reply.status_code == status, reply.text
    error = reply.json()["error"]
    assert error["code"] == code
    assert error["message_vi"] and error["message_en"] and error["message_vi"] != error["message_en"]
    return error


def test_kiosk_issues_clerk_calls_citizen_follows(api, kiosk, clerk4):
    ticket = api.client.post(f"{BASE}/tickets", json={"field": "LLTP"}, headers=kiosk)
    assert ticket.status_code == 201
    body = ticket.json()
    assert body["number"] == "3001" and body["ahead"] == 0 and body["url"].endswith(f"/t/{body['public_id']}")
    assert api.client.post(f"{BASE}/counters/4/open", headers=clerk4).json()["status"] == "open"
    call = api.client.post(f"{BASE}/counters/4/next", headers=clerk4).json()
    assert call["ticket"]["number"] == "3001" and call["state"]["current"]["number"] == "3001"
    assert call["reason"]["rule"] == "normal"
    public = api.client.get(f"/api/v1/tickets/public/{body['public_id']}").json()
    assert public["state"] == "called" and public["counter"] == 4
    board = api.client.get(f"{BASE}/board").json()
    assert next(c for c in board["counters"] if c["number"] == 4)["current"]["number"] == "3001"
    page = api.client.get(f"/t/{body['public_id']}")
    assert page.status_code == 200 and "Số thứ tự của Ông/Bà" in page.text


def test_board_has_no_personal_data_and_needs_no_sign_in(api, kiosk):
    api.client.post(f"{BASE}/tickets", json={"field": "HT"}, headers=kiosk)
    board = api.client.get(f"{BASE}/board")
    assert board.status_code == 200
    text = board.text
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        assert name not in text
    assert board.json()["fields"][0]["waiting"] == 1


def test_unknown_field_closed_counter_served_ticket_malformed_json(api, kiosk, clerk4):
    assert_error(api.client.post(f"{BASE}/tickets", json={"field": "XX"}, headers=kiosk), 404, "unknown_field")
    assert_error(api.client.post(f"{BASE}/counters/4/next", headers=clerk4), 409, "counter_closed")
    ticket = api.client.post(f"{BASE}/tickets", json={"field": "LLTP"}, headers=kiosk).json()
    api.client.post(f"{BASE}/counters/4/open", headers=clerk4)
    api.client.post(f"{BASE}/counters/4/next", headers=clerk4)
    api.client.post(f"{BASE}/counters/4/finish", headers=clerk4)
    assert_error(api.client.post(f"{BASE}/counters/4/call", json={"ticket_id": ticket["id"]}, headers=clerk4), 409, "ticket_not_waiting")
    assert_error(api.client.post(f"{BASE}/counters/4/finish", headers=clerk4), 409, "no_current_ticket")
    bad = api.client.post(f"{BASE}/tickets", content=b'{"field": "HT"', headers={**kiosk, "Content-Type": "application/json"})
    assert_error(bad, 422, "invalid_request")
    extra = api.client.post(f"{BASE}/tickets", json={"field": "HT", "name": "Nguyễn Văn A"}, headers=kiosk)
    assert_error(extra, 422, "invalid_request")


def test_roles_and_counters(api, kiosk, clerk4):
    assert_error(api.client.post(f"{BASE}/tickets", json={"field": "HT"}), 401, "unauthenticated")
    assert_error(api.client.post(f"{BASE}/tickets", json={"field": "HT"}, headers={"Authorization": "Bearer mct_x_y"}), 401, "unauthenticated")
    error = assert_error(api.client.post(f"{BASE}/counters/5/open", headers=clerk4), 403, "wrong_counter")
    assert "quầy 4" in error["message_vi"]
    assert_error(api.client.post(f"{BASE}/counters/4/open", headers=kiosk), 403, "forbidden")  # a kiosk is not a counter
    other_centre = api.token(Role.manager, centre="hcc-other")
    assert_error(api.client.post(f"{BASE}/counters/4/open", headers=other_centre), 403, "forbidden")
    manager = api.token(Role.manager, centre="hcc-demo")
    assert api.client.post(f"{BASE}/counters/5/open", headers=manager).status_code == 200
    assert_error(api.client.get(f"{BASE}/tickets/1", headers=kiosk), 403, "forbidden")


def test_unknown_routes_and_centres_are_json(api):
    assert_error(api.client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_error(api.client.get("/api/v1/centres/nowhere/board"), 404, "unknown_centre")


def test_openapi_and_health(api):
    spec = api.client.get("/openapi.json").json()
    assert f"{BASE.replace('hcc-demo', '{centre}')}/counters/{{counter}}/next" in spec["paths"]
    assert api.client.get("/healthz").json()["status"] == "ok"


def test_closed_centre_is_a_clear_409(api, kiosk):
    from tests.support.clock import local

    api.clock.set(local(2026, 11, 23, 18, 0))
    error = assert_error(api.client.post(f"{BASE}/tickets", json={"field": "HT"}, headers=kiosk), 409, "centre_closed")
    assert "07:00–16:30" in error["message_vi"]


def test_token_command_prints_a_working_token(tmp_path):
    import subprocess
    import sys

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    made = subprocess.run([sys.executable, "-m", "motcua", "token", "create", "--role", "clerk", "--centre", "hcc-demo", "--counter", "3", "--db", db], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    from queue_service.auth.tokens import verify_token
    from queue_service.store import Database

    principal = verify_token(Database(db).start(), token)
    assert principal.role is Role.clerk and principal.counter == 3
    refused = subprocess.run([sys.executable, "-m", "motcua", "token", "create", "--role", "clerk", "--db", db], capture_output=True, text=True)
    assert refused.returncode == 2 and "counter" in refused.stderr


def test_a_revoked_token_stops_working_within_the_cache_time(api, kiosk):
    from queue_service.auth.tokens import revoke_token

    seconds = [0.0]
    api.context.tokens.clock = lambda: seconds[0]
    assert api.client.post(f"{BASE}/tickets", json={"field": "HT"}, headers=kiosk).status_code == 201
    token_id = kiosk["Authorization"].split("_")[1]
    assert revoke_token(api.context.db, token_id)
    seconds[0] += api.context.tokens.ttl + 1
    assert_error(api.client.post(f"{BASE}/tickets", json={"field": "HT"}, headers=kiosk), 401, "unauthenticated")
