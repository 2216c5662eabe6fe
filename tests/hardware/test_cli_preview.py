"""`motcua hw preview-ticket` writes the PNG of what the printer would print."""

from __future__ import annotations

import zxingcpp
from PIL import Image

from motcua.cli import main


def test_preview_ticket_command_writes_a_png_with_the_ticket_qr(tmp_path, capsys):
    out = tmp_path / "ticket.png"
    code = main(["hw", "preview-ticket", "--number", "B107", "--url", "https://motcua.example.vn/t/B107",
                 "--profile", "xprinter-xp-58", "-o", str(out)])
    assert code == 0 and "xprinter-xp-58" in capsys.readouterr().out
    with Image.open(out) as image:
        assert image.width == 384 + 32  # printable dots plus the preview margin
        assert [c.text for c in zxingcpp.read_barcodes(image)] == ["https://motcua.example.vn/t/B107"]


def test_unknown_profile_is_a_clear_error(tmp_path, capsys):
    assert main(["hw", "preview-ticket", "--profile", "no-such-printer", "-o", str(tmp_path / "x.png")]) == 2
    assert "no such hardware profile 'no-such-printer'" in capsys.readouterr().err
