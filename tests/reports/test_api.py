"""The JSON report and its exports over HTTP: managers and administrators only; the CSV and the XLSX, read back, hold
the very figures of the JSON (in the units their headers name)."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from queue_service.auth.roles import Role
from queue_service.auth.tokens import create_token

BASE = "/api/v1/centres/hcc-demo/reports"


@pytest.fixture
def client(app_over):
    with TestClient(app_over) as client:
        yield client


def _auth(client, role: Role, **kwargs) -> dict:
    return {"Authorization": f"Bearer {create_token(client.app.state.context.db, role, **kwargs)}"}


def test_managers_and_admins_only(client):
    assert client.get(f"{BASE}/day").status_code == 401
    clerk = client.get(f"{BASE}/day", headers=_auth(client, Role.clerk, centre="hcc-demo", counter=1, staff_id="nv01"))
    assert clerk.status_code == 403 and clerk.json()["error"]["code"] == "forbidden"
    other = client.get(f"{BASE}/day", headers=_auth(client, Role.manager, centre="another-centre"))
    assert other.status_code == 403
    assert client.get(f"{BASE}/year", headers=_auth(client, Role.admin)).status_code == 422


def test_days_from_1900_to_2099(client):
    """Year 1 or 9999 has no local midnight in UTC to count from: refused as the document says, not a server error."""
    admin = _auth(client, Role.admin)
    refused = client.get(f"{BASE}/week", params={"day": "0001-01-01"}, headers=admin)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_request"
    last = client.get(f"{BASE}/month", params={"day": "2099-12-31"}, headers=admin).json()
    assert (last["period"]["first"], last["period"]["last"], last["total"]["issued"]) == ("2099-12-01", "2099-12-31", None)


def test_the_day_by_default_is_today_in_the_centre(client):
    answer = client.get(f"{BASE}/day", headers=_auth(client, Role.manager, centre="hcc-demo")).json()
    # The clock is Monday 23/11 18:00 local (11:00 UTC).
    assert (answer["period"]["first"], answer["total"]["issued"], answer["total"]["wait_mean_s"]) == ("2026-11-23", 5, 675.0)
    assert [row["key"] for row in answer["by_counter"]] == ["1", "4"]


def test_exports_hold_the_figures_of_the_json(client):
    admin = _auth(client, Role.admin)
    answer = client.get(f"{BASE}/week", params={"day": "2026-11-25"}, headers=admin).json()
    got_csv = client.get(f"{BASE}/week/csv", params={"day": "2026-11-25"}, headers=admin)
    assert got_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert got_csv.headers["content-disposition"] == 'attachment; filename="bao-cao-hcc-demo-week-2026-11-23.csv"'
    assert got_csv.content.startswith("\ufeff".encode())  # Excel reads the UTF-8 only with its BOM
    lines = list(csv.reader(io.StringIO(got_csv.content.decode("utf-8-sig"))))
    header = lines[0]
    assert header[:4] == ["Nhóm", "Mã", "Tên", "Phiếu"] and "Chờ trung bình (phút)" in header and "Rất hài lòng" in header
    rows = {(line[0], line[1]): dict(zip(header, line)) for line in lines[1:]}
    centre = rows[("Toàn trung tâm", "hcc-demo")]
    # 675 s = 11.25 min → 11.3 (halves up); p90 1,200 s = 20 min; satisfied 0.6667 → 66.7 %; in time (1 + 1) / 3 → 66.7 %.
    assert (centre["Phiếu"], centre["Chờ trung bình (phút)"], centre["Chờ P90 (phút)"]) == ("5", "11.3", "20.0")
    assert (centre["Tỷ lệ hài lòng (%)"], centre["Tỷ lệ đúng hạn (%)"], centre["Không hài lòng"]) == ("66.7", "66.7", "1")
    assert rows[("Theo ngày", "2026-11-23")]["Tên"] == "Thứ Hai 23/11/2026"
    assert rows[("Theo cán bộ", "nv03")]["Phục vụ trung bình (phút)"] == "20.0"  # T3: 1,200 s
    assert rows[("Theo lĩnh vực", "CCCD")]["Phiếu"] == ""  # nothing to count: empty, not 0
    # Every row of every section is there, in the JSON's order.
    expected = [("Toàn trung tâm", "hcc-demo")] + [
        (section, row["key"]) for section, key in (("Theo lĩnh vực", "by_field"), ("Theo quầy", "by_counter"),
                                                   ("Theo cán bộ", "by_clerk"), ("Theo cơ quan", "by_agency"),
                                                   ("Theo ngày", "by_day")) for row in answer[key]]
    assert [(line[0], line[1]) for line in lines[1:]] == expected

    got_xlsx = client.get(f"{BASE}/week/xlsx", params={"day": "2026-11-25", "lang": "en"}, headers=admin)
    assert got_xlsx.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(got_xlsx.content))
    assert book.sheetnames == ["Report", "About"]
    sheet = list(book["Report"].values)
    en_header = sheet[0]
    assert en_header[:4] == ("Group", "Key", "Name", "Tickets")
    # The same table as the CSV, cell for cell: numbers stored as numbers, empty where the CSV is empty.
    for xlsx_line, csv_line in zip(sheet[1:], lines[1:], strict=True):
        assert xlsx_line[1] == csv_line[1]
        assert [v for v in xlsx_line[3:]] == [float(v) if v else None for v in csv_line[3:]]
    assert dict(book["About"].values)["Working days"] == 4
