"""Finding a dossier for staff: by its code or the code's tail, by phone however it is typed, by part of the name;
another centre's dossiers and LIKE wildcards never match."""

from __future__ import annotations

from queue_service.dossiers.intake import intake
from queue_service.dossiers.search import find_dossiers
from tests.dossiers.conftest import CLERK, request


def _applicant(name: str, id_number: str, phone: str | None) -> dict:
    return {"name": name, "id_number": id_number, "phone": phone}


def test_a_dossier_is_found_by_code_tail_phone_or_name(db, desk):
    hoa = [intake(desk, request(), CLERK).code for _ in range(2)]
    binh = intake(desk, request(applicant=_applicant("Trần Văn Bình", "079200000001", "0912000111")), CLERK).code
    percent = intake(desk, request(applicant=_applicant("Lê 100% Thị", "079200000002", None)), CLERK).code

    def found(query: str) -> list[str]:
        with db.read() as session:
            return [d.code for d in find_dossiers(session, "hcc-demo", query)]

    assert found(binh) == [binh] and found(binh.lower()) == [binh]
    assert found(binh.split("-", 1)[1]) == [binh]  # 261116-0003: the date and number, without the agency
    assert found("-" + binh.rsplit("-", 1)[1]) == [binh]
    assert found("0905 123 456") == found("0905.123.456") == found("0905123456") == hoa[::-1]
    assert found("Bình") == [binh] and found("Thị Hoa") == hoa[::-1] and found("hoa") == hoa[::-1]
    assert found("%") == [percent] and found("_") == [] and found("   ") == []
    with db.read() as session:
        assert find_dossiers(session, "another-centre", binh) == []
        assert len(find_dossiers(session, "hcc-demo", "Nguyễn", limit=1)) == 1
