"""The service's logs keep personal data out (Decree 13/2023/NĐ-CP): phone numbers, ID numbers and names are masked
in the message, its arguments, the exception and extra fields, as text and as JSON lines; `motcua service
--log-format json` writes every line, uvicorn's included, as JSON."""

from __future__ import annotations

import io
import json
import logging

import httpx

from queue_service.logs import JsonFormatter, MaskingFormatter, mask
from tests.queue.conftest import DEMO
from tests.support.processes import Process, wait_healthy
from tests.support.web import free_port

PHONE, CCCD, CMND, NAME = "0912 345 678", "001203004567", "123456789", "Nguyễn Thị Minh Khai"


def _logged(formatter: logging.Formatter, *args, **extra) -> str:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    log = logging.getLogger("test.logs")
    log.addHandler(handler)
    log.propagate = False
    try:
        try:
            raise ValueError(f"bad phone {PHONE}")
        except ValueError:
            log.exception(*args, extra=extra)
    finally:
        log.removeHandler(handler)
    return out.getvalue()


def test_a_record_with_a_phone_an_id_and_a_name_is_masked_as_json():
    line = _logged(JsonFormatter(), "dossier for %s, phone %s, CCCD %s, CMND %s", NAME, PHONE, CCCD, CMND,
                   applicant=NAME, phone="+84912345678", id_number=int(CCCD), counter=5)
    record = json.loads(line)
    assert record["message"] == "dossier for <name>, phone <phone>, CCCD <id>, CMND <id>"
    assert record["level"] == "ERROR" and record["logger"] == "test.logs" and record["ts"].endswith("+00:00")
    assert record["applicant"] == "<name>" and record["phone"] == "<phone>" and record["id_number"] == "<id>"
    assert record["counter"] == 5  # numbers that are no ID stay numbers
    assert "bad phone <phone>" in record["exception"]
    for personal in ("912", "345 678", "001203004567", "123456789", "Nguyễn", "Khai"):
        assert personal not in line


def test_plain_text_is_masked_too_and_ordinary_words_stay():
    line = _logged(MaskingFormatter(), "ticket 1023 at counter 5 for %s (%s)", NAME, "0987.654.321")
    assert "ticket 1023 at counter 5 for <name> (<phone>)" in line and "bad phone <phone>" in line
    assert mask("Văn bản số 12/2026 của Lê") == "Văn bản số 12/2026 của Lê"  # no capitalised given name: no name
    assert mask("hồ sơ 000.00.12.H32-261202-0001 lúc 08:12 02/12/2026") == "hồ sơ 000.00.12.H32-261202-0001 lúc 08:12 02/12/2026"
    assert mask("Trần Văn An nộp hồ sơ") == "<name> nộp hồ sơ"


def test_the_service_writes_json_lines_without_personal_data(tmp_path):
    port = free_port()
    service = Process("service", ["service", "--db", f"sqlite:///{tmp_path / 'motcua.db'}", "--config", str(DEMO),
                                  "--port", str(port), "--log-format", "json"], tmp_path).start()
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, service)
        assert httpx.get(f"{base}/api/v1/tickets/public/{CCCD}?phone=0912345678").status_code == 404
        assert service.wait_for_log("/api/v1/tickets/public/")
    finally:
        service.stop()
    lines = [json.loads(line) for line in service.text().splitlines() if line.strip()]
    access = [line for line in lines if "/api/v1/tickets/public/" in line["message"]]
    assert access and access[0]["logger"] == "uvicorn.access"
    assert "/api/v1/tickets/public/<id>?phone=<phone>" in access[0]["message"]
    assert any(line["logger"] == "uvicorn.error" for line in lines)
    assert "\\u001b" not in service.text() and all("color_message" not in line for line in lines)  # no colours
    assert CCCD not in service.text() and "0912345678" not in service.text()
