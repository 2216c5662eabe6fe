"""The audit API over the scripted day (SQLite and PostgreSQL), and over a live centre where a kiosk, a keypad and a
clerk act through their real channels (MQTT and HTTP): every action appears with who did it and from which device,
newest first; filters and pages work; only administrators may read it."""

from __future__ import annotations

import datetime as dt

from devicekit.mqtt.session import DeviceSession
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token
from queue_service.dossiers.tables import Dossier, DossierEvent
from queue_service.queue.tables import TicketEvent
from tests.support.clock import local

AUDIT = "/api/v1/centres/hcc-demo/audit"
DAY = "2026-11-23"


def _bearer(db, role: Role, **kwargs) -> dict:
    return {"Authorization": f"Bearer {create_token(db, role, centre='hcc-demo', **kwargs)}"}


def _logged(db) -> int:
    """The day's rows in both logs, counted apart from the audit's own query."""
    begin, end = local(2026, 11, 23, 0, 0), local(2026, 11, 24, 0, 0)
    with db.read() as session:
        queue = session.scalar(select(func.count()).select_from(TicketEvent).where(
            TicketEvent.centre_id == "hcc-demo", TicketEvent.at >= begin, TicketEvent.at < end))
        dossiers = session.scalar(select(func.count()).select_from(DossierEvent).join(Dossier).where(
            Dossier.centre_id == "hcc-demo", DossierEvent.at >= begin, DossierEvent.at < end))
    return queue + dossiers


def test_the_days_log_merges_the_queue_and_the_dossiers_filtered_and_paged(app_over, played):
    admin = _bearer(played, Role.admin)
    with TestClient(app_over) as client:
        first = client.get(AUDIT, params={"day": DAY, "per_page": 10}, headers=admin).json()
        total = _logged(played)
        assert first["total"] == total and first["pages"] == -(-total // 10) and len(first["entries"]) == 10
        last = client.get(AUDIT, params={"day": DAY, "per_page": 10, "page": first["pages"]}, headers=admin).json()
        assert len(last["entries"]) == total - 10 * (first["pages"] - 1)
        everything = client.get(AUDIT, params={"day": DAY, "per_page": 200}, headers=admin).json()["entries"]
        times = [dt.datetime.fromisoformat(e["at"]) for e in everything]
        assert times == sorted(times, reverse=True)  # newest first
        assert {e["source"] for e in everything} == {"queue", "dossier"}
        assert all("note" not in e for e in everything)  # a clerk's free text may name the citizen

        def only(**filters) -> list[dict]:
            return client.get(AUDIT, params={"day": DAY, "per_page": 200, **filters}, headers=admin).json()["entries"]

        accepted = only(kind="accept")
        assert accepted and all(e["source"] == "dossier" and e["dossier"] and e["to_status"] == 2 for e in accepted)
        assert accepted[0]["kind_vi"] == "Tiếp nhận hồ sơ" and accepted[0]["kind_en"] == "Accept"
        kiosk = only(device="kiosk-1")
        assert kiosk and {(e["kind"], e["actor"]) for e in kiosk} == {("issued", "kiosk"), ("voided", "kiosk")}
        at_four = only(counter=4)
        assert at_four and all(e["counter"] == 4 for e in at_four)
        assert len(only(counter=4)) + len(only(counter=1)) == len([e for e in everything if e["counter"]])
        by_nv03 = only(actor="nv03")
        assert by_nv03 and all(e["actor"] == "nv03" for e in by_nv03)
        assert only(actor="nv03", kind="accept") == []
        assert client.get(AUDIT, params={"day": "2026-11-22"}, headers=admin).json()["total"] < total

        assert client.get(AUDIT, params={"day": DAY}).status_code == 401
        for refused in (Role.manager, Role.device):
            assert client.get(AUDIT, headers=_bearer(played, refused)).status_code == 403
        clerk = _bearer(played, Role.clerk, counter=4, staff_id="nv03")
        answer = client.get(AUDIT, headers=clerk)
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"
        assert client.get(AUDIT, params={"day": "23/11/2026"}, headers=admin).status_code == 422


def test_a_kiosk_a_keypad_and_a_clerk_each_appear_with_who_and_from_where(centre):
    centre.provision("kiosk", "kiosk-1")
    centre.provision("counter", "counter-04", counter=4)
    clerk = centre.clerk(4, staff_id="nv03")
    with centre.service() as client:
        client.post("/api/v1/centres/hcc-demo/counters/4/open", headers=clerk).raise_for_status()
        kiosk = DeviceSession(centre.broker.session_config("kiosk-1", "kiosk"))
        keypad = DeviceSession(centre.broker.session_config("counter-04", "counter"))
        try:
            assert kiosk.start(5) and keypad.start(5)
            issued = kiosk.request("ticket.issue", {"field": "LLTP"}).ticket
            keypad.request("counter.action", {"action": "next", "counter": "04"})
        finally:
            kiosk.stop()
            keypad.stop()
        client.post("/api/v1/centres/hcc-demo/counters/4/finish", headers=clerk).raise_for_status()
        entries = client.get(AUDIT, headers=centre.token(Role.admin)).json()["entries"]
    rows = [(e["kind"], e["actor"], e["device"], e["counter"], e["ticket"]) for e in reversed(entries)]
    assert rows == [
        ("counter_opened", "nv03", None, 4, None),
        ("issued", "device:kiosk-1", "kiosk-1", None, issued.number),
        ("called", "device:counter-04", "counter-04", 4, issued.number),
        ("finished", "nv03", None, 4, issued.number),
    ]
