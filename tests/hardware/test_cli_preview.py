"""`motcua hw preview-ticket` and `motcua hw preview`: the PNG of what the printer would print, or a clear error."""

from __future__ import annotations

import json

import pytest
import zxingcpp
from PIL import Image

from motcua.cli import main

RECEIPT = {"title": "receipt H56-2411-0001", "blocks": [
    {"type": "text", "lines": ["GIẤY TIẾP NHẬN HỒ SƠ", "VÀ HẸN TRẢ KẾT QUẢ"], "size": 26, "bold": True},
    {"type": "rule"},
    {"type": "barcode", "data": "H56-2411-0001", "symbology": "CODE128"},
    {"type": "qr", "data": "https://motcua.example.vn/tra-cuu/H56-2411-0001", "module_dots": 5},
    {"type": "cut"}]}


def _codes(path) -> list[tuple[str, str]]:
    with Image.open(path) as image:
        return sorted((c.format.name, c.text) for c in zxingcpp.read_barcodes(image))


def test_preview_ticket_command_writes_a_png_with_the_ticket_qr(tmp_path, capsys):
    out = tmp_path / "ticket.png"
    code = main(["hw", "preview-ticket", "--number", "B107", "--url", "https://motcua.example.vn/t/B107",
                 "--profile", "xprinter-xp-58", "--time", "2026-03-25 08:15", "-o", str(out)])
    assert code == 0 and "xprinter-xp-58" in capsys.readouterr().out
    with Image.open(out) as image:
        assert image.width == 384 + 32  # printable dots plus the preview margin
    assert _codes(out) == [("QRCode", "https://motcua.example.vn/t/B107")]


@pytest.mark.parametrize("envelope", [False, True], ids=["document", "print.document command"])
def test_preview_of_any_document_shows_its_barcode_and_qr(tmp_path, capsys, envelope):
    source = tmp_path / "receipt.json"
    payload = {"id": "c1", "name": "print.document", "expires_at": "2026-03-25T01:15:00Z", "args": RECEIPT}
    source.write_text(json.dumps(payload if envelope else RECEIPT, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "receipt.png"
    assert main(["hw", "preview", str(source), "--profile", "generic-80mm", "-o", str(out)]) == 0
    assert "receipt H56-2411-0001" in capsys.readouterr().out
    assert _codes(out) == [("Code128", "H56-2411-0001"),
                           ("QRCode", "https://motcua.example.vn/tra-cuu/H56-2411-0001")]


def test_bad_documents_are_clear_errors_and_write_nothing(tmp_path, capsys):
    out = tmp_path / "x.png"
    missing = tmp_path / "missing.json"
    assert main(["hw", "preview", str(missing), "-o", str(out)]) == 2
    assert f"{missing}: cannot read" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "x", "blocks": [')
    assert main(["hw", "preview", str(broken), "-o", str(out)]) == 2
    assert f"{broken}: not JSON" in capsys.readouterr().err
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps({"title": "x", "blocks": [{"type": "text", "lines": ["a"], "size": 99}]}))
    assert main(["hw", "preview", str(invalid), "-o", str(out)]) == 2
    assert f"{invalid}: blocks.0.text.size: Input should be less than or equal to 64" in capsys.readouterr().err
    too_long = tmp_path / "long.json"
    too_long.write_text(json.dumps({"title": "long", "blocks": [{"type": "barcode", "data": "H56-2411-0001-ABCD"}]}))
    assert main(["hw", "preview", str(too_long), "--profile", "xprinter-xp-58", "-o", str(out)]) == 2
    assert "cannot print on xprinter-xp-58: long: block 1 (barcode)" in capsys.readouterr().err
    assert not out.exists()


def test_unknown_profile_is_a_clear_error(tmp_path, capsys):
    assert main(["hw", "preview-ticket", "--profile", "no-such-printer", "-o", str(tmp_path / "x.png")]) == 2
    assert "no such hardware profile 'no-such-printer'" in capsys.readouterr().err
    assert main(["hw", "preview-ticket", "--profile", "ascii-led-4d", "-o", str(tmp_path / "x.png")]) == 2
    assert "ascii-led-4d is a led_display profile, not a printer" in capsys.readouterr().err
