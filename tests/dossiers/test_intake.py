"""Intake: dossier code format and daily sequence, uniqueness under concurrent intake, appointment, SMS outbox."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from sqlalchemy import func, select

from queue_service.dossiers.intake import intake
from queue_service.dossiers.status import Status
from queue_service.dossiers.tables import Dossier, DossierEvent
from queue_service.sms import outbox
from queue_service.sms.tables import SmsMessage
from wire.sms import SmsResult
from queue_service.errors import DomainError
from tests.dossiers.conftest import CLERK, VN, request


def test_code_format_and_daily_reset(desk, clock):
    first = intake(desk, request(), CLERK)
    second = intake(desk, request(), CLERK)
    assert first.code == "000.00.00.H00-261116-0001"
    assert second.code == "000.00.00.H00-261116-0002"
    clock.set("2026-11-17 08:00")
    assert intake(desk, request(), CLERK).code == "000.00.00.H00-261117-0001"


def test_accepted_dossier_gets_appointment_rules_and_log(desk):
    dossier = intake(desk, request("1.004194", ticket_id=42), CLERK)  # 3 working days
    assert dossier.status == Status.NEW
    assert dossier.ticket_id == 42
    assert dossier.due_at.astimezone(VN) == dt.datetime(2026, 11, 19, 9, 0, tzinfo=VN)
    assert dossier.rules_id == "nd118-2025"
    with desk.db.read() as session:
        actions = session.scalars(select(DossierEvent.action).where(DossierEvent.dossier_id == dossier.id).order_by(DossierEvent.id)).all()
        assert actions == ["submit", "accept"]
        sms = session.scalars(select(SmsMessage)).all()
    assert len(sms) == 1 and sms[0].kind == "receipt" and sms[0].phone == "0905123456"
    assert "Hẹn trả kết quả: 09:00 19/11/2026" in sms[0].body and dossier.code in sms[0].body


def test_rule_set_follows_the_receipt_date(desk, clock):
    clock.set("2025-06-30 09:00")
    assert intake(desk, request(), CLERK).rules_id == "nd61-2018"
    clock.set("2025-07-01 09:00")
    assert intake(desk, request(), CLERK).rules_id == "nd118-2025"


def test_same_day_after_15h_and_online_submission(desk, clock):
    clock.set("2026-11-16 15:20")
    assert intake(desk, request("2.000815"), CLERK).due_at.astimezone(VN) == dt.datetime(2026, 11, 17, 17, 0, tzinfo=VN)
    online = intake(desk, request(channel="online"), CLERK)
    assert online.status == Status.RECEIVING and online.due_at is None


def test_no_sms_without_consent_and_outbox_waits_for_a_modem(desk):
    intake(desk, request(applicant={"name": "Trần Văn B", "id_number": "079301111111", "phone": "0905000000"}), CLERK)
    intake(desk, request(), CLERK)
    with desk.db.read() as session:
        waiting = outbox.pending(session, "hcc-demo")
    assert len(waiting) == 1
    refused = SmsResult(id="x", state="failed", error="+CMS ERROR: 500")
    assert outbox.record(desk.db, desk.centre, waiting[0].id, refused, desk.now()) == "pending"
    with desk.db.read() as session:
        assert len(outbox.pending(session)) == 1  # still pending after a failure: nothing lost
    assert outbox.record(desk.db, desk.centre, waiting[0].id, SmsResult(id="x", state="sent"), desk.now()) == "sent"
    with desk.db.read() as session:
        assert outbox.pending(session) == []


def test_refusal_and_supplement_need_a_reason(desk):
    with pytest.raises(DomainError) as error:
        intake(desk, request(outcome="refuse"), CLERK)
    assert error.value.kind.code == "bad_intake"
    refused = intake(desk, request(outcome="refuse", reason="Không thuộc thẩm quyền"), CLERK)
    assert refused.status == Status.DENIED and refused.completion_status == Status.DENIED
    with pytest.raises(DomainError) as error:
        intake(desk, request("does-not-exist"), CLERK)
    assert error.value.kind.code == "unknown_procedure"


def test_codes_unique_under_concurrent_intake(desk):
    """Threads hitting intake at once, on SQLite and PostgreSQL (the `db` fixture): no code twice, no gap."""
    codes, errors = [], []

    def work():
        try:
            for _ in range(5):
                codes.append(intake(desk, request(), CLERK).code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(codes) == len(set(codes)) == 40
    numbers = sorted(int(re.match(r".*-261116-(\d{4})$", c).group(1)) for c in codes)
    assert numbers == list(range(1, 41))
    with desk.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Dossier)) == 40
