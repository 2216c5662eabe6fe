"""Fixtures of the dossier tests: the demo centre, its catalogue in a migrated store, a settable clock, principals."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from queue_service.auth.roles import Principal, Role
from queue_service.config import load_centre
from queue_service.dossiers.catalogue import import_catalogue, load_catalogue
from queue_service.dossiers.desk import Desk
from queue_service.dossiers.intake import IntakeRequest

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, local: str) -> None:
        self.now = dt.datetime.fromisoformat(local).replace(tzinfo=VN)


@pytest.fixture
def centre():
    return load_centre("examples/centre-demo.yaml")


@pytest.fixture
def clock():
    return Clock(dt.datetime(2026, 11, 16, 9, 0, tzinfo=VN))


@pytest.fixture
def desk(db, centre, clock):
    with db.write() as session:
        import_catalogue(session, centre, load_catalogue("examples/procedures.yaml"))
    return Desk(db, centre, "https://hcc.example.vn", clock)


CLERK = Principal(token_id="t1", role=Role.clerk, centre="hcc-demo", counter=1, staff_id="nv01")
MANAGER = Principal(token_id="t2", role=Role.manager, centre="hcc-demo", staff_id="gd01")
DEVICE = Principal(token_id="t3", role=Role.device, centre="hcc-demo")


def request(procedure: str = "1.004194", **extra) -> IntakeRequest:
    data = {
        "procedure": procedure,
        "applicant": {"name": "Nguyễn Thị Hoa", "id_number": "079301234567", "phone": "0905123456",
                      "address": "12 Lê Lợi, phường Nha Trang", "sms_consent": True},
        "documents": [{"name": "Tờ khai CT01", "originals": 1}],
    }
    data.update(extra)
    return IntakeRequest.model_validate(data)
